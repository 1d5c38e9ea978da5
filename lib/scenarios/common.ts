/**
 * Pieces several scenarios share: the stack's steady state (seed 003's availability probe and
 * the seeds' SLOs) and the runbook steps every incident ends with.
 */
import type { RunbookStep, ScoringKey, SteadyStateCheck } from "./types";

/** p95 latency objective of the target, in seconds (TargetResponseTime is reported in seconds). */
export const LATENCY_SLO_SECONDS = 0.5;

export const CHECK = {
  probeUp: { metric: "probe_public", atLeast: 99, label: "probe availability ≥ 99 %" },
  dbProbeUp: { metric: "probe_db", atLeast: 99, label: "/db probe availability ≥ 99 %" },
  backendProbeUp: { metric: "probe_backend", atLeast: 99, label: "/api/backend probe availability ≥ 99 %" },
  latencyOk: { metric: "latencyP95", atMost: LATENCY_SLO_SECONDS, label: `p95 latency ≤ ${LATENCY_SLO_SECONDS * 1000} ms` },
  no5xx: { metric: "target5xx", atMost: 0, label: "no target 5xx" },
  noElb5xx: { metric: "elb5xx", atMost: 0, label: "no load balancer 5xx" },
  running: { metric: "runningTasks", atLeastMetric: "desiredTasks", label: "running tasks = desired" },
  healthy: { metric: "healthyHosts", atLeastMetric: "desiredTasks", label: "healthy hosts = desired" },
  noPending: { metric: "pendingTasks", atMost: 0, label: "no pending tasks" },
  noUnhealthy: { metric: "unhealthyHosts", atMost: 0, label: "no unhealthy hosts" },
} as const satisfies Record<string, SteadyStateCheck>;

/** The stack is healthy when all of these hold; every run starts (preflight) and should end here. */
export const STEADY_STATE: readonly SteadyStateCheck[] = [CHECK.probeUp, CHECK.latencyOk, CHECK.no5xx, CHECK.running, CHECK.healthy];

export const DEFAULT_WEIGHTS: ScoringKey["weights"] = { detect: 0.25, diagnose: 0.2, mitigate: 0.3, communicate: 0.1, procedure: 0.15 };

/** Status updates: the first within two minutes of detection, then every five while it lasts (drills last minutes, not hours). */
export const DEFAULT_COMMUNICATION = { firstUpdateWithinSeconds: 120, updateCadenceSeconds: 300 } as const;

export const DETECT_FROM_DASHBOARD: RunbookStep = {
  id: "detect-dashboard",
  phase: "detect",
  title: "Confirm the impact on the dashboard",
  detail: "Look at probe availability, 5xx and p95 latency. Write a 'Detected' entry with what you see and when it started.",
  tier: "essential",
  aws: "CloudWatch dashboard of the target stack; the alarm notification in SNS.",
  local: "The game-day dashboard: probe, 5xx and latency charts, the alarms panel.",
};

export const COMMUNICATE_STATUS: RunbookStep = {
  id: "communicate",
  phase: "mitigate",
  title: "Post a status update",
  detail: "Say what is affected, what you are doing and when you will update next. Post again when it is fixed.",
  tier: "critical",
};

export const VERIFY_STEADY_STATE: RunbookStep = {
  id: "verify-steady-state",
  phase: "verify",
  title: "Verify steady state",
  detail: "Probe availability back to ≥ 99 %, no 5xx, p95 under the SLO, running = desired and healthy hosts = desired for at least two minutes. Alarms back to OK.",
  tier: "essential",
};

export const VERIFY_ROOT_CAUSE: RunbookStep = {
  id: "verify-root-cause",
  phase: "verify",
  title: "Record the root cause",
  detail: "Write a 'Root cause' entry: what failed, why the system behaved as it did, and what would have caught it sooner.",
  tier: "critical",
};
