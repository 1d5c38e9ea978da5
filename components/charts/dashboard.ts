/**
 * The standard dashboard of a game day: which metric keys (lib/lab/metrics.ts) go on which
 * chart. The same charts serve the local lab and AWS, because both adapters answer the
 * same CloudWatch-named queries.
 */
import type { MetricKey } from "@/lib/scenarios/types";

/** One line on a chart. */
export interface ChartLine {
  key: MetricKey;
  label: string;
  color: string;
  /** Which direction is bad: downsampling keeps the worst value of each bucket. */
  worse: "high" | "low";
  /** Multiplies the raw value (latency arrives in seconds and is drawn in ms). */
  scale?: number;
  dashed?: boolean;
  /** Draw as steps: counts of hosts and tasks change in whole units. */
  step?: boolean;
}

/** One chart of the dashboard. */
export interface ChartSpec {
  id: string;
  title: string;
  unit: "count" | "ms" | "percent";
  /** "per period" counts: shown with the period next to the title. */
  perPeriod?: boolean;
  lines: ChartLine[];
  /** Fixed y range; otherwise from the data (starting at zero). */
  yDomain?: [number, number];
}

const COLORS = {
  blue: "#4ea1ff",
  green: "#3fb950",
  red: "#f85149",
  orange: "#f0883e",
  yellow: "#d29922",
  purple: "#bc8cff",
  grey: "#8b98a8",
  teal: "#39c5cf",
};

export const DASHBOARD: readonly ChartSpec[] = [
  { id: "requests", title: "Requests", unit: "count", perPeriod: true, lines: [{ key: "requests", label: "requests", color: COLORS.blue, worse: "low" }] },
  {
    id: "errors",
    title: "Errors",
    unit: "count",
    perPeriod: true,
    lines: [
      { key: "target5xx", label: "target 5xx", color: COLORS.red, worse: "high" },
      { key: "elb5xx", label: "LB 5xx", color: COLORS.orange, worse: "high" },
      { key: "elb4xx", label: "LB 4xx", color: COLORS.yellow, worse: "high", dashed: true },
    ],
  },
  {
    id: "latency",
    title: "Latency",
    unit: "ms",
    lines: [
      { key: "latencyP50", label: "p50", color: COLORS.teal, worse: "high", scale: 1000 },
      { key: "latencyP95", label: "p95", color: COLORS.yellow, worse: "high", scale: 1000 },
      { key: "latencyP99", label: "p99", color: COLORS.red, worse: "high", scale: 1000 },
    ],
  },
  {
    id: "hosts",
    title: "Target health",
    unit: "count",
    lines: [
      { key: "healthyHosts", label: "healthy", color: COLORS.green, worse: "low", step: true },
      { key: "unhealthyHosts", label: "unhealthy", color: COLORS.red, worse: "high", step: true },
    ],
  },
  {
    id: "tasks",
    title: "Tasks",
    unit: "count",
    lines: [
      { key: "runningTasks", label: "running", color: COLORS.green, worse: "low", step: true },
      { key: "pendingTasks", label: "pending", color: COLORS.yellow, worse: "high", step: true },
      { key: "desiredTasks", label: "desired", color: COLORS.grey, worse: "high", step: true, dashed: true },
    ],
  },
  {
    id: "utilisation",
    title: "CPU and memory",
    unit: "percent",
    lines: [
      { key: "cpu", label: "CPU", color: COLORS.orange, worse: "high" },
      { key: "memory", label: "memory", color: COLORS.purple, worse: "high" },
    ],
    yDomain: [0, 100],
  },
  { id: "db", title: "DB connections", unit: "count", lines: [{ key: "dbConnections", label: "connections", color: COLORS.blue, worse: "low" }] },
  {
    id: "probe",
    title: "Probe availability",
    unit: "percent",
    lines: [
      { key: "probe_public", label: "public", color: COLORS.green, worse: "low" },
      { key: "probe_db", label: "/db", color: COLORS.blue, worse: "low" },
      { key: "probe_backend", label: "backend", color: COLORS.purple, worse: "low", dashed: true },
    ],
    yDomain: [0, 100],
  },
];
