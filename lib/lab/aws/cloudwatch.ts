import "server-only";
/**
 * CloudWatch: every chart of a poll in one GetMetricData call (500 queries per call, the
 * API's limit), the deployment's alarms by name prefix (metric, metric-math and composite),
 * and their state changes from the alarm history for the timeline.
 */
import {
  DescribeAlarmHistoryCommand,
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  type AlarmHistoryItem,
  type CompositeAlarm,
  type MessageData,
  type MetricAlarm,
  type MetricDataQuery,
  type MetricDataResult,
} from "@aws-sdk/client-cloudwatch";
import { z } from "zod";
import { LabError } from "../errors";
import { AlarmStateSchema, MetricQuerySchema, SeriesSchema, type AlarmState, type LabEvent, type MetricPoint, type MetricQuery, type Series } from "../types";
import { allPages, chunk, MAX_PAGES, type AwsContext } from "./context";
import { awsCall } from "./errors";

/** GetMetricData accepts at most 500 MetricDataQuery structures per call. */
export const MAX_QUERIES_PER_CALL = 500;
/** History pages read per alarm and poll; newest first, so a cap drops the oldest. */
const MAX_HISTORY_PAGES = 5;

const HIGH_RESOLUTION_PERIODS = [1, 5, 10, 20, 30];

/**
 * CloudWatch accepts 1, 5, 10, 20 or 30 s (high-resolution metrics) or a multiple of 60 s
 * (GetMetricData, MetricStat.Period); anything else is rounded up to the next period it accepts.
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

/** What the calls of one poll said about each query id. */
interface Collected {
  points: Map<string, Map<number, number>>;
  labels: Map<string, string>;
  /** The last StatusCode each id was answered with. */
  statuses: Map<string, string>;
  /** The result's own Messages, per id. */
  messages: Map<string, string[]>;
  /** Messages about a whole request, per id it carried. */
  requestMessages: Map<string, string[]>;
  /** Ids whose pages ran out before CloudWatch said Complete. */
  truncated: Set<string>;
}

function messageText(message: MessageData): string {
  return `${message.Code ?? "Message"}: ${message.Value ?? ""}`.trim();
}

/** Reads one group of queries to its last page (or MAX_PAGES), collecting every result. */
async function readGroup(context: AwsContext, group: z.output<typeof MetricQuerySchema>[], from: Date, to: Date, collected: Collected): Promise<void> {
  let token: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const response = await awsCall("cloudwatch:GetMetricData", () =>
      context.clients.cloudwatch.send(
        new GetMetricDataCommand({ MetricDataQueries: group.map(toMetricDataQuery), StartTime: from, EndTime: to, ScanBy: "TimestampAscending", NextToken: token }),
      ),
    );
    for (const result of response.MetricDataResults ?? []) collect(result, collected);
    const requestMessages = (response.Messages ?? []).map(messageText);
    if (requestMessages.length > 0) {
      for (const query of group) collected.requestMessages.set(query.id, [...new Set([...(collected.requestMessages.get(query.id) ?? []), ...requestMessages])]);
    }
    token = response.NextToken;
    if (!token) return;
  }
  for (const query of group) if (collected.statuses.get(query.id) === "PartialData") collected.truncated.add(query.id);
}

/**
 * Reads every query over [from, to] and returns one series per query id, oldest point
 * first, each with how CloudWatch answered for it. Queries answered with InternalError are
 * asked once more (the API reference: "Retry your request"); what still fails, or is
 * Forbidden, comes back as a failed series with CloudWatch's messages, never as an empty
 * chart that would read as "no data".
 */
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

  const collected: Collected = { points: new Map(), labels: new Map(), statuses: new Map(), messages: new Map(), requestMessages: new Map(), truncated: new Set() };
  for (const group of chunk(queries, MAX_QUERIES_PER_CALL)) await readGroup(context, group, from, to, collected);
  const failed = queries.filter((query) => collected.statuses.get(query.id) === "InternalError");
  if (failed.length > 0) {
    // A fresh answer replaces the failed one: its messages, its status, its points.
    for (const query of failed) {
      collected.messages.delete(query.id);
      collected.points.delete(query.id);
    }
    for (const group of chunk(failed, MAX_QUERIES_PER_CALL)) await readGroup(context, group, from, to, collected);
  }

  return queries.map((query) => {
    const byTime = collected.points.get(query.id) ?? new Map<number, number>();
    const series: MetricPoint[] = [...byTime.entries()].sort(([a], [b]) => a - b).map(([t, v]) => ({ t, v }));
    const code = collected.statuses.get(query.id);
    const status = code === "InternalError" || code === "Forbidden" ? "failed" : collected.truncated.has(query.id) ? "partial" : "complete";
    const messages = [...(collected.messages.get(query.id) ?? []), ...(collected.requestMessages.get(query.id) ?? [])];
    return SeriesSchema.parse({
      id: query.id,
      label: query.label ?? collected.labels.get(query.id) ?? query.id,
      points: status === "failed" ? [] : series,
      status,
      ...(messages.length > 0 ? { messages } : {}),
    });
  });
}

/** Later pages continue a query's series; a timestamp seen twice keeps its latest value. */
function collect(result: MetricDataResult, collected: Collected): void {
  if (!result.Id) return;
  if (result.Label) collected.labels.set(result.Id, result.Label);
  if (result.StatusCode) collected.statuses.set(result.Id, result.StatusCode);
  const messages = (result.Messages ?? []).map(messageText);
  if (messages.length > 0) collected.messages.set(result.Id, [...new Set([...(collected.messages.get(result.Id) ?? []), ...messages])]);
  const series = collected.points.get(result.Id) ?? new Map<number, number>();
  const timestamps = result.Timestamps ?? [];
  const values = result.Values ?? [];
  timestamps.forEach((timestamp, index) => {
    const value = values[index];
    if (value !== undefined && Number.isFinite(value)) series.set(timestamp.getTime(), value);
  });
  collected.points.set(result.Id, series);
}

const COMPARISONS = ["GreaterThanThreshold", "GreaterThanOrEqualToThreshold", "LessThanThreshold", "LessThanOrEqualToThreshold"] as const;
type Comparison = (typeof COMPARISONS)[number];

function isComparison(value: string | undefined): value is Comparison {
  return COMPARISONS.some((comparison) => comparison === value);
}

function dimensionsOf(dimensions: { Name?: string; Value?: string }[] | undefined): Record<string, string> {
  return Object.fromEntries((dimensions ?? []).flatMap((dimension): [string, string][] => (dimension.Name && dimension.Value ? [[dimension.Name, dimension.Value]] : [])));
}

/** The dimensions every metric shares (name and value), so a math alarm still says what it is about. */
function sharedDimensions(all: Record<string, string>[]): Record<string, string> {
  const [first, ...rest] = all;
  if (!first) return {};
  return Object.fromEntries(Object.entries(first).filter(([name, value]) => rest.every((dimensions) => dimensions[name] === value)));
}

function stateFields(alarm: MetricAlarm | CompositeAlarm): Pick<AlarmState, "name" | "description" | "state" | "reason" | "updatedAt"> | null {
  if (!alarm.AlarmName || !alarm.StateValue) return null;
  return {
    name: alarm.AlarmName,
    description: alarm.AlarmDescription ?? null,
    state: alarm.StateValue,
    reason: alarm.StateReason ?? "",
    updatedAt: (alarm.StateUpdatedTimestamp ?? alarm.AlarmConfigurationUpdatedTimestamp ?? new Date(0)).toISOString(),
  };
}

/**
 * The port's alarm shape. A metric-math alarm evaluates the one entry of its Metrics list
 * with ReturnData true (the expression), not the metrics the expression reads: reporting
 * the first of those (as this adapter once did) showed `DesiredTaskCount Average > 0` for
 * an alarm on `desired - running > 0`. Anomaly-band alarms have no threshold and are left out.
 */
function toAlarmState(alarm: MetricAlarm): AlarmState | null {
  const state = stateFields(alarm);
  if (!state || !isComparison(alarm.ComparisonOperator) || alarm.Threshold === undefined) return null;
  const common = { ...state, threshold: alarm.Threshold, comparison: alarm.ComparisonOperator, evaluationPeriods: alarm.EvaluationPeriods ?? 1 };
  if (alarm.MetricName && alarm.Namespace) {
    if (!alarm.Period) return null;
    return AlarmStateSchema.parse({
      ...common,
      namespace: alarm.Namespace,
      metricName: alarm.MetricName,
      dimensions: dimensionsOf(alarm.Dimensions),
      stat: alarm.Statistic ?? alarm.ExtendedStatistic ?? "Average",
      periodSeconds: alarm.Period,
      kind: "metric",
    });
  }
  const evaluated = alarm.Metrics?.find((query) => query.ReturnData !== false) ?? (alarm.Metrics?.length === 1 ? alarm.Metrics[0] : undefined);
  if (!evaluated?.Id) return null;
  const read = (alarm.Metrics ?? []).flatMap((query) => {
    const stat = query.MetricStat;
    if (!query.Id || !stat?.Metric?.Namespace || !stat.Metric.MetricName || !stat.Period || !stat.Stat) return [];
    return [{ id: query.Id, namespace: stat.Metric.Namespace, metricName: stat.Metric.MetricName, dimensions: dimensionsOf(stat.Metric.Dimensions), stat: stat.Stat, periodSeconds: stat.Period }];
  });
  const period = evaluated.Period ?? evaluated.MetricStat?.Period ?? read[0]?.periodSeconds;
  if (!period) return null;
  if (!evaluated.Expression) {
    // A Metrics list holding a single returned MetricStat is a plain metric alarm written the long way.
    const metric = read.find((entry) => entry.id === evaluated.Id);
    if (!metric) return null;
    return AlarmStateSchema.parse({ ...common, namespace: metric.namespace, metricName: metric.metricName, dimensions: metric.dimensions, stat: metric.stat, periodSeconds: metric.periodSeconds, kind: "metric" });
  }
  const namespaces = [...new Set(read.map((entry) => entry.namespace))];
  return AlarmStateSchema.parse({
    ...common,
    // The fields the port has always had, filled so they read truly: the expression stands where a metric's name would.
    namespace: namespaces.length === 1 && namespaces[0] ? namespaces[0] : "metric math",
    metricName: evaluated.Expression,
    dimensions: sharedDimensions(read.map((entry) => entry.dimensions)),
    stat: "expression",
    periodSeconds: period,
    kind: "math",
    expression: { id: evaluated.Id, expression: evaluated.Expression, label: evaluated.Label ?? null, metrics: read.filter((entry) => entry.id !== evaluated.Id) },
  });
}

/**
 * A composite alarm (a rule over other alarms' states). It has no metric, threshold or
 * period; the port's metric fields are filled so that a view that only knows them reads
 * "<rule> is true", and `kind`/`rule` say what it really is.
 */
function toCompositeState(alarm: CompositeAlarm): AlarmState | null {
  const state = stateFields(alarm);
  if (!state || !alarm.AlarmRule) return null;
  return AlarmStateSchema.parse({
    ...state,
    namespace: "composite",
    metricName: alarm.AlarmRule,
    dimensions: {},
    stat: "rule",
    threshold: 1,
    comparison: "GreaterThanOrEqualToThreshold",
    evaluationPeriods: 1,
    periodSeconds: 60,
    kind: "composite",
    rule: alarm.AlarmRule,
  });
}

/**
 * Every alarm of the deployment (names start with the `AlarmNamePrefix` output): metric
 * and metric-math alarms, then composite ones (FIS stop conditions and paging alarms are
 * often composite).
 */
export async function readAlarms(context: AwsContext): Promise<AlarmState[]> {
  const pages = await allPages(
    (NextToken) =>
      awsCall("cloudwatch:DescribeAlarms", () =>
        context.clients.cloudwatch.send(
          new DescribeAlarmsCommand({ AlarmNamePrefix: context.config.outputs.AlarmNamePrefix, AlarmTypes: ["MetricAlarm", "CompositeAlarm"], MaxRecords: 100, NextToken }),
        ),
      ),
    (page) => [{ metric: page.MetricAlarms ?? [], composite: page.CompositeAlarms ?? [] }],
    (page) => page.NextToken,
  );
  const metric = pages.flatMap((page) => page.metric.map(toAlarmState));
  const composite = pages.flatMap((page) => page.composite.map(toCompositeState));
  return [...metric, ...composite].filter((alarm): alarm is AlarmState => alarm !== null);
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

/** One alarm's state changes in [since, until], newest first, at most MAX_HISTORY_PAGES pages. */
async function alarmHistory(context: AwsContext, alarmName: string, since: Date, until: Date): Promise<AlarmHistoryItem[]> {
  return allPages(
    (NextToken) =>
      awsCall("cloudwatch:DescribeAlarmHistory", () =>
        context.clients.cloudwatch.send(
          new DescribeAlarmHistoryCommand({
            AlarmName: alarmName,
            AlarmTypes: ["MetricAlarm", "CompositeAlarm"],
            HistoryItemType: "StateUpdate",
            StartDate: since,
            EndDate: until,
            ScanBy: "TimestampDescending",
            MaxRecords: 100,
            NextToken,
          }),
        ),
      ),
    (page) => page.AlarmHistoryItems,
    (page) => page.NextToken,
    MAX_HISTORY_PAGES,
  );
}

/**
 * State changes of this deployment's alarms in [since, now]. Read per alarm (the API has no
 * prefix filter, and an account-wide read lets other teams' alarms crowd ours out), newest
 * first (if a cap cuts, it cuts the oldest), and only for alarms whose state changed in the
 * window: DescribeAlarms' StateUpdatedTimestamp says which, so a quiet poll costs no
 * history call at all.
 */
export async function readAlarmTransitions(context: AwsContext, since: Date): Promise<LabEvent[]> {
  const until = context.now();
  const alarms = await readAlarms(context);
  const changed = alarms.filter((alarm) => Date.parse(alarm.updatedAt) >= since.getTime());
  const events: LabEvent[] = [];
  for (const alarm of changed) {
    const items = await alarmHistory(context, alarm.name, since, until);
    events.push(...items.map(historyEvent).filter((event): event is LabEvent => event !== null));
  }
  return events;
}
