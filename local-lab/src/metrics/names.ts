/**
 * The names and dimensions of this lab's metrics, under the namespaces of the shared
 * contract, so the console's dashboards, alarms and scoring keys read both labs alike.
 */
import { METRIC_NAMESPACES as NS } from "../../../contract/metrics";
import type { MetricKey } from "./store";

export { NS };

/** The names and dimension values of this lab's stand-ins for AWS resources. */
export interface LabIdentity {
  cluster: string;
  /** `LoadBalancer` dimension of the public listener. */
  loadBalancer: string;
  /** `LoadBalancer` dimension of the internal listener api uses to reach backend (its own totals; target groups report under the ALB). */
  internalLoadBalancer: string;
  /** Service → `TargetGroup` dimension. */
  targetGroups: Record<string, string>;
  /** Service → target group ARN (ECS stop reasons and events quote it). */
  targetGroupArns: Record<string, string>;
  dbCluster: string;
  webAcl: string;
}

export function albKey(metricName: string, loadBalancer: string, targetGroup?: string): MetricKey {
  return {
    namespace: NS.alb,
    metricName,
    dimensions: targetGroup ? { TargetGroup: targetGroup, LoadBalancer: loadBalancer } : { LoadBalancer: loadBalancer },
  };
}

export function serviceKey(namespace: typeof NS.ecs | typeof NS.containerInsights, metricName: string, cluster: string, service: string): MetricKey {
  return { namespace, metricName, dimensions: { ClusterName: cluster, ServiceName: service } };
}

export function probeKey(metricName: string, check: string): MetricKey {
  return { namespace: NS.probe, metricName, dimensions: { Check: check } };
}

export function wafKey(metricName: string, webAcl: string, rule: string): MetricKey {
  return { namespace: NS.waf, metricName, dimensions: { WebACL: webAcl, Rule: rule, Region: "local" } };
}

export function rdsKey(metricName: string, cluster: string): MetricKey {
  return { namespace: NS.rds, metricName, dimensions: { DBClusterIdentifier: cluster } };
}
