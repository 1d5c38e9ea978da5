import { describe, expect, it } from "vitest";
import type { ChartRow } from "./chart-rows";
import { linePath, timeTicks, valueDomain, valueTicks } from "./chart-scale";

const rows: ChartRow[] = [
  { t: 0, a: 1, b: null },
  { t: 1000, a: 3, b: 7.2 },
  { t: 2000, a: null, b: 2 },
  { t: 3000, a: 2, b: 3 },
];

describe("chart scale", () => {
  it("starts the y range at zero and ends it on a round number at or above the largest value", () => {
    expect(valueDomain(rows, ["a", "b"], undefined, true)).toEqual([0, 8]);
    expect(valueDomain(rows, ["a"], undefined, false)).toEqual([0, 3]);
    expect(valueDomain([{ t: 0, a: 0.3 }], ["a"], undefined, true)).toEqual([0, 0.3]);
    expect(valueDomain([{ t: 0, a: 870 }], ["a"], undefined, true)).toEqual([0, 1000]);
    // Nothing above zero still draws an axis; a fixed range (percent) wins.
    expect(valueDomain([{ t: 0, a: 0 }], ["a"], undefined, false)).toEqual([0, 4]);
    expect(valueDomain(rows, ["a"], [0, 100], true)).toEqual([0, 100]);
  });

  it("puts value ticks on round steps, whole ones for counts", () => {
    expect(valueTicks([0, 100], 3, true)).toEqual([0, 50, 100]);
    expect(valueTicks([0, 8], 3, true)).toEqual([0, 5]);
    expect(valueTicks([0, 3], 3, false)).toEqual([0, 1, 2, 3]);
    expect(valueTicks([0, 0.3], 3, true)).toEqual([0, 0.1, 0.2, 0.3]);
  });

  it("puts time ticks on whole seconds or minutes inside the range", () => {
    expect(timeTicks(1_500, 61_500, 4)).toEqual([15_000, 30_000, 45_000, 60_000]);
    expect(timeTicks(0, 900_000, 4)).toEqual([0, 300_000, 600_000, 900_000]);
    expect(timeTicks(5, 5, 4)).toEqual([]);
  });

  it("breaks a line where a value is missing and draws steps as held values", () => {
    const x = (t: number) => t / 10;
    const y = (value: number) => 100 - value * 10;
    expect(linePath(rows, "a", x, y, false)).toBe("M0.0 90.0L100.0 70.0M300.0 80.0");
    expect(linePath(rows, "b", x, y, true)).toBe("M100.0 28.0H200.0V80.0H300.0V70.0");
    expect(linePath([], "a", x, y, false)).toBe("");
  });
});
