/**
 * The lab's metric store: per-second buckets under CloudWatch namespaces, names and exact
 * dimension sets. Writers are the load balancer (per request), the collector (per-second
 * gauges) and the probe; readers are the control API, the alarms and the autoscaler.
 */
import type { MetricPoint, MetricStat } from "../api/schemas";
import { addToBucket, aggregate, emptyBucket, type Bucket } from "./aggregate";

/** Identifies one series: CloudWatch matches dimensions exactly, so does the store. */
export interface MetricKey {
  namespace: string;
  metricName: string;
  dimensions: Readonly<Record<string, string>>;
}

interface StoredSeries {
  key: MetricKey;
  buckets: Map<number, Bucket>;
}

export function seriesId(key: MetricKey): string {
  const dims = Object.keys(key.dimensions)
    .sort()
    .map((name) => `${name}=${key.dimensions[name] ?? ""}`)
    .join(",");
  return `${key.namespace}|${key.metricName}|${dims}`;
}

export class MetricStore {
  private readonly series = new Map<string, StoredSeries>();
  private readonly retentionSeconds: number;

  constructor(retentionSeconds: number) {
    this.retentionSeconds = retentionSeconds;
  }

  private bucketFor(key: MetricKey, atMs: number): Bucket {
    const id = seriesId(key);
    let stored = this.series.get(id);
    if (!stored) {
      stored = { key: { ...key, dimensions: { ...key.dimensions } }, buckets: new Map() };
      this.series.set(id, stored);
    }
    const second = Math.floor(atMs / 1000);
    let bucket = stored.buckets.get(second);
    if (!bucket) {
      bucket = emptyBucket();
      stored.buckets.set(second, bucket);
    }
    return bucket;
  }

  /** Adds one datapoint (a request counted as 1, a latency in seconds, a gauge reading). */
  record(key: MetricKey, value: number, atMs = Date.now()): void {
    if (!Number.isFinite(value)) return;
    addToBucket(this.bucketFor(key, atMs), value);
  }

  /** Makes the second exist with nothing in it, so a count metric's Sum reads 0, not a gap. */
  touch(key: MetricKey, atMs = Date.now()): void {
    this.bucketFor(key, atMs);
  }

  query(key: MetricKey, stat: MetricStat, periodSeconds: number, fromMs: number, toMs: number): MetricPoint[] {
    const stored = this.series.get(seriesId(key));
    if (!stored) return [];
    return aggregate(stored.buckets, stat, periodSeconds, fromMs, toMs);
  }

  /** Every series known, for discovery (ListMetrics-like). */
  keys(): MetricKey[] {
    return [...this.series.values()].map((stored) => stored.key);
  }

  prune(nowMs = Date.now()): void {
    const oldest = Math.floor(nowMs / 1000) - this.retentionSeconds;
    for (const stored of this.series.values()) {
      for (const second of stored.buckets.keys()) if (second < oldest) stored.buckets.delete(second);
    }
  }
}
