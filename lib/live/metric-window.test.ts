import { describe, expect, it } from "vitest";
import { mergeMetricWindow, windowToSeries, type MetricWindow } from "./metric-window";

const s = (id: string, points: [number, number][]) => ({ id, label: id, points: points.map(([t, v]) => ({ t, v })) });

describe("the metric window", () => {
  it("appends new points, replaces a re-sent one, and drops what falls out of the window", () => {
    let window: MetricWindow = new Map();
    window = mergeMetricWindow(window, [s("requests", [[1000, 5], [2000, 3]])], { replace: true, keepFromMs: 0 });
    window = mergeMetricWindow(window, [s("requests", [[2000, 7], [3000, 1]])], { replace: false, keepFromMs: 1500 });
    expect(windowToSeries(window)).toEqual([s("requests", [[2000, 7], [3000, 1]])]);
  });

  it("keeps series the delta does not mention, and resets everything on replace", () => {
    let window = mergeMetricWindow(new Map(), [s("a", [[1, 1]]), s("b", [[1, 2]])], { replace: true, keepFromMs: 0 });
    window = mergeMetricWindow(window, [s("a", [[2, 3]])], { replace: false, keepFromMs: 0 });
    expect(window.get("b")?.points).toEqual([{ t: 1, v: 2 }]);
    window = mergeMetricWindow(window, [s("a", [[5, 5]])], { replace: true, keepFromMs: 0 });
    expect([...window.keys()]).toEqual(["a"]);
  });

  it("keeps points in time order when a late delta fills a gap", () => {
    let window = mergeMetricWindow(new Map(), [s("a", [[1, 1], [3, 3]])], { replace: true, keepFromMs: 0 });
    window = mergeMetricWindow(window, [s("a", [[2, 2]])], { replace: false, keepFromMs: 0 });
    expect(window.get("a")?.points.map((point) => point.t)).toEqual([1, 2, 3]);
  });
});
