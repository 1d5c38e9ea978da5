/**
 * Turns held series into the rows a line chart draws: one row per instant, one column
 * per line. Long windows are thinned to a point budget by keeping, per bucket, the worst
 * value of each line, so a one-second drop of healthy hosts or a 5xx spike never vanishes
 * from an hour-long chart.
 */
import type { SeriesState } from "@/lib/client/live-state";
import type { ChartLine } from "./dashboard";

/** One instant of a chart; a line without a point at `t` is null (a gap, not a zero). */
export type ChartRow = { t: number } & Record<string, number | null>;

export function buildRows(series: Readonly<Record<string, SeriesState>>, lines: readonly ChartLine[], maxPoints: number): ChartRow[] {
  const byTime = new Map<number, ChartRow>();
  for (const line of lines) {
    for (const point of series[line.key]?.points ?? []) {
      let row = byTime.get(point.t);
      if (!row) {
        row = { t: point.t };
        for (const other of lines) row[other.key] = null;
        byTime.set(point.t, row);
      }
      row[line.key] = point.v * (line.scale ?? 1);
    }
  }
  const rows = [...byTime.values()].sort((a, b) => a.t - b.t);
  return rows.length > maxPoints ? thin(rows, lines, maxPoints) : rows;
}

function thin(rows: readonly ChartRow[], lines: readonly ChartLine[], maxPoints: number): ChartRow[] {
  const size = Math.ceil(rows.length / Math.max(1, maxPoints));
  const thinned: ChartRow[] = [];
  for (let start = 0; start < rows.length; start += size) {
    const bucket = rows.slice(start, start + size);
    const row = { t: bucket[0]?.t ?? 0 } as ChartRow;
    for (const line of lines) {
      let worst: number | null = null;
      for (const entry of bucket) {
        const value = entry[line.key];
        if (value === null || value === undefined) continue;
        if (worst === null || (line.worse === "high" ? value > worst : value < worst)) worst = value;
      }
      row[line.key] = worst;
    }
    thinned.push(row);
  }
  return thinned;
}

/** The newest instant any of these lines has a point at, or null. */
export function newestPointAt(series: Readonly<Record<string, SeriesState>>, keys: readonly string[]): number | null {
  let newest: number | null = null;
  for (const key of keys) {
    const t = series[key]?.points.at(-1)?.t;
    if (t !== undefined && (newest === null || t > newest)) newest = t;
  }
  return newest;
}

/** The newest value of a line, scaled as drawn, or null. */
export function latestValue(series: Readonly<Record<string, SeriesState>>, line: ChartLine): number | null {
  const point = series[line.key]?.points.at(-1);
  return point ? point.v * (line.scale ?? 1) : null;
}

/**
 * When a chart's newest point counts as stale: three poll periods plus two metric periods
 * (CloudWatch publishes a 1-minute point after its minute ends), and never under 10 s.
 */
export function staleAfterMs(pollPeriodSeconds: number, metricPeriodSeconds: number): number {
  return Math.max(10_000, (3 * pollPeriodSeconds + 2 * metricPeriodSeconds) * 1000);
}
