/**
 * Pure aggregation of per-second buckets into CloudWatch-style datapoints: each query's
 * period, aligned to epoch multiples of the period like GetMetricData, and its statistic.
 */
import type { MetricPoint, MetricStat } from "../api/schemas";

/** One second of one series. `count` is 0 for a tick that only says "zero so far" (a count metric with no events). */
export interface Bucket {
  sum: number;
  count: number;
  min: number;
  max: number;
  values: number[];
}

export function emptyBucket(): Bucket {
  return { sum: 0, count: 0, min: Number.POSITIVE_INFINITY, max: Number.NEGATIVE_INFINITY, values: [] };
}

/** Values kept per second for percentiles; beyond it percentiles read a prefix sample. */
export const MAX_VALUES_PER_BUCKET = 20_000;

export function addToBucket(bucket: Bucket, value: number): void {
  bucket.sum += value;
  bucket.count += 1;
  if (value < bucket.min) bucket.min = value;
  if (value > bucket.max) bucket.max = value;
  if (bucket.values.length < MAX_VALUES_PER_BUCKET) bucket.values.push(value);
}

/** Nearest-rank percentile, as CloudWatch computes it on raw values. */
export function percentile(sorted: readonly number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}

/** The statistic of one period's merged bucket, or undefined when the period has no datapoint for it. */
export function statOf(bucket: Bucket, stat: MetricStat): number | undefined {
  switch (stat) {
    case "Sum":
      // A zero tick makes "no events this period" read 0 rather than a gap, as a chart expects for counts.
      return bucket.sum;
    case "SampleCount":
      return bucket.count;
    case "Average":
      return bucket.count > 0 ? bucket.sum / bucket.count : undefined;
    case "Minimum":
      return bucket.count > 0 ? bucket.min : undefined;
    case "Maximum":
      return bucket.count > 0 ? bucket.max : undefined;
    case "p50":
    case "p90":
    case "p95":
    case "p99": {
      if (bucket.count === 0) return undefined;
      const sorted = [...bucket.values].sort((a, b) => a - b);
      return percentile(sorted, Number(stat.slice(1)));
    }
  }
}

function merge(into: Bucket, from: Bucket): void {
  into.sum += from.sum;
  into.count += from.count;
  if (from.min < into.min) into.min = from.min;
  if (from.max > into.max) into.max = from.max;
  const room = MAX_VALUES_PER_BUCKET - into.values.length;
  if (room > 0) into.values.push(...(from.values.length > room ? from.values.slice(0, room) : from.values));
}

/**
 * Folds per-second buckets (keyed by epoch second) into points of `periodSeconds`, for
 * seconds in [fromMs, toMs]. A period is reported at its aligned start; periods with no
 * bucket, or whose statistic is undefined, have no point (CloudWatch returns none either).
 */
export function aggregate(
  buckets: ReadonlyMap<number, Bucket>,
  stat: MetricStat,
  periodSeconds: number,
  fromMs: number,
  toMs: number,
): MetricPoint[] {
  const fromSecond = Math.floor(fromMs / 1000);
  const toSecond = Math.floor(toMs / 1000);
  const periods = new Map<number, Bucket>();
  for (const [second, bucket] of buckets) {
    if (second < fromSecond || second > toSecond) continue;
    const start = Math.floor(second / periodSeconds) * periodSeconds;
    let merged = periods.get(start);
    if (!merged) {
      merged = emptyBucket();
      periods.set(start, merged);
    }
    merge(merged, bucket);
  }
  const points: MetricPoint[] = [];
  for (const start of [...periods.keys()].sort((a, b) => a - b)) {
    const bucket = periods.get(start);
    if (!bucket) continue;
    const value = statOf(bucket, stat);
    if (value !== undefined && Number.isFinite(value)) points.push({ t: start * 1000, v: value });
  }
  return points;
}
