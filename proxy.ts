import { NextResponse, type NextRequest } from "next/server";
import { checkSameOrigin, crossSiteRefusalMessage } from "@/lib/auth/same-origin";
import { env } from "@/lib/env";
import { freshNonce, NOTHING_ALLOWED_CSP, pageCsp, STRICT_TRANSPORT_SECURITY } from "@/lib/http/security-headers";

/**
 * Runs before every page and API call (static files carry their headers from next.config.ts):
 * - gives each page a Content Security Policy with a fresh script nonce; Next reads the
 *   policy from the request headers and stamps the nonce on its own scripts;
 * - refuses a cross-site POST to next-auth's endpoints (sign-in, sign-out), whose own CSRF
 *   token is the first line of defence. The console's API routes check the same thing in
 *   lib/api/route.ts, where the refusal is audited.
 */
export function proxy(request: NextRequest): NextResponse {
  const response = answer(request);
  if (env().NEXTAUTH_URL.startsWith("https://")) response.headers.set("strict-transport-security", STRICT_TRANSPORT_SECURITY);
  return response;
}

function answer(request: NextRequest): NextResponse {
  const { pathname } = request.nextUrl;
  const settings = env();
  if (pathname.startsWith("/api/")) {
    if (pathname.startsWith("/api/auth/") && request.method === "POST") {
      const expected = new URL(settings.NEXTAUTH_URL).origin;
      const verdict = checkSameOrigin(request.headers, expected);
      if (!verdict.ok) {
        const refused = NextResponse.json({ error: { code: "forbidden", message: crossSiteRefusalMessage(verdict.reason, expected) } }, { status: 403 });
        refused.headers.set("content-security-policy", NOTHING_ALLOWED_CSP);
        return refused;
      }
    }
    const response = NextResponse.next();
    response.headers.set("content-security-policy", NOTHING_ALLOWED_CSP);
    return response;
  }
  const csp = pageCsp(freshNonce(), { development: settings.NODE_ENV === "development", https: settings.NEXTAUTH_URL.startsWith("https://") });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", csp);
  return response;
}

export const config = {
  // Static files are excluded here and get their policy from next.config.ts.
  matcher: ["/((?!_next/static|_next/image|favicon.svg).*)"],
};
