import { describe, expect, it } from "vitest";
import { addToBucket, aggregate, emptyBucket, percentile, type Bucket } from "./aggregate";
import { MetricStore } from "./store";

function bucketOf(...values: number[]): Bucket {
  const bucket = emptyBucket();
  for (const value of values) addToBucket(bucket, value);
  return bucket;
}

describe("metric aggregation", () => {
  const base = 1_699_999_980; // an epoch second divisible by 10 and 60
  const buckets = new Map<number, Bucket>([
    [base, bucketOf(1, 1, 1)],
    [base + 1, bucketOf(1)],
    [base + 9, bucketOf(1, 1)],
    [base + 10, bucketOf(1)],
    [base + 25, emptyBucket()],
  ]);

  it("sums counts into aligned periods, oldest first, with the period start as t", () => {
    const points = aggregate(buckets, "Sum", 10, base * 1000, (base + 59) * 1000);
    expect(points).toEqual([
      { t: base * 1000, v: 6 },
      { t: (base + 10) * 1000, v: 1 },
      { t: (base + 20) * 1000, v: 0 },
    ]);
  });

  it("reports a zero tick as Sum 0 but as no datapoint for Average", () => {
    expect(aggregate(buckets, "Average", 10, (base + 20) * 1000, (base + 29) * 1000)).toEqual([]);
    expect(aggregate(buckets, "SampleCount", 60, base * 1000, (base + 59) * 1000)).toEqual([{ t: base * 1000, v: 7 }]);
  });

  it("leaves out seconds outside [from, to]", () => {
    expect(aggregate(buckets, "Sum", 60, (base + 1) * 1000, (base + 9) * 1000)).toEqual([{ t: base * 1000, v: 3 }]);
  });

  it("computes min, max, average and nearest-rank percentiles over the merged period", () => {
    const latency = new Map<number, Bucket>([
      [base, bucketOf(0.01, 0.02, 0.03)],
      [base + 1, bucketOf(0.04, 0.05, 0.06, 0.07, 0.08, 0.09, 1)],
    ]);
    const read = (stat: Parameters<typeof aggregate>[1]) => aggregate(latency, stat, 60, base * 1000, (base + 1) * 1000)[0]?.v;
    expect(read("Minimum")).toBe(0.01);
    expect(read("Maximum")).toBe(1);
    expect(read("Average")).toBeCloseTo(1.45 / 10, 10);
    expect(read("p50")).toBe(0.05);
    expect(read("p90")).toBe(0.09);
    expect(read("p99")).toBe(1);
  });

  it("percentile uses the nearest rank", () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile([1, 2, 3, 4], 51)).toBe(3);
    expect(percentile([], 95)).toBeUndefined();
  });
});

describe("metric store", () => {
  it("matches dimensions exactly, whatever their order", () => {
    const store = new MetricStore(3600);
    const at = 1_700_000_000_000;
    store.record({ namespace: "N", metricName: "M", dimensions: { A: "1", B: "2" } }, 5, at);
    expect(store.query({ namespace: "N", metricName: "M", dimensions: { B: "2", A: "1" } }, "Sum", 1, at, at)).toEqual([{ t: at, v: 5 }]);
    expect(store.query({ namespace: "N", metricName: "M", dimensions: { A: "1" } }, "Sum", 1, at, at)).toEqual([]);
  });

  it("drops seconds older than its retention", () => {
    const store = new MetricStore(60);
    const key = { namespace: "N", metricName: "M", dimensions: {} };
    store.record(key, 1, 1_000_000);
    store.record(key, 1, 1_000_000 + 120_000);
    store.prune(1_000_000 + 120_000);
    expect(store.query(key, "SampleCount", 1, 0, 2_000_000)).toEqual([{ t: 1_120_000, v: 1 }]);
  });
});
