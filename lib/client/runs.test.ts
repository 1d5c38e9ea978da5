import { describe, expect, it } from "vitest";
import type { RunView } from "@/lib/gameday/schemas";
import { describeParams, faultWindows, leaseProgress, leaseRemainingMs, phaseIndex } from "./runs";

const base = {
  id: "r1",
  label: "Task termination",
  status: "active" as RunView["status"],
  durationSeconds: 100,
  startedAt: "2026-11-24T10:00:00.000Z",
  leaseExpiresAt: "2026-11-24T10:01:40.000Z",
  injectedAt: "2026-11-24T10:00:02.000Z",
  revertedAt: null as string | null,
  endedAt: null as string | null,
};
const run = (overrides: Partial<typeof base> = {}) => ({ ...base, ...overrides }) as unknown as RunView;
const at = (iso: string) => Date.parse(iso);

describe("lease countdown", () => {
  it("counts down to the lease and stops at zero", () => {
    expect(leaseRemainingMs(run(), at("2026-11-24T10:01:00.000Z"))).toBe(40_000);
    expect(leaseRemainingMs(run(), at("2026-11-24T10:05:00.000Z"))).toBe(0);
    expect(leaseRemainingMs(run({ status: "ended" }), at("2026-11-24T10:01:00.000Z"))).toBeNull();
    expect(leaseRemainingMs(run({ leaseExpiresAt: null as unknown as string }), at("2026-11-24T10:01:00.000Z"))).toBeNull();
  });

  it("reports progress through the lease", () => {
    expect(leaseProgress(run(), at("2026-11-24T10:00:50.000Z"))).toBeCloseTo(0.5);
    expect(leaseProgress(run(), at("2026-11-24T09:00:00.000Z"))).toBe(0);
  });
});

describe("fault windows", () => {
  it("spans injection to revert, or to now while the fault holds", () => {
    const now = at("2026-11-24T10:00:30.000Z");
    const [open] = faultWindows([run()], now, { named: true });
    expect(open).toEqual({ runId: "r1", label: "Task termination", fromMs: at(base.injectedAt), toMs: now, open: true });
    const [closed] = faultWindows([run({ status: "ended", revertedAt: "2026-11-24T10:00:20.000Z" })], now, { named: false });
    expect(closed).toMatchObject({ toMs: at("2026-11-24T10:00:20.000Z"), open: false, label: "" });
  });

  it("has no window for a run that never injected, and closes a failed run at its end", () => {
    expect(faultWindows([run({ injectedAt: null as unknown as string })], Date.now(), { named: true })).toEqual([]);
    const [failed] = faultWindows([run({ status: "ended", endedAt: "2026-11-24T10:00:05.000Z" })], at("2026-11-24T11:00:00.000Z"), { named: true });
    expect(failed?.toMs).toBe(at("2026-11-24T10:00:05.000Z"));
  });
});

describe("phases and params", () => {
  it("orders the phases", () => {
    expect(phaseIndex("pending")).toBe(-1);
    expect(phaseIndex("initiating")).toBe(0);
    expect(phaseIndex("ended")).toBe(4);
  });

  it("describes params on one line", () => {
    expect(describeParams({ service: "api", percent: 50 })).toBe("service=api · percent=50");
    expect(describeParams(null)).toBe("");
  });
});
