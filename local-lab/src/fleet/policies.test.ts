import { describe, expect, it } from "vitest";
import { circuitBreakerThreshold, circuitBreakerTripped, launchBackoffMs, shareOf, targetTracking, type TargetTrackingInput } from "./policies";

describe("deployment circuit breaker", () => {
  it("uses half the desired count, at least 3 and at most 200", () => {
    expect(circuitBreakerThreshold(2)).toBe(3);
    expect(circuitBreakerThreshold(10)).toBe(5);
    expect(circuitBreakerThreshold(11)).toBe(6);
    expect(circuitBreakerThreshold(1000)).toBe(200);
    expect(circuitBreakerThreshold(2, 1)).toBe(1);
  });

  it("trips once failed tasks reach the threshold", () => {
    expect(circuitBreakerTripped(2, 2)).toBe(false);
    expect(circuitBreakerTripped(3, 2)).toBe(true);
  });
});

describe("launch backoff and shares", () => {
  it("doubles per consecutive failure up to the cap", () => {
    expect([0, 1, 2, 3, 10].map((failures) => launchBackoffMs(failures, 100, 1000))).toEqual([0, 100, 200, 400, 1000]);
  });

  it("rounds a percentage of tasks up, at least one", () => {
    expect(shareOf(2, 50)).toBe(1);
    expect(shareOf(3, 50)).toBe(2);
    expect(shareOf(2, 1)).toBe(1);
    expect(shareOf(2, 100)).toBe(2);
    expect(shareOf(2, 0)).toBe(0);
  });
});

describe("target tracking on CPU", () => {
  const base: TargetTrackingInput = {
    currentDesired: 2,
    averageCpu: 70,
    targetCpu: 70,
    minCount: 2,
    maxCount: 4,
    nowMs: 1_000_000,
    lastScaleOutAtMs: null,
    lastScaleInAtMs: null,
    scaleOutCooldownMs: 30_000,
    scaleInCooldownMs: 120_000,
  };

  it("scales out proportionally to the metric, capped at the maximum", () => {
    expect(targetTracking({ ...base, averageCpu: 100 })).toMatchObject({ desired: 3, direction: "out" });
    expect(targetTracking({ ...base, averageCpu: 300 })).toMatchObject({ desired: 4, direction: "out" });
  });

  it("waits for the scale-out cooldown", () => {
    expect(targetTracking({ ...base, averageCpu: 100, lastScaleOutAtMs: base.nowMs - 10_000 }).direction).toBeNull();
    expect(targetTracking({ ...base, averageCpu: 100, lastScaleOutAtMs: base.nowMs - 31_000 }).direction).toBe("out");
  });

  it("scales in only well below target, after the longer cooldown, never below the minimum", () => {
    const busy = { ...base, currentDesired: 4 };
    expect(targetTracking({ ...busy, averageCpu: 65 }).direction).toBeNull();
    expect(targetTracking({ ...busy, averageCpu: 10, lastScaleOutAtMs: base.nowMs - 60_000 }).direction).toBeNull();
    expect(targetTracking({ ...busy, averageCpu: 10 })).toMatchObject({ desired: 2, direction: "in" });
  });

  it("does nothing without data", () => {
    expect(targetTracking({ ...base, averageCpu: undefined }).direction).toBeNull();
  });
});
