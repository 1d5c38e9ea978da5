import { describe, expect, it } from "vitest";
import { buildRows, latestValue, newestPointAt, staleAfterMs } from "./chart-rows";
import type { ChartLine } from "./dashboard";

const healthy: ChartLine = { key: "healthyHosts", label: "healthy", color: "#0f0", worse: "low" };
const unhealthy: ChartLine = { key: "unhealthyHosts", label: "unhealthy", color: "#f00", worse: "high" };
const p95: ChartLine = { key: "latencyP95", label: "p95", color: "#ff0", worse: "high", scale: 1000 };

describe("chart rows", () => {
  it("joins lines by instant, leaves gaps as null and scales values", () => {
    const rows = buildRows(
      {
        healthyHosts: { label: "Healthy", points: [{ t: 1000, v: 4 }, { t: 2000, v: 3 }] },
        latencyP95: { label: "p95", points: [{ t: 2000, v: 0.25 }] },
      },
      [healthy, p95],
      100,
    );
    expect(rows).toEqual([
      { t: 1000, healthyHosts: 4, latencyP95: null },
      { t: 2000, healthyHosts: 3, latencyP95: 250 },
    ]);
  });

  it("thins a long window to the budget and keeps each line's worst value per bucket", () => {
    const points = (value: (index: number) => number) => Array.from({ length: 3600 }, (_, index) => ({ t: index * 1000, v: value(index) }));
    const rows = buildRows(
      {
        // One second with only one healthy host, one second with a burst of unhealthy ones.
        healthyHosts: { label: "Healthy", points: points((index) => (index === 1234 ? 1 : 4)) },
        unhealthyHosts: { label: "Unhealthy", points: points((index) => (index === 2345 ? 3 : 0)) },
      },
      [healthy, unhealthy],
      300,
    );
    expect(rows.length).toBeLessThanOrEqual(300);
    expect(Math.min(...rows.map((row) => row.healthyHosts ?? Infinity))).toBe(1);
    expect(Math.max(...rows.map((row) => row.unhealthyHosts ?? -Infinity))).toBe(3);
    expect(rows[0]?.t).toBe(0);
  });

  it("finds the newest point and the latest value", () => {
    const series = { healthyHosts: { label: "", points: [{ t: 5, v: 2 }] }, latencyP95: { label: "", points: [{ t: 9, v: 0.1 }] } };
    expect(newestPointAt(series, ["healthyHosts", "latencyP95"])).toBe(9);
    expect(newestPointAt(series, ["cpu"])).toBeNull();
    expect(latestValue(series, p95)).toBeCloseTo(100);
    expect(latestValue(series, unhealthy)).toBeNull();
  });

  it("counts a point stale after three polls and two periods, at least 10 s", () => {
    expect(staleAfterMs(1, 1)).toBe(10_000);
    expect(staleAfterMs(60, 60)).toBe(300_000);
  });
});
