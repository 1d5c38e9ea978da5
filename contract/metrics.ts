/**
 * The CloudWatch namespaces both labs publish under and both adapters query, so dashboards,
 * alarms, steady-state checks and scoring keys are written once for AWS and the local lab.
 */
export const METRIC_NAMESPACES = {
  alb: "AWS/ApplicationELB",
  ecs: "AWS/ECS",
  containerInsights: "ECS/ContainerInsights",
  rds: "AWS/RDS",
  waf: "AWS/WAFV2",
  /** The availability probe (seed 003) publishes here, in AWS and in the local lab. */
  probe: "GameDay/Probe",
} as const;

/** The probe's checks; each is a `Check` dimension value of the probe metrics. */
export const PROBE_CHECKS = ["public", "db", "backend"] as const;
export type ProbeCheck = (typeof PROBE_CHECKS)[number];

/**
 * The keys of the standard dashboard: each names one series (the GetMetricData query id),
 * so steady-state checks, scoring keys and charts refer to a signal by the same word.
 */
export const STANDARD_METRIC_KEYS = [
  "requests",
  "target5xx",
  "elb5xx",
  "elb4xx",
  "latencyP50",
  "latencyP95",
  "latencyP99",
  "runningTasks",
  "pendingTasks",
  "desiredTasks",
  "cpu",
  "memory",
  "probe_public",
  "probe_db",
  "probe_backend",
  "healthyHosts",
  "unhealthyHosts",
  "dbConnections",
] as const satisfies readonly string[];
export type MetricKey = (typeof STANDARD_METRIC_KEYS)[number];
