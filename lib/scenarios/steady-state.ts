/**
 * Judges steady state from the newest points of the standard dashboard. Pure: the live hub,
 * preflight and scoring all feed it series from the lab.
 */
import type { Series } from "@/lib/lab/types";
import type { MetricKey, SteadyStateCheck } from "./types";

export interface CheckResult {
  label: string;
  /** `unknown`: the metric has no recent point (e.g. ALB metrics while no traffic flows). */
  status: "pass" | "fail" | "unknown";
  value: number | null;
  detail: string;
}

/** The newest value of each series, by series id (= metric key). */
export function latestValues(series: readonly Series[], notBefore?: number): Map<string, number> {
  const latest = new Map<string, number>();
  for (const entry of series) {
    const point = entry.points.at(-1);
    if (point && (notBefore === undefined || point.t >= notBefore)) latest.set(entry.id, point.v);
  }
  return latest;
}

function format(value: number, metric: MetricKey): string {
  if (metric.startsWith("latency")) return `${Math.round(value * 1000)} ms`;
  if (metric.startsWith("probe")) return `${value.toFixed(1)} %`;
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

export function evaluateCheck(check: SteadyStateCheck, latest: ReadonlyMap<string, number>): CheckResult {
  const value = latest.get(check.metric);
  if (value === undefined) return { label: check.label, status: "unknown", value: null, detail: `no recent data for ${check.metric}` };
  if ("atMost" in check) {
    const ok = value <= check.atMost;
    return { label: check.label, status: ok ? "pass" : "fail", value, detail: `${check.metric} is ${format(value, check.metric)}` };
  }
  if ("atLeast" in check) {
    const ok = value >= check.atLeast;
    return { label: check.label, status: ok ? "pass" : "fail", value, detail: `${check.metric} is ${format(value, check.metric)}` };
  }
  const other = latest.get(check.atLeastMetric);
  if (other === undefined) return { label: check.label, status: "unknown", value, detail: `no recent data for ${check.atLeastMetric}` };
  return {
    label: check.label,
    status: value >= other ? "pass" : "fail",
    value,
    detail: `${check.metric} is ${format(value, check.metric)}, ${check.atLeastMetric} is ${format(other, check.atLeastMetric)}`,
  };
}

export interface SteadyStateVerdict {
  /** true when every check passes; unknowns do not break steady state but do not prove it either. */
  steady: boolean;
  failing: CheckResult[];
  results: CheckResult[];
}

export function evaluateSteadyState(checks: readonly SteadyStateCheck[], latest: ReadonlyMap<string, number>): SteadyStateVerdict {
  const results = checks.map((check) => evaluateCheck(check, latest));
  const failing = results.filter((result) => result.status === "fail");
  return { steady: failing.length === 0 && results.some((result) => result.status === "pass"), failing, results };
}
