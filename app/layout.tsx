import type { Metadata } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: "Game-day console",
  description: "Run chaos-engineering game days: launch faults safely, watch the stack live, score the response.",
  icons: { icon: "/favicon.svg" },
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page renders per request, so Next can stamp the request's CSP nonce (proxy.ts) on
  // its scripts; a page prerendered at build time would carry none and be blocked.
  await connection();
  return (
    <html lang="en" className="dark">
      <body>{children}</body>
    </html>
  );
}
