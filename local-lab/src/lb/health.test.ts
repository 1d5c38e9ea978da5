import { describe, expect, it } from "vitest";
import { initialHealth, nextHealth, type CheckResult, type HealthState } from "./health";
import { RATE_RULE, WebAcl } from "./waf";

const thresholds = { healthyThreshold: 2, unhealthyThreshold: 3 };
const ok: CheckResult = { ok: true };
const bad: CheckResult = { ok: false, kind: "status", status: 500 };

function run(start: HealthState, results: CheckResult[]): HealthState[] {
  const states: HealthState[] = [];
  let state = start;
  for (const result of results) {
    state = nextHealth(state, result, thresholds);
    states.push(state);
  }
  return states;
}

describe("target health", () => {
  it("becomes healthy after the healthy threshold of consecutive passes", () => {
    expect(run(initialHealth(), [ok, ok]).map((state) => state.state)).toEqual(["initial", "healthy"]);
  });

  it("becomes unhealthy after the unhealthy threshold of consecutive failures, with ELB's reason", () => {
    const healthy = run(initialHealth(), [ok, ok]).at(-1) ?? initialHealth();
    const states = run(healthy, [bad, ok, bad, bad, bad]);
    expect(states.map((state) => state.state)).toEqual(["healthy", "healthy", "healthy", "healthy", "unhealthy"]);
    expect(states.at(-1)).toMatchObject({ reason: "Target.ResponseCodeMismatch", description: "Health checks failed with these codes: [500]" });
  });

  it("recovers after the healthy threshold", () => {
    const unhealthy = run(initialHealth(), [bad, bad, bad]).at(-1) ?? initialHealth();
    expect(unhealthy.state).toBe("unhealthy");
    expect(run(unhealthy, [ok, ok]).map((state) => state.state)).toEqual(["unhealthy", "healthy"]);
  });

  it("names timeouts and connection failures", () => {
    const timedOut = run(initialHealth(), [{ ok: false, kind: "timeout" }, { ok: false, kind: "timeout" }, { ok: false, kind: "timeout" }]).at(-1);
    expect(timedOut).toMatchObject({ state: "unhealthy", reason: "Target.Timeout" });
  });
});

describe("web ACL", () => {
  it("blocks paths under a block rule and lets others through", () => {
    const acl = new WebAcl(100, 60_000);
    acl.addBlockRule({ name: "block-api", pathPrefix: "/api" });
    expect(acl.inspect("/api/backend", "10.0.0.1")).toEqual({ action: "block", rule: "block-api" });
    expect(acl.inspect("/db", "10.0.0.1")).toEqual({ action: "allow" });
    acl.removeBlockRule("block-api");
    expect(acl.inspect("/api/backend", "10.0.0.1")).toEqual({ action: "allow" });
  });

  it("rate-limits each client separately within its window", () => {
    const acl = new WebAcl(3, 10_000);
    const verdicts = [0, 1, 2, 3].map(() => acl.inspect("/", "a", 5_000).action);
    expect(verdicts).toEqual(["allow", "allow", "allow", "block"]);
    expect(acl.inspect("/", "a", 5_001)).toEqual({ action: "block", rule: RATE_RULE });
    expect(acl.inspect("/", "b", 5_001).action).toBe("allow");
    expect(acl.inspect("/", "a", 10_000).action).toBe("allow");
  });
});
