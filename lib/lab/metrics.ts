/**
 * The metric vocabulary both adapters speak: CloudWatch namespaces, names and dimensions.
 * Dashboards, alarms, steady-state checks and scoring keys are written once against these.
 */
import type { MetricQuery, MetricStat, Topology } from "./types";

import { METRIC_NAMESPACES as NAMESPACE, PROBE_CHECKS, type MetricKey, type ProbeCheck } from "@/contract/metrics";

export { NAMESPACE, PROBE_CHECKS, type ProbeCheck };

/** One chart-ready metric of the standard dashboard. */
export interface StandardMetric {
  key: MetricKey;
  label: string;
  unit: "count" | "ms" | "percent" | "seconds";
  query: Omit<MetricQuery, "id" | "periodSeconds">;
}

function alb(metricName: string, stat: MetricStat, lb: string): StandardMetric["query"] {
  return { namespace: NAMESPACE.alb, metricName, stat, dimensions: { LoadBalancer: lb } };
}

/**
 * The standard dashboard of a target stack, for one service (the public one, `api`, by
 * default). Every adapter must answer each of these queries.
 */
export function standardMetrics(topology: Pick<Topology, "cluster" | "loadBalancer" | "database">, service = "api"): StandardMetric[] {
  const lb = topology.loadBalancer.dimension;
  const targetGroup = topology.loadBalancer.targetGroups.find((group) => group.service === service)?.dimension;
  const ecsDims = { ClusterName: topology.cluster, ServiceName: service };
  const metrics: StandardMetric[] = [
    { key: "requests", label: "Requests", unit: "count", query: alb("RequestCount", "Sum", lb) },
    { key: "target5xx", label: "Target 5xx", unit: "count", query: alb("HTTPCode_Target_5XX_Count", "Sum", lb) },
    { key: "elb5xx", label: "Load balancer 5xx", unit: "count", query: alb("HTTPCode_ELB_5XX_Count", "Sum", lb) },
    { key: "elb4xx", label: "Load balancer 4xx", unit: "count", query: alb("HTTPCode_ELB_4XX_Count", "Sum", lb) },
    { key: "latencyP50", label: "Latency p50", unit: "seconds", query: alb("TargetResponseTime", "p50", lb) },
    { key: "latencyP95", label: "Latency p95", unit: "seconds", query: alb("TargetResponseTime", "p95", lb) },
    { key: "latencyP99", label: "Latency p99", unit: "seconds", query: alb("TargetResponseTime", "p99", lb) },
    {
      key: "runningTasks",
      label: "Running tasks",
      unit: "count",
      query: { namespace: NAMESPACE.containerInsights, metricName: "RunningTaskCount", stat: "Average", dimensions: ecsDims },
    },
    {
      key: "pendingTasks",
      label: "Pending tasks",
      unit: "count",
      query: { namespace: NAMESPACE.containerInsights, metricName: "PendingTaskCount", stat: "Average", dimensions: ecsDims },
    },
    {
      key: "desiredTasks",
      label: "Desired tasks",
      unit: "count",
      query: { namespace: NAMESPACE.containerInsights, metricName: "DesiredTaskCount", stat: "Average", dimensions: ecsDims },
    },
    {
      key: "cpu",
      label: "CPU",
      unit: "percent",
      query: { namespace: NAMESPACE.ecs, metricName: "CPUUtilization", stat: "Average", dimensions: ecsDims },
    },
    {
      key: "memory",
      label: "Memory",
      unit: "percent",
      query: { namespace: NAMESPACE.ecs, metricName: "MemoryUtilization", stat: "Average", dimensions: ecsDims },
    },
    ...PROBE_CHECKS.map(
      (check): StandardMetric => ({
        key: `probe_${check}` as const,
        label: `Probe availability (${check})`,
        unit: "percent",
        query: { namespace: NAMESPACE.probe, metricName: "Availability", stat: "Average", dimensions: { Check: check } },
      }),
    ),
  ];
  if (targetGroup) {
    const tgDims = { TargetGroup: targetGroup, LoadBalancer: lb };
    metrics.push(
      { key: "healthyHosts", label: "Healthy hosts", unit: "count", query: { namespace: NAMESPACE.alb, metricName: "HealthyHostCount", stat: "Minimum", dimensions: tgDims } },
      { key: "unhealthyHosts", label: "Unhealthy hosts", unit: "count", query: { namespace: NAMESPACE.alb, metricName: "UnHealthyHostCount", stat: "Maximum", dimensions: tgDims } },
    );
  }
  if (topology.database) {
    metrics.push({
      key: "dbConnections",
      label: "DB connections",
      unit: "count",
      query: { namespace: NAMESPACE.rds, metricName: "DatabaseConnections", stat: "Average", dimensions: { DBClusterIdentifier: topology.database.identifier } },
    });
  }
  return metrics;
}

/** Turns the standard metrics into GetMetricData-style queries with ids derived from keys. */
export function standardQueries(topology: Pick<Topology, "cluster" | "loadBalancer" | "database">, periodSeconds: number, service = "api"): MetricQuery[] {
  return standardMetrics(topology, service).map((metric) => ({ ...metric.query, id: metric.key, label: metric.label, periodSeconds }));
}

/**
 * The finest period worth asking for: the local lab samples every second; ALB and ECS
 * metrics in CloudWatch are 1-minute data.
 */
export function metricPeriodSeconds(kind: "local" | "aws"): number {
  return kind === "local" ? 1 : 60;
}
