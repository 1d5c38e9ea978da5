import { describe, expect, it } from "vitest";
import type { SteadyStateVerdict } from "@/lib/scenarios/steady-state";
import { RunRecoveryTracker, SteadyStateTracker } from "./steady-state-tracker";

const ok: SteadyStateVerdict = { steady: true, failing: [], results: [{ label: "probe", status: "pass", value: 100, detail: "" }] };
const bad: SteadyStateVerdict = { steady: false, failing: [{ label: "probe", status: "fail", value: 50, detail: "" }], results: [] };
const noData: SteadyStateVerdict = { steady: false, failing: [], results: [] };

describe("steady-state transitions", () => {
  it("reports lost only after failing long enough, and regained after passing long enough", () => {
    const tracker = new SteadyStateTracker({ lostAfterMs: 2000, stableMs: 5000 });
    expect(tracker.observe(ok, 0)).toBeNull();
    expect(tracker.observe(bad, 1000)).toBeNull();
    expect(tracker.observe(ok, 2000)).toBeNull(); // one bad sample: no flap
    expect(tracker.observe(bad, 3000)).toBeNull();
    expect(tracker.observe(bad, 5000)).toMatchObject({ kind: "lost", atMs: 3000 });
    expect(tracker.observe(bad, 6000)).toBeNull();
    expect(tracker.observe(ok, 7000)).toBeNull();
    expect(tracker.observe(noData, 9000)).toBeNull();
    expect(tracker.observe(ok, 12_000)).toMatchObject({ kind: "regained", atMs: 7000 });
    expect(tracker.current).toBe("steady");
  });
});

describe("run recovery", () => {
  it("needs an impact after injection before it can recover", () => {
    const tracker = new RunRecoveryTracker(10_000, 3000);
    expect(tracker.observe(bad, 5000)).toBeNull(); // before injection: ignored
    expect(tracker.observe(ok, 11_000)).toBeNull();
    expect(tracker.observe(ok, 20_000)).toBeNull(); // no impact yet: not "recovered"
    expect(tracker.impactObserved).toBe(false);
    expect(tracker.observe(bad, 21_000)).toBeNull();
    expect(tracker.observe(ok, 22_000)).toBeNull();
    expect(tracker.observe(ok, 25_000)).toBe(22_000);
    expect(tracker.observe(ok, 26_000)).toBeNull(); // reported once
  });
});
