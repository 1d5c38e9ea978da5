/**
 * Amazon CloudWatch response bodies as the installed client receives them: AWS JSON 1.0
 * (target prefix `GraniteServiceVersion20100801`), timestamps as epoch seconds, errors with
 * the awsQuery-compatible `x-amzn-query-error` header. Values come from the AWS CLI's
 * documented examples (aws/aws-cli, awscli/examples/cloudwatch/<operation>.rst) and the
 * CloudWatch API reference's shapes; alarm names carry the test deployment's `gameday-`
 * prefix so the adapter lists them.
 */
import { epoch } from "./time";

/**
 * awscli/examples/cloudwatch/describe-alarms.rst: `myalarm`, a single-metric alarm
 * (CPUUtilization Average > 70 for 2 × 300 s), renamed `gameday-myalarm`.
 */
export function documentedMetricAlarm(name = "gameday-myalarm"): Record<string, unknown> {
  return {
    EvaluationPeriods: 2,
    AlarmArn: `arn:aws:cloudwatch:us-east-1:123456789012:alarm:${name}`,
    StateUpdatedTimestamp: epoch("2014-04-09T18:59:06.442Z"),
    AlarmConfigurationUpdatedTimestamp: epoch("2012-12-27T00:49:54.032Z"),
    ComparisonOperator: "GreaterThanThreshold",
    AlarmActions: ["arn:aws:sns:us-east-1:123456789012:myHighCpuAlarm"],
    Namespace: "AWS/EC2",
    AlarmDescription: "CPU usage exceeds 70 percent",
    StateReasonData:
      '{"version":"1.0","queryDate":"2014-04-09T18:59:06.419+0000","startDate":"2014-04-09T18:44:00.000+0000","statistic":"Average","period":300,"recentDatapoints":[38.958,40.292],"threshold":70.0}',
    Period: 300,
    StateValue: "OK",
    Threshold: 70.0,
    AlarmName: name,
    Dimensions: [{ Name: "InstanceId", Value: "i-0c986c72" }],
    Statistic: "Average",
    StateReason: "Threshold Crossed: 2 datapoints were not greater than the threshold (70.0). The most recent datapoints: [38.958, 40.292].",
    InsufficientDataActions: [],
    OKActions: [],
    ActionsEnabled: true,
    MetricName: "CPUUtilization",
  };
}

/**
 * Our own `apiRunningBelowDesired` alarm (infra/lib/stacks/observability-stack.ts) as
 * DescribeAlarms returns a metric-math alarm (API reference, MetricAlarm.Metrics: an array
 * of MetricDataQuery; the alarm evaluates the one entry with ReturnData true). The Metrics
 * list is the synthesized template's, in its order: the expression first, then the two
 * metrics it reads with ReturnData false; no top-level MetricName, Namespace or Period.
 */
export function belowDesiredAlarm(service: "api" | "backend", state: "OK" | "ALARM" = "ALARM"): Record<string, unknown> {
  const metric = (id: string, metricName: string) => ({
    Id: id,
    MetricStat: {
      Metric: { Namespace: "ECS/ContainerInsights", MetricName: metricName, Dimensions: [{ Name: "ClusterName", Value: "gameday-cluster" }, { Name: "ServiceName", Value: service }] },
      Period: 60,
      Stat: "Average",
    },
    ReturnData: false,
  });
  return {
    AlarmName: `gameday-${service}-running-below-desired`,
    AlarmArn: `arn:aws:cloudwatch:eu-west-1:123456789012:alarm:gameday-${service}-running-below-desired`,
    AlarmDescription: `${service} has fewer running tasks than desired for three minutes.`,
    AlarmConfigurationUpdatedTimestamp: epoch("2026-11-20T09:00:00.000Z"),
    ActionsEnabled: true,
    OKActions: [],
    AlarmActions: [],
    InsufficientDataActions: [],
    StateValue: state,
    StateReason: state === "ALARM" ? "Threshold Crossed: 3 out of the last 3 datapoints [1.0 (24/11/26 17:58:00), 1.0 (24/11/26 17:57:00), 1.0 (24/11/26 17:56:00)] were greater than the threshold (0.0) (minimum 3 datapoints for OK -> ALARM transition)." : "Threshold Crossed: no datapoints were received for 3 periods and 3 missing datapoints were treated as [NonBreaching].",
    StateUpdatedTimestamp: epoch("2026-11-24T17:59:00.000Z"),
    Dimensions: [],
    EvaluationPeriods: 3,
    DatapointsToAlarm: 3,
    Threshold: 0,
    ComparisonOperator: "GreaterThanThreshold",
    TreatMissingData: "notBreaching",
    Metrics: [{ Id: "expr_1", Expression: "desired - running", Label: `${service} tasks below desired`, ReturnData: true }, metric("desired", "DesiredTaskCount"), metric("running", "RunningTaskCount")],
    StateTransitionedTimestamp: epoch("2026-11-24T17:59:00.000Z"),
  };
}

/**
 * awscli/examples/cloudwatch/put-composite-alarm.rst's `ProdAlarm` (rule
 * `ALARM(CPUUtilizationTooHigh) AND ALARM(MemUsageTooHigh)`), renamed `gameday-prod`, as
 * DescribeAlarms returns it among `CompositeAlarms` (API reference, CompositeAlarm).
 */
export function documentedCompositeAlarm(state: "OK" | "ALARM" = "ALARM"): Record<string, unknown> {
  return {
    ActionsEnabled: true,
    AlarmActions: ["arn:aws:sns:us-east-1:123456789012:demo"],
    AlarmArn: "arn:aws:cloudwatch:us-east-1:123456789012:alarm:gameday-prod",
    AlarmConfigurationUpdatedTimestamp: epoch("2026-11-20T09:00:00.000Z"),
    AlarmName: "gameday-prod",
    AlarmRule: "ALARM(CPUUtilizationTooHigh) AND ALARM(MemUsageTooHigh)",
    InsufficientDataActions: [],
    OKActions: [],
    StateReason: state === "ALARM" ? "arn:aws:cloudwatch:us-east-1:123456789012:alarm:CPUUtilizationTooHigh transitioned to ALARM at Tuesday 24 November, 2026 17:59:00 UTC" : "All child alarms are OK",
    StateReasonData: "{}",
    StateUpdatedTimestamp: epoch("2026-11-24T17:59:30.000Z"),
    StateValue: state,
    StateTransitionedTimestamp: epoch("2026-11-24T17:59:30.000Z"),
  };
}

export function describeAlarms(metric: Record<string, unknown>[], composite: Record<string, unknown>[] = [], nextToken?: string): object {
  return { MetricAlarms: metric, CompositeAlarms: composite, ...(nextToken ? { NextToken: nextToken } : {}) };
}

/**
 * awscli/examples/cloudwatch/get-metric-data.rst, example 2 (`m1`, EstimatedCharges,
 * StatusCode Complete, empty Messages).
 */
export const DOCUMENTED_METRIC_DATA = {
  MetricDataResults: [{ Id: "m1", Label: "EstimatedCharges", Timestamps: [epoch("2024-09-26T12:00:00+00:00")], Values: [542.38], StatusCode: "Complete" }],
  Messages: [],
};

/**
 * One MetricDataResult in the API reference's shape: StatusCode is Complete, PartialData
 * (page on with NextToken), InternalError ("Retry your request using NextToken, if
 * present") or Forbidden; Messages are MessageData { Code, Value }.
 */
export function metricResult(id: string, label: string, points: [number, number][], statusCode = "Complete", messages: { Code: string; Value: string }[] = []): Record<string, unknown> {
  return { Id: id, Label: label, Timestamps: points.map(([t]) => t / 1000), Values: points.map(([, v]) => v), StatusCode: statusCode, ...(messages.length > 0 ? { Messages: messages } : {}) };
}

/** awscli/examples/cloudwatch/describe-alarm-history.rst: two StateUpdate items of `myalarm`, newest first. */
export function documentedAlarmHistory(name = "gameday-myalarm"): Record<string, unknown>[] {
  return [
    {
      Timestamp: epoch("2014-04-09T18:59:06.442Z"),
      HistoryItemType: "StateUpdate",
      AlarmName: name,
      HistoryData:
        '{"version":"1.0","oldState":{"stateValue":"ALARM","stateReason":"testing purposes"},"newState":{"stateValue":"OK","stateReason":"Threshold Crossed: 2 datapoints were not greater than the threshold (70.0). The most recent datapoints: [38.958, 40.292].","stateReasonData":{"version":"1.0","queryDate":"2014-04-09T18:59:06.419+0000","startDate":"2014-04-09T18:44:00.000+0000","statistic":"Average","period":300,"recentDatapoints":[38.958,40.292],"threshold":70.0}}}',
      HistorySummary: "Alarm updated from ALARM to OK",
    },
    {
      Timestamp: epoch("2014-04-09T18:59:05.805Z"),
      HistoryItemType: "StateUpdate",
      AlarmName: name,
      HistoryData:
        '{"version":"1.0","oldState":{"stateValue":"OK","stateReason":"Threshold Crossed: 2 datapoints were not greater than the threshold (70.0). The most recent datapoints: [38.839999999999996, 39.714].","stateReasonData":{"version":"1.0","queryDate":"2014-03-11T22:45:41.569+0000","startDate":"2014-03-11T22:30:00.000+0000","statistic":"Average","period":300,"recentDatapoints":[38.839999999999996,39.714],"threshold":70.0}},"newState":{"stateValue":"ALARM","stateReason":"testing purposes"}}',
      HistorySummary: "Alarm updated from OK to ALARM",
    },
  ];
}

/** A StateUpdate item shaped like the documented ones, at an instant of the test's choosing. */
export function stateUpdate(name: string, at: Date, from: string, to: string): Record<string, unknown> {
  return {
    Timestamp: at.getTime() / 1000,
    HistoryItemType: "StateUpdate",
    AlarmName: name,
    AlarmType: "MetricAlarm",
    HistoryData: JSON.stringify({ version: "1.0", oldState: { stateValue: from, stateReason: "previous" }, newState: { stateValue: to, stateReason: `Threshold Crossed for ${name}` } }),
    HistorySummary: `Alarm updated from ${from} to ${to}`,
  };
}

export function alarmHistory(items: Record<string, unknown>[], nextToken?: string): object {
  return { AlarmHistoryItems: items, ...(nextToken ? { NextToken: nextToken } : {}) };
}
