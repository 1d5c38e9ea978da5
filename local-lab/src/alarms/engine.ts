/**
 * The lab's alarm set (seed 000's and seed 002's alarms, with periods short enough for a
 * game day on one machine), evaluated every second against the metric store. Each ALARM/OK
 * transition becomes an event, as CloudWatch sends one to SNS/EventBridge.
 */
import type { AlarmStateValue, AlarmStateView, Comparison, MetricStat } from "../api/schemas";
import type { EventLog } from "../events";
import { albKey, NS, probeKey, rdsKey, serviceKey, wafKey, type LabIdentity } from "../metrics/names";
import type { MetricKey, MetricStore } from "../metrics/store";
import { evaluateThreshold, type TreatMissingData } from "./evaluate";

/** One alarm's definition. `threshold` may follow the fleet (running < desired follows the desired count). */
export interface AlarmDefinition {
  name: string;
  description: string;
  key: MetricKey;
  stat: MetricStat;
  threshold: number | (() => number);
  comparison: Comparison;
  evaluationPeriods: number;
  periodSeconds: number;
  treatMissingData: TreatMissingData;
}

interface AlarmRuntime {
  definition: AlarmDefinition;
  state: AlarmStateValue;
  reason: string;
  updatedAt: Date;
}

export interface AlarmContext {
  identity: LabIdentity;
  services: readonly string[];
  periodSeconds: number;
  desiredCount: (service: string) => number;
}

/** The default alarm set; names read like the CDK stack's so runbooks match both labs. */
export function defaultAlarms(context: AlarmContext): AlarmDefinition[] {
  const { identity, periodSeconds } = context;
  const lb = identity.loadBalancer;
  const alarms: AlarmDefinition[] = [
    {
      name: "gameday-lab-alb-target-5xx",
      description: "Targets answer 5xx through the public load balancer",
      key: albKey("HTTPCode_Target_5XX_Count", lb),
      stat: "Sum",
      threshold: 5,
      comparison: "GreaterThanThreshold",
      evaluationPeriods: 2,
      periodSeconds,
      treatMissingData: "notBreaching",
    },
    {
      name: "gameday-lab-alb-elb-5xx",
      description: "The load balancer itself answers 5xx (no healthy target, target reset or timeout)",
      key: albKey("HTTPCode_ELB_5XX_Count", lb),
      stat: "Sum",
      threshold: 5,
      comparison: "GreaterThanThreshold",
      evaluationPeriods: 2,
      periodSeconds,
      treatMissingData: "notBreaching",
    },
    {
      name: "gameday-lab-alb-p95-latency",
      description: "p95 target response time above the 500 ms SLO",
      key: albKey("TargetResponseTime", lb),
      stat: "p95",
      threshold: 0.5,
      comparison: "GreaterThanThreshold",
      evaluationPeriods: 3,
      periodSeconds,
      treatMissingData: "missing",
    },
    {
      name: "gameday-lab-db-connections-high",
      description: "Database connections close to what the app's pools allow",
      key: rdsKey("DatabaseConnections", identity.dbCluster),
      stat: "Maximum",
      threshold: 40,
      comparison: "GreaterThanThreshold",
      evaluationPeriods: 2,
      periodSeconds,
      treatMissingData: "notBreaching",
    },
    {
      name: "gameday-lab-waf-blocked",
      description: "The web ACL blocks requests",
      key: wafKey("BlockedRequests", identity.webAcl, "ALL"),
      stat: "Sum",
      threshold: 5,
      comparison: "GreaterThanThreshold",
      evaluationPeriods: 1,
      periodSeconds,
      treatMissingData: "notBreaching",
    },
  ];
  for (const service of context.services) {
    const targetGroup = identity.targetGroups[service];
    if (targetGroup) {
      alarms.push({
        name: `gameday-lab-${service}-unhealthy-targets`,
        description: `${service} has unhealthy targets`,
        key: albKey("UnHealthyHostCount", lb, targetGroup),
        stat: "Maximum",
        threshold: 0,
        comparison: "GreaterThanThreshold",
        evaluationPeriods: 2,
        periodSeconds,
        treatMissingData: "notBreaching",
      });
    }
    alarms.push(
      {
        name: `gameday-lab-${service}-running-below-desired`,
        description: `${service} runs fewer tasks than desired (threshold follows the desired count)`,
        key: serviceKey(NS.containerInsights, "RunningTaskCount", identity.cluster, service),
        stat: "Minimum",
        threshold: () => context.desiredCount(service),
        comparison: "LessThanThreshold",
        evaluationPeriods: 3,
        periodSeconds,
        treatMissingData: "missing",
      },
      {
        name: `gameday-lab-${service}-cpu-high`,
        description: `${service} CPU above 80% of its reservation`,
        key: serviceKey(NS.ecs, "CPUUtilization", identity.cluster, service),
        stat: "Average",
        threshold: 80,
        comparison: "GreaterThanThreshold",
        evaluationPeriods: 3,
        periodSeconds,
        treatMissingData: "missing",
      },
      {
        name: `gameday-lab-${service}-memory-high`,
        description: `${service} memory above 80% of its reservation`,
        key: serviceKey(NS.ecs, "MemoryUtilization", identity.cluster, service),
        stat: "Average",
        threshold: 80,
        comparison: "GreaterThanThreshold",
        evaluationPeriods: 3,
        periodSeconds,
        treatMissingData: "missing",
      },
    );
  }
  for (const check of ["public", "db", "backend"]) {
    alarms.push({
      name: `gameday-lab-probe-${check}`,
      description: `Availability probe (${check}) below 99%`,
      key: probeKey("Availability", check),
      stat: "Average",
      threshold: 99,
      comparison: "LessThanThreshold",
      evaluationPeriods: 2,
      periodSeconds,
      treatMissingData: "missing",
    });
  }
  return alarms;
}

/** The last `count` complete periods before `nowMs`, oldest first, aligned like CloudWatch's. */
export function completePeriods(nowMs: number, periodSeconds: number, count: number): { startMs: number; endMs: number }[] {
  const periodMs = periodSeconds * 1000;
  const currentStart = Math.floor(nowMs / periodMs) * periodMs;
  const periods: { startMs: number; endMs: number }[] = [];
  for (let index = count; index >= 1; index -= 1) {
    const startMs = currentStart - index * periodMs;
    periods.push({ startMs, endMs: startMs + periodMs - 1 });
  }
  return periods;
}

export class AlarmEngine {
  private readonly alarms: AlarmRuntime[];
  private readonly store: MetricStore;
  private readonly events: EventLog;
  private readonly startedAtMs: number;

  constructor(definitions: AlarmDefinition[], store: MetricStore, events: EventLog, now = new Date()) {
    this.store = store;
    this.events = events;
    this.startedAtMs = now.getTime();
    this.alarms = definitions.map((definition) => ({
      definition,
      state: "INSUFFICIENT_DATA",
      reason: "Unchecked: Initial alarm creation",
      updatedAt: now,
    }));
  }

  private threshold(definition: AlarmDefinition): number {
    return typeof definition.threshold === "function" ? definition.threshold() : definition.threshold;
  }

  evaluate(nowMs = Date.now()): void {
    for (const alarm of this.alarms) {
      const { definition } = alarm;
      // Periods before the alarm existed are not "missing data": the alarm did not exist yet.
      const periods = completePeriods(nowMs, definition.periodSeconds, definition.evaluationPeriods).filter(
        (period) => period.startMs >= this.startedAtMs,
      );
      if (periods.length === 0) continue;
      const datapoints = periods.map((period) => {
        const points = this.store.query(definition.key, definition.stat, definition.periodSeconds, period.startMs, period.endMs);
        return points[0]?.v;
      });
      const threshold = this.threshold(definition);
      const result = evaluateThreshold(
        { threshold, comparison: definition.comparison, evaluationPeriods: definition.evaluationPeriods, treatMissingData: definition.treatMissingData },
        datapoints,
      );
      if (result.state !== alarm.state) {
        const previous = alarm.state;
        alarm.state = result.state;
        alarm.reason = result.reason;
        alarm.updatedAt = new Date(nowMs);
        this.events.emit("alarm", null, `Alarm "${definition.name}" changed from ${previous} to ${result.state}: ${result.reason}`, {
          alarm: definition.name,
          from: previous,
          to: result.state,
          threshold,
          datapoints,
        });
      } else {
        alarm.reason = result.reason;
      }
    }
  }

  list(): AlarmStateView[] {
    return this.alarms.map((alarm) => ({
      name: alarm.definition.name,
      description: alarm.definition.description,
      state: alarm.state,
      reason: alarm.reason,
      updatedAt: alarm.updatedAt.toISOString(),
      namespace: alarm.definition.key.namespace,
      metricName: alarm.definition.key.metricName,
      dimensions: { ...alarm.definition.key.dimensions },
      stat: alarm.definition.stat,
      threshold: this.threshold(alarm.definition),
      comparison: alarm.definition.comparison,
      evaluationPeriods: alarm.definition.evaluationPeriods,
      periodSeconds: alarm.definition.periodSeconds,
    }));
  }
}
