/**
 * The security headers every answer of the console carries. Pages get a Content Security
 * Policy with a fresh script nonce per request (set by proxy.ts, which Next reads to stamp
 * its own scripts); API answers and static files get a policy that allows nothing, since
 * none of them is a document that should run or load anything.
 */

/** Sent on every response (next.config.ts `headers()`, fixed at build time). */
export function baseSecurityHeaders(): { key: string; value: string }[] {
  return [
    { key: "X-Content-Type-Options", value: "nosniff" },
    // Older browsers that ignore CSP frame-ancestors still honour this.
    { key: "X-Frame-Options", value: "DENY" },
    { key: "Referrer-Policy", value: "same-origin" },
    { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), hid=(), midi=(), display-capture=(), browsing-topics=()" },
    { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
    { key: "Cross-Origin-Resource-Policy", value: "same-origin" },
    { key: "Origin-Agent-Cluster", value: "?1" },
    { key: "X-DNS-Prefetch-Control", value: "off" },
    { key: "X-Permitted-Cross-Domain-Policies", value: "none" },
  ];
}

/**
 * HSTS, only when the console is served over HTTPS (decided at run time by proxy.ts: the
 * build does not know the public URL). Browsers ignore it over plain HTTP anyway.
 */
export const STRICT_TRANSPORT_SECURITY = "max-age=63072000; includeSubDomains";

/** For answers that are not pages (JSON, event streams, downloads, static files). */
export const NOTHING_ALLOWED_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** A nonce: 128 random bits, base64 (the character set CSP's nonce-source accepts). */
export function freshNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}

/** The policy of an HTML page rendered with `nonce`. */
export function pageCsp(nonce: string, options: { development: boolean; https: boolean }): string {
  const directives = [
    "default-src 'self'",
    // 'strict-dynamic' lets the nonce-stamped framework scripts load their chunks; React needs eval only in development.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.development ? " 'unsafe-eval'" : ""}`,
    // Styles keep 'unsafe-inline': React renders `style` attributes (chart sizes, bar widths, colours)
    // into the server HTML and recharts sets them on SVG, and attributes cannot carry a nonce.
    // Inline styles cannot run code; scripts, the real XSS risk, stay nonce-only.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    // The live view's EventSource and every fetch go to the console itself.
    "connect-src 'self'",
    "media-src 'none'",
    "object-src 'none'",
    "frame-src 'none'",
    "worker-src 'self' blob:",
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ];
  if (options.https) directives.push("upgrade-insecure-requests");
  return directives.join("; ");
}
