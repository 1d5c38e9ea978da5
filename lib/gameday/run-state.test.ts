import { describe, expect, it } from "vitest";
import { IllegalRunTransition, RunStatusSchema, advanceTowards, canTransition, transitionRun, type RunStatus } from "./run-state";

const LEGAL: [RunStatus, RunStatus][] = [
  ["pending", "initiating"],
  ["pending", "ended"],
  ["initiating", "injecting"],
  ["initiating", "active"],
  ["initiating", "reverting"],
  ["initiating", "ended"],
  ["injecting", "active"],
  ["injecting", "reverting"],
  ["injecting", "ended"],
  ["active", "reverting"],
  ["active", "ended"],
  ["reverting", "ended"],
];

describe("run lifecycle", () => {
  const statuses = RunStatusSchema.options;

  it("allows exactly the legal transitions", () => {
    for (const from of statuses) {
      for (const to of statuses) {
        if (from === to) continue;
        const legal = LEGAL.some(([a, b]) => a === from && b === to);
        expect(canTransition(from, to), `${from} → ${to}`).toBe(legal);
      }
    }
  });

  it("refuses illegal transitions with a typed error", () => {
    expect(() => transitionRun("ended", "active")).toThrow(IllegalRunTransition);
    expect(() => transitionRun("active", "injecting")).toThrow("A run cannot go from active to injecting.");
    expect(() => transitionRun("reverting", "active")).toThrow(IllegalRunTransition);
    expect(() => transitionRun("pending", "active")).toThrow(IllegalRunTransition);
  });

  it("needs an outcome to end, and keeps it", () => {
    expect(() => transitionRun("active", "ended")).toThrow(/outcome/);
    expect(transitionRun("active", "ended", "stopped")).toEqual({ status: "ended", outcome: "stopped" });
    expect(transitionRun("initiating", "active")).toEqual({ status: "active", outcome: null });
  });

  it("treats a repeated report as no change", () => {
    expect(transitionRun("active", "active")).toEqual({ status: "active", outcome: null });
  });

  it("advances through skipped phases in order and never backwards", () => {
    expect(advanceTowards("pending", "active")).toEqual(["initiating", "active"]);
    expect(advanceTowards("initiating", "reverting")).toEqual(["reverting"]);
    expect(advanceTowards("active", "injecting")).toEqual([]);
    expect(advanceTowards("ended", "active")).toEqual([]);
    expect(advanceTowards("pending", "ended")).toEqual(["ended"]);
  });
});
