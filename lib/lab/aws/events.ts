import "server-only";
/**
 * The timeline feed: ECS service events, deployments and task starts/stops, alarm state
 * changes, FIS experiment and action transitions, and the console's own SDK-driven faults.
 * Every event id is derived from what AWS reports, so the same event has the same id on
 * every poll and the console can de-duplicate. Each source stands alone: one that fails is
 * reported stale instead of failing the feed.
 */
import { LabError } from "../errors";
import { LabEventFeedSchema, LabEventSchema, type LabEvent, type LabEventFeed, type LabEventSource } from "../types";
import { readAlarmTransitions } from "./cloudwatch";
import { type AwsContext } from "./context";
import { deploymentEventsSince, describeServices, readTasks, serviceEventsSince, taskEventsSince } from "./ecs";
import { toLabError } from "./errors";
import { actionStart, getExperiment, isActiveStatus, isEnded, listExperiments, ourExperiments } from "./fis";
import { GAMEDAY_TAGS } from "./outputs";
import { readLedger } from "./ledger";

/** Experiments read in detail per poll: the active ones and the newest few. */
const MAX_EXPERIMENTS = 10;
/** An experiment created this long before `since` may still have ended after it. */
const LOOKBACK_MS = 2 * 60 * 60_000;

async function experimentEvents(context: AwsContext, since: Date): Promise<LabEvent[]> {
  const candidates = ourExperiments(context, await listExperiments(context))
    .filter((experiment) => experiment.id && (isActiveStatus(experiment.state?.status) || (experiment.creationTime?.getTime() ?? 0) >= since.getTime() - LOOKBACK_MS))
    .sort((a, b) => (b.creationTime?.getTime() ?? 0) - (a.creationTime?.getTime() ?? 0))
    .slice(0, MAX_EXPERIMENTS);
  const events: LabEvent[] = [];
  for (const summary of candidates) {
    const experiment = await getExperiment(context, summary.id ?? "");
    const id = experiment.id ?? summary.id ?? "";
    const scenario = experiment.tags?.[GAMEDAY_TAGS.scenario] ?? "experiment";
    const data = { experimentId: id, scenarioId: scenario, runId: experiment.tags?.[GAMEDAY_TAGS.run] ?? null };
    if (experiment.creationTime) {
      events.push({ id: `fis:${id}:created`, at: experiment.creationTime.toISOString(), kind: "fault", service: null, message: `FIS experiment ${id} (${scenario}) started`, data });
    }
    for (const [name, action] of Object.entries(experiment.actions ?? {})) {
      const started = actionStart(experiment, action);
      if (started) {
        events.push({ id: `fis:${id}:${name}:started`, at: started.toISOString(), kind: "fault", service: null, message: `FIS action ${action.actionId ?? name} started`, data: { ...data, action: action.actionId ?? name } });
      }
    }
    const status = String(experiment.state?.status ?? "");
    if (isEnded(status) && experiment.endTime) {
      events.push({
        id: `fis:${id}:${status}`,
        at: experiment.endTime.toISOString(),
        kind: "fault",
        service: null,
        message: `FIS experiment ${id} (${scenario}) ${status}${experiment.state?.reason ? `: ${experiment.state.reason}` : ""}`,
        data: { ...data, status },
      });
    }
  }
  return events;
}

async function faultEvents(context: AwsContext): Promise<LabEvent[]> {
  const ledger = await readLedger(context);
  const events: LabEvent[] = [];
  for (const record of ledger.records) {
    const data = { runId: record.runId, scenarioId: record.scenarioId };
    if (record.injectedAt) {
      events.push({ id: `sdk:${record.runId}:applied`, at: record.injectedAt.toISOString(), kind: "fault", service: null, message: `${record.scenarioId} applied (run ${record.runId})`, data });
    }
    if (record.state === "ended" && record.endedAt) {
      events.push({
        id: `sdk:${record.runId}:${record.outcome ?? "ended"}`,
        at: record.endedAt.toISOString(),
        kind: "fault",
        service: null,
        message: `${record.scenarioId} reverted (${record.endReason ?? record.outcome ?? "ended"}, run ${record.runId})`,
        data: { ...data, outcome: record.outcome },
      });
    }
  }
  return events;
}

/** The feed's sources, in the order the console lists them. */
const SOURCES = {
  "service-events": "ECS service events",
  deployments: "ECS deployments",
  tasks: "ECS task starts and stops",
  "alarm-history": "CloudWatch alarm history",
  fis: "FIS experiments",
  faults: "Console-driven faults",
} as const;
export type EventSourceId = keyof typeof SOURCES;

/** What the adapter remembers between polls: when each source last answered. */
export type EventSourceMemory = Map<EventSourceId, Date>;

type Outcome = { ok: true; events: LabEvent[] } | { ok: false; error: LabError };

async function attempt(read: () => Promise<LabEvent[]>, action: string): Promise<Outcome> {
  try {
    return { ok: true, events: await read() };
  } catch (error) {
    return { ok: false, error: toLabError(error, action) };
  }
}

/**
 * The timeline feed with the state of each source. Sources are read independently: one
 * that fails (a missing permission for alarm history, a throttled ECS call) is reported
 * stale with its reason and the others still reach the timeline. Only when every source
 * fails does the feed fail, with the first failure's code.
 */
export async function readEventFeed(context: AwsContext, since: Date, memory: EventSourceMemory): Promise<LabEventFeed> {
  const now = context.now();
  // ECS service events and deployments come from the same DescribeServices answer.
  const services = describeServices(context);
  const fromServices = (pick: (found: Awaited<typeof services>) => LabEvent[]) => async () => pick(await services);
  const entries = Object.keys(SOURCES) as EventSourceId[];
  const readers: Record<EventSourceId, [() => Promise<LabEvent[]>, string]> = {
    "service-events": [fromServices((found) => serviceEventsSince(found, since)), "ecs:DescribeServices"],
    deployments: [fromServices((found) => deploymentEventsSince(found, since, now)), "ecs:DescribeServices"],
    tasks: [async () => taskEventsSince(context, await readTasks(context), since), "ecs:DescribeTasks"],
    "alarm-history": [() => readAlarmTransitions(context, since), "cloudwatch:DescribeAlarmHistory"],
    fis: [() => experimentEvents(context, since), "fis:GetExperiment"],
    faults: [() => faultEvents(context), "ecs:DescribeClusters"],
  };
  services.catch(() => undefined);
  const outcomes = await Promise.all(entries.map((id) => attempt(...readers[id])));

  const failures = outcomes.flatMap((outcome) => (outcome.ok ? [] : [outcome.error]));
  const [first] = failures;
  if (first && failures.length === outcomes.length) {
    throw new LabError(first.code, `No event source answered: ${first.message}`, { sources: entries.map((id, index) => ({ id, error: failures[index]?.message ?? null })) });
  }

  const sources: LabEventSource[] = entries.map((id, index) => {
    const outcome = outcomes[index];
    if (outcome?.ok) memory.set(id, now);
    return { id, label: SOURCES[id], status: outcome?.ok ? "ok" : "stale", reason: outcome && !outcome.ok ? outcome.error.message : null, lastReadAt: memory.get(id)?.toISOString() ?? null };
  });
  const unique = new Map<string, LabEvent>();
  for (const outcome of outcomes) {
    if (!outcome.ok) continue;
    for (const event of outcome.events) {
      if (Date.parse(event.at) >= since.getTime() && !unique.has(event.id)) unique.set(event.id, LabEventSchema.parse(event));
    }
  }
  const events = [...unique.values()].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.id.localeCompare(b.id));
  return LabEventFeedSchema.parse({ events, sources });
}
