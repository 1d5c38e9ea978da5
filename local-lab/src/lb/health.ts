/**
 * A target's health as an ALB judges it, pure: consecutive results against the healthy and
 * unhealthy thresholds, with ELBv2's reason codes and descriptions.
 */

/** A target's health-check state (draining is handled by the target group, not by checks). */
export interface HealthState {
  state: "initial" | "healthy" | "unhealthy";
  okStreak: number;
  failStreak: number;
  reason: string | null;
  description: string | null;
}

/** One health check's outcome. */
export type CheckResult =
  | { ok: true }
  | { ok: false; kind: "status"; status: number }
  | { ok: false; kind: "timeout" }
  | { ok: false; kind: "connection"; message: string };

export interface Thresholds {
  healthyThreshold: number;
  unhealthyThreshold: number;
}

export function initialHealth(): HealthState {
  return {
    state: "initial",
    okStreak: 0,
    failStreak: 0,
    reason: "Elb.RegistrationInProgress",
    description: "Target registration is in progress",
  };
}

function failure(result: Exclude<CheckResult, { ok: true }>): { reason: string; description: string } {
  switch (result.kind) {
    case "status":
      return { reason: "Target.ResponseCodeMismatch", description: `Health checks failed with these codes: [${result.status}]` };
    case "timeout":
      return { reason: "Target.Timeout", description: "Request timed out" };
    case "connection":
      return { reason: "Target.FailedHealthChecks", description: `Health checks failed (${result.message})` };
  }
}

export function nextHealth(current: HealthState, result: CheckResult, thresholds: Thresholds): HealthState {
  if (result.ok) {
    const okStreak = current.okStreak + 1;
    if (current.state !== "healthy" && okStreak >= thresholds.healthyThreshold) {
      return { state: "healthy", okStreak, failStreak: 0, reason: null, description: null };
    }
    const reason = current.state === "initial" ? "Elb.InitialHealthChecking" : current.reason;
    const description = current.state === "initial" ? "Initial health checks in progress" : current.description;
    return { ...current, okStreak, failStreak: 0, reason, description };
  }
  const failStreak = current.failStreak + 1;
  const { reason, description } = failure(result);
  if (current.state !== "unhealthy" && failStreak >= thresholds.unhealthyThreshold) {
    return { state: "unhealthy", okStreak: 0, failStreak, reason, description };
  }
  if (current.state === "unhealthy") return { ...current, okStreak: 0, failStreak, reason, description };
  const pending = current.state === "initial" ? { reason: "Elb.InitialHealthChecking", description: "Initial health checks in progress" } : { reason: current.reason, description: current.description };
  return { ...current, okStreak: 0, failStreak, ...pending };
}
