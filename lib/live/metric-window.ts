/**
 * A rolling window of metric series, merged from deltas: a point whose `t` is already held
 * replaces it (the newest period is re-sent while it fills), newer points append, points
 * older than the window fall off. Pure; the hub and the browser both keep one.
 */
import type { MetricPoint, Series } from "@/lib/lab/types";

export type MetricWindow = Map<string, { label: string; points: MetricPoint[] }>;

function mergePoints(held: MetricPoint[], incoming: readonly MetricPoint[]): MetricPoint[] {
  if (incoming.length === 0) return held;
  const firstNew = incoming[0]?.t ?? Infinity;
  // Fast path: deltas only touch the tail.
  let cut = held.length;
  while (cut > 0 && (held[cut - 1]?.t ?? -Infinity) >= firstNew) cut -= 1;
  const merged = held.slice(0, cut);
  for (const point of incoming) {
    const last = merged.at(-1);
    if (last && last.t === point.t) merged[merged.length - 1] = point;
    else if (!last || last.t < point.t) merged.push(point);
  }
  // A delta may skip a held point between its first and last: keep those.
  for (const point of held.slice(cut)) {
    if (!merged.some((entry) => entry.t === point.t)) merged.push(point);
  }
  return merged.sort((a, b) => a.t - b.t);
}

export function mergeMetricWindow(window: MetricWindow, delta: readonly Series[], options: { replace: boolean; keepFromMs: number }): MetricWindow {
  const next: MetricWindow = options.replace ? new Map<string, { label: string; points: MetricPoint[] }>() : new Map(window);
  for (const series of delta) {
    const held = next.get(series.id)?.points ?? [];
    next.set(series.id, { label: series.label, points: mergePoints(held, series.points) });
  }
  for (const [id, entry] of next) {
    const start = entry.points.findIndex((point) => point.t >= options.keepFromMs);
    if (start !== 0) next.set(id, { label: entry.label, points: start === -1 ? [] : entry.points.slice(start) });
  }
  return next;
}

export function windowToSeries(window: MetricWindow, fromMs = -Infinity): Series[] {
  return [...window].map(([id, entry]) => ({ id, label: entry.label, points: entry.points.filter((point) => point.t >= fromMs) }));
}
