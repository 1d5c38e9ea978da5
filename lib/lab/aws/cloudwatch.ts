import "server-only";
/**
 * CloudWatch: every chart of a poll in one GetMetricData call (500 queries per call, the
 * API's limit), the deployment's alarms by name prefix, and their state changes from the
 * alarm history for the timeline.
 */
import {
  DescribeAlarmHistoryCommand,
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  type AlarmHistoryItem,
  type MetricAlarm,
  type MetricDataQuery,
  type MetricDataResult,
} from "@aws-sdk/client-cloudwatch";
import { z } from "zod";
import { LabError } from "../errors";
import { AlarmStateSchema, MetricQuerySchema, SeriesSchema, type AlarmState, type LabEvent, type MetricPoint, type MetricQuery, type Series } from "../types";
import { allPages, chunk, type AwsContext } from "./context";
import { awsCall } from "./errors";

/** GetMetricData accepts at most 500 MetricDataQuery structures per call. */
export const MAX_QUERIES_PER_CALL = 500;
/** Alarm history pages read per events() call; the console polls often, so few are new. */
const MAX_HISTORY_PAGES = 10;

const HIGH_RESOLUTION_PERIODS = [1, 5, 10, 30];

/**
 * CloudWatch accepts 1, 5, 10 or 30 s (high-resolution metrics) or a multiple of 60 s;
 * anything else is rounded up to the next period it accepts.
 */
export function cloudWatchPeriod(seconds: number): number {
  if (seconds < 60) return HIGH_RESOLUTION_PERIODS.find((period) => period >= seconds) ?? 60;
  return Math.ceil(seconds / 60) * 60;
}

function toMetricDataQuery(query: z.output<typeof MetricQuerySchema>): MetricDataQuery {
  return {
    Id: query.id,
    Label: query.label,
    ReturnData: true,
    MetricStat: {
      Metric: {
        Namespace: query.namespace,
        MetricName: query.metricName,
        Dimensions: Object.entries(query.dimensions).map(([Name, Value]) => ({ Name, Value })),
      },
      Period: cloudWatchPeriod(query.periodSeconds),
      // The port's stats are CloudWatch's own names (Sum, Average, p95…), so they pass unchanged.
      Stat: query.stat,
    },
  };
}

/** Reads every query over [from, to] and returns one series per query id, oldest point first. */
export async function readMetrics(context: AwsContext, input: MetricQuery[], from: Date, to: Date): Promise<Series[]> {
  const parsed = MetricQuerySchema.array().safeParse(input);
  if (!parsed.success) {
    throw new LabError("invalid", `Invalid metric query: ${parsed.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`).join("; ")}`);
  }
  const queries = parsed.data;
  const ids = new Set<string>();
  for (const query of queries) {
    if (ids.has(query.id)) throw new LabError("invalid", `Metric query id "${query.id}" is used twice; ids must be unique within a poll.`);
    ids.add(query.id);
  }
  if (!(from.getTime() < to.getTime())) throw new LabError("invalid", "The metrics window must end after it starts.");
  if (queries.length === 0) return [];

  const points = new Map<string, Map<number, number>>();
  const labels = new Map<string, string>();
  for (const group of chunk(queries, MAX_QUERIES_PER_CALL)) {
    const results = await allPages(
      (NextToken) =>
        awsCall("cloudwatch:GetMetricData", () =>
          context.clients.cloudwatch.send(
            new GetMetricDataCommand({ MetricDataQueries: group.map(toMetricDataQuery), StartTime: from, EndTime: to, ScanBy: "TimestampAscending", NextToken }),
          ),
        ),
      (page) => page.MetricDataResults,
      (page) => page.NextToken,
    );
    for (const result of results) collect(result, points, labels);
  }

  return queries.map((query) => {
    const byTime = points.get(query.id) ?? new Map<number, number>();
    const series: MetricPoint[] = [...byTime.entries()].sort(([a], [b]) => a - b).map(([t, v]) => ({ t, v }));
    return SeriesSchema.parse({ id: query.id, label: query.label ?? labels.get(query.id) ?? query.id, points: series });
  });
}

/** Later pages continue a query's series; a timestamp seen twice keeps its latest value. */
function collect(result: MetricDataResult, points: Map<string, Map<number, number>>, labels: Map<string, string>): void {
  if (!result.Id) return;
  // Forbidden (no permission on one namespace) leaves that chart empty rather than failing the whole poll.
  if (result.StatusCode === "Forbidden") return;
  if (result.Label) labels.set(result.Id, result.Label);
  const series = points.get(result.Id) ?? new Map<number, number>();
  const timestamps = result.Timestamps ?? [];
  const values = result.Values ?? [];
  timestamps.forEach((timestamp, index) => {
    const value = values[index];
    if (value !== undefined && Number.isFinite(value)) series.set(timestamp.getTime(), value);
  });
  points.set(result.Id, series);
}

const COMPARISONS = ["GreaterThanThreshold", "GreaterThanOrEqualToThreshold", "LessThanThreshold", "LessThanOrEqualToThreshold"] as const;
type Comparison = (typeof COMPARISONS)[number];

function isComparison(value: string | undefined): value is Comparison {
  return COMPARISONS.some((comparison) => comparison === value);
}

/**
 * The port's alarm shape. Alarms defined on metric math carry their metric in `Metrics`;
 * the first returned MetricStat stands for them. Anomaly-band alarms have no threshold
 * and are left out.
 */
function toAlarmState(alarm: MetricAlarm): AlarmState | null {
  if (!alarm.AlarmName || !alarm.StateValue || !isComparison(alarm.ComparisonOperator)) return null;
  const stat = alarm.Metrics?.find((query) => query.MetricStat && query.ReturnData !== false)?.MetricStat ?? alarm.Metrics?.find((query) => query.MetricStat)?.MetricStat;
  const namespace = alarm.Namespace ?? stat?.Metric?.Namespace;
  const metricName = alarm.MetricName ?? stat?.Metric?.MetricName;
  const dimensions = alarm.Dimensions ?? stat?.Metric?.Dimensions ?? [];
  const period = alarm.Period ?? stat?.Period;
  if (!namespace || !metricName || alarm.Threshold === undefined || !period) return null;
  return AlarmStateSchema.parse({
    name: alarm.AlarmName,
    description: alarm.AlarmDescription ?? null,
    state: alarm.StateValue,
    reason: alarm.StateReason ?? "",
    updatedAt: (alarm.StateUpdatedTimestamp ?? alarm.AlarmConfigurationUpdatedTimestamp ?? new Date(0)).toISOString(),
    namespace,
    metricName,
    dimensions: Object.fromEntries(dimensions.flatMap((dimension): [string, string][] => (dimension.Name && dimension.Value ? [[dimension.Name, dimension.Value]] : []))),
    stat: alarm.Statistic ?? alarm.ExtendedStatistic ?? stat?.Stat ?? "Average",
    threshold: alarm.Threshold,
    comparison: alarm.ComparisonOperator,
    evaluationPeriods: alarm.EvaluationPeriods ?? 1,
    periodSeconds: period,
  });
}

/** Every metric alarm of the deployment (names start with the `AlarmNamePrefix` output). */
export async function readAlarms(context: AwsContext): Promise<AlarmState[]> {
  const alarms = await allPages(
    (NextToken) =>
      awsCall("cloudwatch:DescribeAlarms", () =>
        context.clients.cloudwatch.send(
          new DescribeAlarmsCommand({ AlarmNamePrefix: context.config.outputs.AlarmNamePrefix, AlarmTypes: ["MetricAlarm"], MaxRecords: 100, NextToken }),
        ),
      ),
    (page) => page.MetricAlarms,
    (page) => page.NextToken,
  );
  return alarms.map(toAlarmState).filter((alarm): alarm is AlarmState => alarm !== null);
}

const HistoryDataSchema = z
  .object({
    oldState: z.object({ stateValue: z.string().optional() }).loose().optional(),
    newState: z.object({ stateValue: z.string().optional(), stateReason: z.string().optional() }).loose().optional(),
  })
  .loose();

function historyEvent(item: AlarmHistoryItem): LabEvent | null {
  if (!item.AlarmName || !item.Timestamp) return null;
  let data: z.infer<typeof HistoryDataSchema> = {};
  try {
    const parsed = HistoryDataSchema.safeParse(JSON.parse(item.HistoryData ?? "{}"));
    if (parsed.success) data = parsed.data;
  } catch {
    // HistoryData is documented as JSON; if it is not, the summary alone still tells the story.
  }
  const at = item.Timestamp.toISOString();
  return {
    id: `alarm:${item.AlarmName}:${at}`,
    at,
    kind: "alarm",
    service: null,
    message: item.HistorySummary ?? `Alarm ${item.AlarmName} changed state`,
    data: { alarm: item.AlarmName, from: data.oldState?.stateValue ?? null, to: data.newState?.stateValue ?? null, reason: data.newState?.stateReason ?? null },
  };
}

/**
 * Alarm state changes since an instant. DescribeAlarmHistory has no name-prefix filter, so
 * one account-wide query is filtered here: one call per poll instead of one per alarm.
 */
export async function readAlarmTransitions(context: AwsContext, since: Date): Promise<LabEvent[]> {
  const items = await allPages(
    (NextToken) =>
      awsCall("cloudwatch:DescribeAlarmHistory", () =>
        context.clients.cloudwatch.send(
          new DescribeAlarmHistoryCommand({
            AlarmTypes: ["MetricAlarm"],
            HistoryItemType: "StateUpdate",
            StartDate: since,
            EndDate: context.now(),
            ScanBy: "TimestampAscending",
            MaxRecords: 100,
            NextToken,
          }),
        ),
      ),
    (page) => page.AlarmHistoryItems,
    (page) => page.NextToken,
    MAX_HISTORY_PAGES,
  );
  const prefix = context.config.outputs.AlarmNamePrefix;
  return items
    .filter((item) => item.AlarmName?.startsWith(prefix))
    .map(historyEvent)
    .filter((event): event is LabEvent => event !== null);
}
