/**
 * A WAF-like web ACL in front of the public listener: a rate-based rule per client (AWS
 * counts per IP over a trailing window; here per fixed window) and path block rules, which
 * the waf-misblock scenario adds. Blocked requests get 403 from the load balancer.
 */

/** A rule that blocks every request whose path starts with `pathPrefix`. */
export interface BlockRule {
  name: string;
  pathPrefix: string;
}

export type WafVerdict = { action: "allow" } | { action: "block"; rule: string };

export const RATE_RULE = "RateLimitPerClient";

export class WebAcl {
  private readonly blockRules = new Map<string, BlockRule>();
  private readonly windows = new Map<string, { startMs: number; count: number }>();
  private readonly rateLimit: number;
  private readonly windowMs: number;

  constructor(rateLimit: number, windowMs: number) {
    this.rateLimit = rateLimit;
    this.windowMs = windowMs;
  }

  addBlockRule(rule: BlockRule): void {
    this.blockRules.set(rule.name, rule);
  }

  removeBlockRule(name: string): boolean {
    return this.blockRules.delete(name);
  }

  rules(): BlockRule[] {
    return [...this.blockRules.values()];
  }

  /** Judges one request; a client's requests count against its rate even when a block rule matches. */
  inspect(path: string, client: string, nowMs = Date.now()): WafVerdict {
    const windowStart = Math.floor(nowMs / this.windowMs) * this.windowMs;
    let window = this.windows.get(client);
    if (!window || window.startMs !== windowStart) {
      window = { startMs: windowStart, count: 0 };
      this.windows.set(client, window);
      if (this.windows.size > 10_000) this.prune(windowStart);
    }
    window.count += 1;
    for (const rule of this.blockRules.values()) {
      if (path.startsWith(rule.pathPrefix)) return { action: "block", rule: rule.name };
    }
    if (window.count > this.rateLimit) return { action: "block", rule: RATE_RULE };
    return { action: "allow" };
  }

  private prune(currentWindowStart: number): void {
    for (const [client, window] of this.windows) if (window.startMs !== currentWindowStart) this.windows.delete(client);
  }
}
