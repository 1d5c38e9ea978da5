// The availability probe of seed 003, as a scheduled Lambda: each invocation (once a
// minute) checks the public endpoint, the database path and the backend path a few times
// and publishes `GameDay/Probe Availability` (percent of successful checks) per `Check`.
// The console, the dashboard and the stop-guard alarm all read this one metric.
/* global fetch, AbortSignal, setTimeout -- Node 24 globals in the Lambda runtime */
import { CloudWatchClient, PutMetricDataCommand } from "@aws-sdk/client-cloudwatch";

export const NAMESPACE = "GameDay/Probe";

/** Check name → path on the target's public listener (target-service/README.md). */
export const CHECKS = { public: "/", db: "/db", backend: "/api/backend" };

async function checkOnce(url, timeoutMs) {
  const started = Date.now();
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { "user-agent": "gameday-probe" } });
    await response.arrayBuffer();
    return { ok: response.status >= 200 && response.status < 300, ms: Date.now() - started, status: response.status };
  } catch (error) {
    return { ok: false, ms: Date.now() - started, status: 0, error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Runs `rounds` rounds of all checks, `intervalMs` apart, and returns the availability per
 * check in percent. Checks in one round run in parallel so a slow path cannot starve the others.
 */
export async function runProbe({ baseUrl, rounds, intervalMs, timeoutMs, sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms)) }) {
  const base = baseUrl.replace(/\/+$/, "");
  const tally = Object.fromEntries(Object.keys(CHECKS).map((check) => [check, { ok: 0, total: 0 }]));
  const failures = [];
  for (let round = 0; round < rounds; round += 1) {
    if (round > 0) await sleep(intervalMs);
    const results = await Promise.all(Object.entries(CHECKS).map(async ([check, path]) => [check, await checkOnce(`${base}${path}`, timeoutMs)]));
    for (const [check, result] of results) {
      tally[check].total += 1;
      if (result.ok) tally[check].ok += 1;
      else failures.push({ check, status: result.status, error: result.error });
    }
  }
  const availability = Object.fromEntries(Object.entries(tally).map(([check, { ok, total }]) => [check, total === 0 ? 0 : (100 * ok) / total]));
  return { availability, failures };
}

/** The PutMetricData input for one probe result. */
export function metricData(availability, timestamp) {
  return {
    Namespace: NAMESPACE,
    MetricData: Object.entries(availability).map(([check, value]) => ({
      MetricName: "Availability",
      Dimensions: [{ Name: "Check", Value: check }],
      Unit: "Percent",
      Value: value,
      Timestamp: timestamp,
      StorageResolution: 60,
    })),
  };
}

function positive(value, fallback) {
  const parsed = Number(value);
  return Number.isInteger(parsed) && parsed > 0 ? parsed : fallback;
}

const cloudwatch = new CloudWatchClient({});

export async function handler() {
  const baseUrl = process.env.TARGET_URL;
  if (!baseUrl) throw new Error("TARGET_URL is not set");
  const started = new Date();
  const { availability, failures } = await runProbe({
    baseUrl,
    rounds: positive(process.env.PROBE_ROUNDS, 4),
    intervalMs: positive(process.env.PROBE_INTERVAL_MS, 15000),
    timeoutMs: positive(process.env.PROBE_TIMEOUT_MS, 5000),
  });
  await cloudwatch.send(new PutMetricDataCommand(metricData(availability, started)));
  console.log(JSON.stringify({ msg: "probe", availability, failures: failures.slice(0, 10) }));
  return availability;
}
