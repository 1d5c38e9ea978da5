/**
 * Where a request came from, for audit and rate limiting: the last X-Forwarded-For hop. The
 * console's server entry (scripts/console/server.mjs) sets the header to the socket's
 * address unless TRUST_PROXY says a proxy of ours is in front; that proxy (the console's
 * ALB) appends the address it saw, so the last hop is never one the client wrote.
 */
export function clientIp(headers: Headers): string | null {
  const forwarded = headers.get("x-forwarded-for");
  if (!forwarded) return headers.get("x-real-ip");
  const hops = forwarded
    .split(",")
    .map((hop) => hop.trim())
    .filter(Boolean);
  return hops.at(-1) ?? null;
}

export function userAgent(headers: Headers): string | null {
  const agent = headers.get("user-agent");
  return agent ? agent.slice(0, 300) : null;
}
