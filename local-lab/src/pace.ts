/**
 * The lab's pace: one named profile of timings per pace, switched at run time. Switching
 * writes the profile into the live tuning object in place, so nothing restarts and no fault
 * in progress is disturbed: a health check already scheduled runs on its old interval and
 * the next one uses the new; a task already provisioning keeps its pull time and the next
 * task start uses the new one; a drain already under way keeps its deadline.
 */
import type { LabPace, PaceView } from "../../contract/lab";
import type { PacedTimings, Tuning } from "./config";

/** The `fast` profile: the paced fields as the top level of the tuning holds them at start. */
function fastProfile(tuning: Tuning): PacedTimings {
  const { healthCheck, restartBackoff, autoscaling } = tuning;
  return {
    healthCheck: {
      intervalMs: healthCheck.intervalMs,
      timeoutMs: healthCheck.timeoutMs,
      healthyThreshold: healthCheck.healthyThreshold,
      unhealthyThreshold: healthCheck.unhealthyThreshold,
    },
    deregistrationDelayMs: tuning.deregistrationDelayMs,
    provisionMs: tuning.provisionMs,
    stopTimeoutMs: tuning.stopTimeoutMs,
    restartBackoff: { baseMs: restartBackoff.baseMs, maxMs: restartBackoff.maxMs },
    autoscaling: { scaleOutCooldownMs: autoscaling.scaleOutCooldownMs, scaleInCooldownMs: autoscaling.scaleInCooldownMs },
  };
}

export class LabPaceControl {
  private readonly tuning: Tuning;
  private readonly profiles: Record<LabPace, PacedTimings>;
  private active: LabPace = "fast";

  /** Starts at `fast`: the tuning's top level is the fast profile until `set` says otherwise. */
  constructor(tuning: Tuning) {
    this.tuning = tuning;
    this.profiles = { fast: fastProfile(tuning), realistic: structuredClone(tuning.realistic) };
  }

  get pace(): LabPace {
    return this.active;
  }

  /** Applies a profile from the next use of each timing on; returns whether the pace changed. */
  set(pace: LabPace): boolean {
    const profile = this.profiles[pace];
    // Nested objects are updated field by field: target groups hold a reference to `healthCheck`.
    Object.assign(this.tuning.healthCheck, profile.healthCheck);
    Object.assign(this.tuning.restartBackoff, profile.restartBackoff);
    Object.assign(this.tuning.autoscaling, profile.autoscaling);
    this.tuning.deregistrationDelayMs = profile.deregistrationDelayMs;
    this.tuning.provisionMs = profile.provisionMs;
    this.tuning.stopTimeoutMs = profile.stopTimeoutMs;
    const changed = pace !== this.active;
    this.active = pace;
    return changed;
  }

  view(): PaceView {
    const { healthCheck, autoscaling } = this.tuning;
    return {
      pace: this.active,
      timings: {
        healthCheckIntervalMs: healthCheck.intervalMs,
        healthyThreshold: healthCheck.healthyThreshold,
        unhealthyThreshold: healthCheck.unhealthyThreshold,
        deregistrationDelayMs: this.tuning.deregistrationDelayMs,
        taskStartMs: this.tuning.provisionMs,
        scaleOutCooldownMs: autoscaling.scaleOutCooldownMs,
        scaleInCooldownMs: autoscaling.scaleInCooldownMs,
      },
    };
  }
}
