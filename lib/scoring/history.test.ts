import { describe, expect, it } from "vitest";
import { capabilityHistory, timingHistory, trendOf, type HistoryRun } from "./history";

const run = (day: number, detect: "P" | "S" | "M" | "U" | null, detectSeconds: number | null): HistoryRun => ({
  runId: `run${day}`,
  gameDayId: `gd${day}`,
  gameDayTitle: `Game day ${day}`,
  scenarioId: "cpu-stress",
  at: new Date(Date.UTC(2026, 10, day)).toISOString(),
  ratings: { detect },
  timings: { detect: detectSeconds, diagnose: null, mitigate: null, firstUpdate: null },
});

describe("a team's history per capability", () => {
  it("names a trend only from four ratings on, by the later half against the earlier", () => {
    expect(trendOf(["U", "P", "P"])).toBe("too-few");
    expect(trendOf(["M", "U", "S", "P"])).toBe("improving");
    expect(trendOf(["P", "S", "M", "M"])).toBe("declining");
    expect(trendOf(["S", "P", "P", "S"])).toBe("steady");
  });

  it("counts, spreads and orders ratings; not-applicable runs are left out", () => {
    const history = capabilityHistory([run(3, "P", 40), run(1, "M", 300), run(2, null, null), run(4, "S", 100), run(5, "P", 50)]);
    const detect = history.find((entry) => entry.capability === "detect");
    expect(detect?.count).toBe(4);
    expect(detect?.spread).toEqual({ P: 2, S: 1, M: 1, U: 0 });
    expect(detect?.series.map((entry) => entry.rating)).toEqual(["M", "P", "S", "P"]);
    // Earlier half M, P (mean rank 1); later half S, P (0.5): shift −0.5 → improving.
    expect(detect?.trend).toBe("improving");
    expect(history.find((entry) => entry.capability === "mitigate")?.count).toBe(0);
  });

  it("lists exact per-run timings with count, min, median and max, never a mean", () => {
    const [detect] = timingHistory([run(1, "M", 300), run(2, "P", 40), run(3, "S", 100), run(4, "P", 50)]);
    expect(detect).toMatchObject({ measure: "detect", count: 4, min: 40, median: 75, max: 300 });
    expect(detect?.values.map((value) => value.seconds)).toEqual([300, 40, 100, 50]);
    expect(detect).not.toHaveProperty("mean");
  });
});
