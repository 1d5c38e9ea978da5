/**
 * The scheduler's pure policies: the deployment circuit breaker's threshold, the task
 * launch backoff, and target-tracking autoscaling on CPU. Each mirrors the ECS / Application
 * Auto Scaling rule it is named after, so a trainee's AWS intuition holds in the lab.
 */

/** ECS: failure threshold = 0.5 × desired count, at least `minimum` (3), at most 200. */
export function circuitBreakerThreshold(desiredCount: number, minimum = 3): number {
  return Math.min(200, Math.max(minimum, Math.ceil(desiredCount * 0.5)));
}

export function circuitBreakerTripped(failedTasks: number, desiredCount: number, minimum = 3): boolean {
  return failedTasks >= circuitBreakerThreshold(desiredCount, minimum);
}

/** Delay before the next launch after `consecutiveFailures` failed starts (ECS task launch throttling). */
export function launchBackoffMs(consecutiveFailures: number, baseMs: number, maxMs: number): number {
  if (consecutiveFailures <= 0) return 0;
  return Math.min(maxMs, baseMs * 2 ** Math.min(consecutiveFailures - 1, 30));
}

/** Rounds a share of a count up, at least one when the share is positive (FIS PERCENT selection). */
export function shareOf(total: number, percent: number): number {
  if (total <= 0 || percent <= 0) return 0;
  return Math.min(total, Math.max(1, Math.ceil((total * percent) / 100)));
}

/** Inputs of one target-tracking evaluation. */
export interface TargetTrackingInput {
  currentDesired: number;
  /** Average CPUUtilization over the policy's window; undefined without data. */
  averageCpu: number | undefined;
  targetCpu: number;
  minCount: number;
  maxCount: number;
  nowMs: number;
  lastScaleOutAtMs: number | null;
  lastScaleInAtMs: number | null;
  scaleOutCooldownMs: number;
  scaleInCooldownMs: number;
}

export interface ScalingDecision {
  desired: number;
  direction: "out" | "in" | null;
  reason: string;
}

/**
 * Target tracking: desired = ceil(current × metric / target), within [min, max]. Scale-out
 * waits for its cooldown; scale-in is conservative (metric below 90% of target, its own longer
 * cooldown counted from any scaling activity), as Application Auto Scaling does.
 */
export function targetTracking(input: TargetTrackingInput): ScalingDecision {
  const { currentDesired, averageCpu, targetCpu, minCount, maxCount, nowMs } = input;
  if (averageCpu === undefined || currentDesired <= 0) return { desired: currentDesired, direction: null, reason: "no CPU data" };
  const proposed = Math.min(maxCount, Math.max(minCount, Math.ceil((currentDesired * averageCpu) / targetCpu)));
  const metric = `CPUUtilization ${averageCpu.toFixed(1)}% vs target ${targetCpu}%`;
  if (proposed > currentDesired) {
    if (input.lastScaleOutAtMs !== null && nowMs - input.lastScaleOutAtMs < input.scaleOutCooldownMs) {
      return { desired: currentDesired, direction: null, reason: `scale-out cooldown (${metric})` };
    }
    return { desired: proposed, direction: "out", reason: metric };
  }
  if (proposed < currentDesired && averageCpu < targetCpu * 0.9) {
    const lastActivity = Math.max(input.lastScaleInAtMs ?? Number.NEGATIVE_INFINITY, input.lastScaleOutAtMs ?? Number.NEGATIVE_INFINITY);
    if (nowMs - lastActivity < input.scaleInCooldownMs) {
      return { desired: currentDesired, direction: null, reason: `scale-in cooldown (${metric})` };
    }
    return { desired: proposed, direction: "in", reason: metric };
  }
  if (currentDesired > maxCount) return { desired: maxCount, direction: "in", reason: `above the maximum of ${maxCount}` };
  return { desired: currentDesired, direction: null, reason: metric };
}
