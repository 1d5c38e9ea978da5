import { describe, expect, it } from "vitest";
import type { Series } from "@/contract/lab";
import { availabilityOf, chartGeometry, chartPoints, chartSvg } from "./measure";
import type { ReportChart } from "./model";

const T0 = Date.parse("2026-12-05T10:00:00.000Z");
const probe = (values: number[]): Series => ({ id: "probe_public", label: "probe", points: values.map((v, index) => ({ t: T0 + index * 1000, v })) });

describe("availability from the public probe", () => {
  it("holds zero downtime when every sample answered in full", () => {
    expect(availabilityOf(probe([100, 100, 100, 100]), T0, T0 + 3000)).toEqual({ percent: 100, samples: 4, longestOutageSeconds: 0, longestOutageFrom: null, zeroDowntime: "held" });
  });

  it("measures the share answered and the longest run of failing samples, by hand", () => {
    // 10 samples at 1 s: 2 s down, one up, 3 s half answered, 3 up.
    const values = [100, 0, 0, 100, 50, 50, 50, 100, 100, 100];
    const result = availabilityOf(probe(values), T0, T0 + 9000);
    expect(result.percent).toBe(65); // (100+0+0+100+50+50+50+100+100+100) / 10
    expect(result.longestOutageSeconds).toBe(3); // samples 4, 5 and 6
    expect(result.longestOutageFrom).toBe(new Date(T0 + 4000).toISOString());
    expect(result.zeroDowntime).toBe("broken");
  });

  it("counts only samples inside the window, and says when there are none", () => {
    expect(availabilityOf(probe([0, 100, 100]), T0 + 1000, T0 + 2000)).toMatchObject({ samples: 2, zeroDowntime: "held" });
    expect(availabilityOf(undefined, T0, T0 + 1000)).toMatchObject({ percent: null, zeroDowntime: "no-probe" });
  });
});

describe("charts", () => {
  it("keeps short series whole and reduces long ones to each bucket's minimum and maximum, so a one-second spike survives", () => {
    const values = Array.from({ length: 3600 }, (_, index) => (index === 1234 ? 0 : 100));
    const series = probe(values);
    expect(chartPoints(probe([1, 2, 3]), T0, T0 + 2000)).toEqual([
      [T0, 1],
      [T0 + 1000, 2],
      [T0 + 2000, 3],
    ]);
    const reduced = chartPoints(series, T0, T0 + 3599_000, 100);
    expect(reduced.length).toBeLessThanOrEqual(200);
    expect(reduced).toContainEqual([T0 + 1234_000, 0]);
  });

  it("places the fault band and the marks on the time axis, and writes a standalone SVG", () => {
    const chart: ReportChart = {
      metric: "probe_public",
      label: "Probe <public>",
      unit: "%",
      expectation: "",
      fromMs: T0,
      toMs: T0 + 100_000,
      fault: { fromMs: T0 + 25_000, toMs: T0 + 75_000 },
      marks: [{ atMs: T0 + 50_000, label: "Red detected" }],
      points: [
        [T0, 100],
        [T0 + 100_000, 50],
      ],
    };
    const g = chartGeometry(chart, 244, 100);
    // Plot from x=44 to x=234 (190 wide): a quarter in is 91.5, half is 139, three quarters 186.5.
    expect(g.fault).toEqual({ x0: 91.5, x1: 186.5 });
    expect(g.marks).toEqual([{ x: 139, label: "Red detected" }]);
    expect(g.yTicks.map((tick) => tick.label)).toEqual(["0", "50", "100"]);
    const svg = chartSvg(chart);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain("Probe &lt;public&gt; (%)");
    expect(svg).toContain("Red detected");
  });
});
