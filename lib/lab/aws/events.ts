import "server-only";
/**
 * The timeline feed: ECS service events, deployments and task starts/stops, alarm state
 * changes, FIS experiment and action transitions, and the console's own SDK-driven faults.
 * Every event id is derived from what AWS reports, so the same event has the same id on
 * every poll and the console can de-duplicate.
 */
import { LabEventSchema, type LabEvent } from "../types";
import { readAlarmTransitions } from "./cloudwatch";
import { type AwsContext } from "./context";
import { describeServices, readTasks, serviceEvents } from "./ecs";
import { getExperiment, isActiveStatus, isEnded, listExperiments, ourExperiments } from "./fis";
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
      if (action.startTime) {
        events.push({ id: `fis:${id}:${name}:started`, at: action.startTime.toISOString(), kind: "fault", service: null, message: `FIS action ${action.actionId ?? name} started`, data: { ...data, action: action.actionId ?? name } });
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

export async function readEvents(context: AwsContext, since: Date): Promise<LabEvent[]> {
  const services = await describeServices(context);
  const tasks = await readTasks(context);
  const all = [
    ...serviceEvents(context, services, tasks, since),
    ...(await readAlarmTransitions(context, since)),
    ...(await experimentEvents(context, since)),
    ...(await faultEvents(context)),
  ];
  const unique = new Map<string, LabEvent>();
  for (const event of all) {
    if (Date.parse(event.at) >= since.getTime() && !unique.has(event.id)) unique.set(event.id, LabEventSchema.parse(event));
  }
  return [...unique.values()].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.id.localeCompare(b.id));
}
