import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FaultInjector, FaultRequestSchema } from "../src/faults";
import { createLogger } from "../src/log";

function injector(lines: Record<string, unknown>[] = []) {
  return new FaultInjector(createLogger({ taskId: "t", service: "backend", version: "test" }, (line) => lines.push(JSON.parse(line) as Record<string, unknown>)));
}

describe("FaultRequestSchema", () => {
  it.each([
    [{}, "leaseSeconds is required"],
    [{ leaseSeconds: 0 }, "leaseSeconds must be from 1 to 3600"],
    [{ leaseSeconds: 3601 }, "leaseSeconds must be from 1 to 3600"],
    [{ leaseSeconds: 1.5 }, "leaseSeconds must be an integer"],
    [{ leaseSeconds: 10, latencyMs: 5001 }, "latencyMs must be from 0 to 5000"],
    [{ leaseSeconds: 10, jitterMs: -1 }, "jitterMs must be from 0 to 1000"],
    [{ leaseSeconds: 10, cpuStressPercent: 101 }, "cpuStressPercent must be from 0 to 100"],
    [{ leaseSeconds: 10, healthFail: "yes" }, "healthFail must be true or false"],
    [{ leaseSeconds: 10, latency: 200 }, 'Unrecognized key: "latency"'],
  ])("rejects %j", (body, message) => {
    const result = FaultRequestSchema.safeParse(body);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message).join("; ")).toContain(message);
  });

  it("accepts the limits", () => {
    expect(FaultRequestSchema.parse({ healthFail: true, cpuStressPercent: 100, latencyMs: 5000, jitterMs: 1000, leaseSeconds: 3600 })).toBeTruthy();
  });
});

describe("FaultInjector", () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date("2026-01-01T00:00:00Z") });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("replaces every flag on set and reverts them all at the lease", () => {
    const lines: Record<string, unknown>[] = [];
    const faults = injector(lines);
    faults.set({ healthFail: true, latencyMs: 300, leaseSeconds: 3600 });
    expect(faults.snapshot()).toEqual({ healthFail: true, cpuStressPercent: 0, latencyMs: 300, jitterMs: 0, expiresAt: "2026-01-01T01:00:00.000Z" });

    // A new set replaces, it does not merge: healthFail is off again.
    faults.set({ jitterMs: 50, leaseSeconds: 60 });
    expect(faults.current()).toEqual({ healthFail: false, cpuStressPercent: 0, latencyMs: 0, jitterMs: 50 });

    vi.advanceTimersByTime(59_999);
    expect(faults.current().jitterMs).toBe(50);
    vi.advanceTimersByTime(1);
    expect(faults.snapshot()).toEqual({ healthFail: false, cpuStressPercent: 0, latencyMs: 0, jitterMs: 0, expiresAt: null });
    expect(lines.map((line) => [line.msg, line.reason])).toEqual([
      ["fault flags changed", "set"],
      ["fault flags changed", "set"],
      ["fault flags changed", "lease expired"],
    ]);
  });

  it("reads an expired lease as no fault even when its timer has not run yet", () => {
    const faults = injector();
    faults.set({ healthFail: true, leaseSeconds: 5 });
    // The clock moves but timers are held back, as when the event loop is blocked.
    vi.setSystemTime(new Date("2026-01-01T00:00:06Z"));
    expect(faults.current().healthFail).toBe(false);
  });

  it("draws latency within latency ± jitter, never below zero", () => {
    const faults = injector();
    faults.set({ latencyMs: 100, jitterMs: 40, leaseSeconds: 60 });
    const draws = Array.from({ length: 500 }, () => faults.delayMs());
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(60);
    expect(Math.max(...draws)).toBeLessThanOrEqual(140);
    expect(new Set(draws).size).toBeGreaterThan(20);

    faults.set({ latencyMs: 10, jitterMs: 1000, leaseSeconds: 60 });
    expect(Math.min(...Array.from({ length: 200 }, () => faults.delayMs()))).toBe(0);
  });

  it("stays off after stop(), so a draining task cannot be stressed again", () => {
    const faults = injector();
    faults.set({ cpuStressPercent: 50, leaseSeconds: 60 });
    faults.stop();
    expect(faults.set({ cpuStressPercent: 50, leaseSeconds: 60 }).cpuStressPercent).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});
