/**
 * Fault flags set through `PUT /_fault` (the local lab's stand-in for FIS actions on a task).
 * Every set of flags carries a lease and reverts by itself when it ends, so a fault cannot
 * outlive its lease even if whoever set it has died.
 */
import { context, ROOT_CONTEXT } from "@opentelemetry/api";
import { z } from "zod";
import { burnCpuTime } from "./cpu";
import type { Logger } from "./log";

export const FaultRequestSchema = z
  .object({
    healthFail: z.boolean({ error: "healthFail must be true or false" }).optional(),
    cpuStressPercent: z
      .number({ error: "cpuStressPercent must be a number from 0 to 100" })
      .int("cpuStressPercent must be an integer from 0 to 100")
      .min(0, "cpuStressPercent must be from 0 to 100")
      .max(100, "cpuStressPercent must be from 0 to 100")
      .optional(),
    latencyMs: z
      .number({ error: "latencyMs must be a number from 0 to 5000" })
      .int("latencyMs must be an integer from 0 to 5000")
      .min(0, "latencyMs must be from 0 to 5000")
      .max(5000, "latencyMs must be from 0 to 5000")
      .optional(),
    jitterMs: z
      .number({ error: "jitterMs must be a number from 0 to 1000" })
      .int("jitterMs must be an integer from 0 to 1000")
      .min(0, "jitterMs must be from 0 to 1000")
      .max(1000, "jitterMs must be from 0 to 1000")
      .optional(),
    leaseSeconds: z
      .number({ error: "leaseSeconds is required: a number of seconds from 1 to 3600" })
      .int("leaseSeconds must be an integer from 1 to 3600")
      .min(1, "leaseSeconds must be from 1 to 3600")
      .max(3600, "leaseSeconds must be from 1 to 3600"),
  })
  .strict();

/** Body of `PUT /_fault`: the new flags (omitted ones are off) and their lease. */
export type FaultRequest = z.infer<typeof FaultRequestSchema>;

/** The fault flags in force. */
export interface FaultFlags {
  healthFail: boolean;
  cpuStressPercent: number;
  latencyMs: number;
  jitterMs: number;
}

/** Flags plus the instant they revert (`null` when no flag is set). */
export interface FaultSnapshot extends FaultFlags {
  expiresAt: string | null;
}

const NO_FAULTS: FaultFlags = { healthFail: false, cpuStressPercent: 0, latencyMs: 0, jitterMs: 0 };

// FIS's task-cpu-stress holds a share of CPU over time; a 100 ms window is short enough that
// every request feels it and long enough that the timer overhead stays negligible.
const STRESS_WINDOW_MS = 100;

/**
 * Timers started while handling `PUT /_fault` would otherwise run inside that request's
 * trace context, and their log lines would claim its trace id.
 */
function outsideRequest(callback: () => void): () => void {
  return context.bind(ROOT_CONTEXT, callback);
}

function isActive(flags: FaultFlags): boolean {
  return flags.healthFail || flags.cpuStressPercent > 0 || flags.latencyMs > 0 || flags.jitterMs > 0;
}

export class FaultInjector {
  private flags: FaultFlags = NO_FAULTS;
  private expiresAtMs: number | undefined;
  private leaseTimer: NodeJS.Timeout | undefined;
  private stressTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly log: Logger) {}

  /** Replaces every flag; the new set reverts by itself after `leaseSeconds`. */
  set(request: FaultRequest): FaultSnapshot {
    const flags: FaultFlags = {
      healthFail: request.healthFail ?? false,
      cpuStressPercent: request.cpuStressPercent ?? 0,
      latencyMs: request.latencyMs ?? 0,
      jitterMs: request.jitterMs ?? 0,
    };
    this.clearTimers();
    if (this.stopped || !isActive(flags)) {
      this.flags = NO_FAULTS;
      this.expiresAtMs = undefined;
    } else {
      this.flags = flags;
      this.expiresAtMs = Date.now() + request.leaseSeconds * 1000;
      this.leaseTimer = setTimeout(outsideRequest(() => this.clear("lease expired")), request.leaseSeconds * 1000);
      this.leaseTimer.unref();
      if (flags.cpuStressPercent > 0) this.scheduleStress(0);
    }
    const snapshot = this.snapshot();
    this.log.info("fault flags changed", { reason: "set", leaseSeconds: request.leaseSeconds, faults: snapshot });
    return snapshot;
  }

  /** Turns every flag off now. */
  clear(reason: string): FaultSnapshot {
    const wasActive = this.expiresAtMs !== undefined;
    this.clearTimers();
    this.flags = NO_FAULTS;
    this.expiresAtMs = undefined;
    const snapshot = this.snapshot();
    if (wasActive) this.log.info("fault flags changed", { reason, faults: snapshot });
    return snapshot;
  }

  /** The flags in force now; an expired lease reads as no fault even if its timer is late. */
  current(): FaultFlags {
    if (this.expiresAtMs !== undefined && Date.now() >= this.expiresAtMs) this.clear("lease expired");
    return this.flags;
  }

  snapshot(): FaultSnapshot {
    const flags = this.current();
    return { ...flags, expiresAt: this.expiresAtMs === undefined ? null : new Date(this.expiresAtMs).toISOString() };
  }

  /** How long to hold the next response or outbound call: latency ± jitter, never negative. */
  delayMs(): number {
    const { latencyMs, jitterMs } = this.current();
    if (latencyMs === 0 && jitterMs === 0) return 0;
    return Math.max(0, Math.round(latencyMs + (Math.random() * 2 - 1) * jitterMs));
  }

  /** Waits out the injected network latency (nothing when the flag is off). */
  async delay(): Promise<void> {
    const ms = this.delayMs();
    if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
  }

  /** Clears every flag for good: a task that is shutting down must stop burning CPU. */
  stop(): void {
    this.clear("shutdown");
    this.stopped = true;
  }

  private scheduleStress(delayMs: number): void {
    this.stressTimer = setTimeout(outsideRequest(() => this.stressWindow()), delayMs);
    // The stress loop alone must never keep a finished process alive.
    this.stressTimer.unref();
  }

  /** One window: busy for the stress share of it, then idle until the next window starts. */
  private stressWindow(): void {
    this.stressTimer = undefined;
    const percent = this.current().cpuStressPercent;
    if (percent <= 0) return;
    const windowStart = performance.now();
    burnCpuTime((STRESS_WINDOW_MS * percent) / 100, STRESS_WINDOW_MS);
    // At 100 % the wait is 0: the timer still yields one turn of the loop, so I/O (and a
    // DELETE /_fault) gets through between windows.
    this.scheduleStress(Math.max(0, windowStart + STRESS_WINDOW_MS - performance.now()));
  }

  private clearTimers(): void {
    if (this.leaseTimer) clearTimeout(this.leaseTimer);
    if (this.stressTimer) clearTimeout(this.stressTimer);
    this.leaseTimer = undefined;
    this.stressTimer = undefined;
  }
}
