/**
 * Cross-site request forgery defence for calls a browser makes with the session cookie: a
 * state-changing request must say it comes from the console's own origin. Browsers send
 * `Origin` on every POST/PUT/PATCH/DELETE (fetch and forms alike) and `Sec-Fetch-Site` with
 * it; `Referer` is the last resort for old ones. The cookie's SameSite=Lax already keeps it
 * off most cross-site POSTs; this check also covers same-site neighbours (another port or
 * subdomain of the same site) and browsers that ignore SameSite.
 */

export type OriginVerdict = { ok: true } | { ok: false; reason: string };

function originOfUrl(value: string): string | null {
  try {
    return new URL(value).origin;
  } catch {
    return null;
  }
}

/**
 * Whether a request's headers place it on `expectedOrigin` (e.g. `https://console.example`).
 * A request without any of the three headers did not come from a browser page (scripts and
 * curl set none), so no page elsewhere can have forged it: it passes.
 */
export function checkSameOrigin(headers: Headers, expectedOrigin: string): OriginVerdict {
  const origin = headers.get("origin");
  if (origin !== null) {
    // "null" is what sandboxed frames, data: URLs and cross-origin redirects send.
    return origin === expectedOrigin ? { ok: true } : { ok: false, reason: "its Origin header names another site" };
  }
  const fetchSite = headers.get("sec-fetch-site");
  if (fetchSite !== null) {
    // "none" is a navigation the person started themselves (address bar, bookmark).
    return fetchSite === "same-origin" || fetchSite === "none" ? { ok: true } : { ok: false, reason: `the browser marked it ${fetchSite.slice(0, 20)}` };
  }
  const referer = headers.get("referer");
  if (referer !== null) {
    return originOfUrl(referer) === expectedOrigin ? { ok: true } : { ok: false, reason: "its Referer header names another site" };
  }
  return { ok: true };
}

/** The message a refused cross-site call answers with: what happened and what to do instead. */
export function crossSiteRefusalMessage(reason: string, expectedOrigin: string): string {
  return `Cross-site request refused (${reason}): changes made with a browser session must come from the console's own pages at ${expectedOrigin}. Scripts should send 'Authorization: Bearer <api token>' instead of a session cookie.`;
}
