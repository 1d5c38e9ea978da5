import { env } from "@/lib/env";

/**
 * Where a request came from, for audit and rate limiting. `next start` appends the socket
 * address to X-Forwarded-For, so its last entry is trustworthy; earlier entries are only
 * believed behind a proxy we own (TRUST_PROXY=true, e.g. the console's ALB).
 */
export function clientIp(headers: Headers): string | null {
  const forwarded = headers.get("x-forwarded-for");
  if (!forwarded) return headers.get("x-real-ip");
  const hops = forwarded
    .split(",")
    .map((hop) => hop.trim())
    .filter(Boolean);
  const chosen = env().TRUST_PROXY ? hops[0] : hops[hops.length - 1];
  return chosen ?? null;
}

export function userAgent(headers: Headers): string | null {
  const agent = headers.get("user-agent");
  return agent ? agent.slice(0, 300) : null;
}
