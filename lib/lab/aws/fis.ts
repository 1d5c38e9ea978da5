import "server-only";
/**
 * FIS: templates found by tag, experiments started idempotently (client token = the
 * console's run id), their states mapped to the port's phases, and the per-action start and
 * end instants that scoring takes as ground truth.
 */
import {
  GetExperimentCommand,
  GetExperimentTemplateCommand,
  ListExperimentTemplatesCommand,
  ListExperimentsCommand,
  StartExperimentCommand,
  StopExperimentCommand,
  type Experiment,
  type ExperimentSummary,
  type ExperimentTemplate,
  type ExperimentTemplateSummary,
} from "@aws-sdk/client-fis";
import { LabError } from "../errors";
import { GAMEDAY_TAGS } from "./outputs";
import { ActionStatusSchema, RunStatusSchema, type ActionStatus, type RunPhase, type RunOutcome, type RunStatus, type ScenarioId } from "../types";
import { allPages, type AwsContext } from "./context";
import { awsCall } from "./errors";
import { GetSafetyLeverCommand, UpdateSafetyLeverStateCommand, type SafetyLever } from "./safety-lever";

/** Experiment tag holding the run's lease, so any console process can enforce it. */
export const LEASE_TAG = "gameday:lease";
/** Experiment tag holding the Aurora writer before a failover, for fail-back. */
export const WRITER_TAG = "gameday:db-writer";

const ENDED = new Set(["completed", "stopped", "failed", "cancelled"]);
const ACTIVE = new Set(["pending", "initiating", "running", "stopping"]);

export function isEnded(status: string | undefined): boolean {
  return status !== undefined && ENDED.has(status);
}

export function isActiveStatus(status: string | undefined): boolean {
  return status !== undefined && ACTIVE.has(status);
}

function ours(context: AwsContext, tags: Record<string, string> | undefined): boolean {
  return tags?.[GAMEDAY_TAGS.deployment] === context.config.outputs.Prefix;
}

/** Templates of this deployment for a scenario, newest first. */
export async function findTemplates(context: AwsContext, scenarioId: ScenarioId): Promise<ExperimentTemplateSummary[]> {
  const templates = await allPages(
    (nextToken) => awsCall("fis:ListExperimentTemplates", () => context.clients.fis.send(new ListExperimentTemplatesCommand({ maxResults: 100, nextToken }))),
    (page) => page.experimentTemplates,
    (page) => page.nextToken,
  );
  return templates
    .filter((template) => ours(context, template.tags) && template.tags?.[GAMEDAY_TAGS.scenario] === scenarioId)
    .sort((a, b) => (b.creationTime?.getTime() ?? 0) - (a.creationTime?.getTime() ?? 0));
}

export async function requireTemplate(context: AwsContext, scenarioId: ScenarioId): Promise<ExperimentTemplateSummary & { id: string }> {
  const [template] = await findTemplates(context, scenarioId);
  if (!template?.id) {
    throw new LabError(
      "prerequisite-missing",
      `No FIS experiment template for ${scenarioId} in this deployment: expected one tagged ${GAMEDAY_TAGS.scenario}=${scenarioId} and ${GAMEDAY_TAGS.deployment}=${context.config.outputs.Prefix}. Deploy the stack's FIS templates.`,
      { scenarioId },
    );
  }
  return { ...template, id: template.id };
}

export async function getTemplate(context: AwsContext, id: string): Promise<ExperimentTemplate> {
  const response = await awsCall("fis:GetExperimentTemplate", () => context.clients.fis.send(new GetExperimentTemplateCommand({ id })));
  if (!response.experimentTemplate) throw new LabError("not-found", `FIS experiment template ${id} not found.`);
  return response.experimentTemplate;
}

/**
 * StartExperiment with the run id as client token: a retry of the same launch returns the
 * same experiment. `experimentOptions` is left out so the template's own settings apply.
 */
export async function startExperiment(context: AwsContext, runId: string, templateId: string, tags: Record<string, string>): Promise<Experiment> {
  const response = await awsCall("fis:StartExperiment", () =>
    context.clients.fis.send(new StartExperimentCommand({ clientToken: runId, experimentTemplateId: templateId, tags })),
  );
  if (!response.experiment?.id) throw new LabError("unreachable", "fis:StartExperiment returned no experiment.");
  return response.experiment;
}

export async function getExperiment(context: AwsContext, id: string): Promise<Experiment> {
  const response = await awsCall("fis:GetExperiment", () => context.clients.fis.send(new GetExperimentCommand({ id })));
  if (!response.experiment) throw new LabError("not-found", `FIS experiment ${id} not found.`);
  return response.experiment;
}

export async function stopExperiment(context: AwsContext, id: string): Promise<void> {
  await awsCall("fis:StopExperiment", () => context.clients.fis.send(new StopExperimentCommand({ id })));
}

/** Every experiment the account lists; callers filter to this deployment's. */
export async function listExperiments(context: AwsContext): Promise<ExperimentSummary[]> {
  return allPages(
    (nextToken) => awsCall("fis:ListExperiments", () => context.clients.fis.send(new ListExperimentsCommand({ maxResults: 100, nextToken }))),
    (page) => page.experiments,
    (page) => page.nextToken,
  );
}

export function ourExperiments(context: AwsContext, experiments: ExperimentSummary[]): ExperimentSummary[] {
  return experiments.filter((experiment) => ours(context, experiment.tags));
}

export async function getSafetyLever(context: AwsContext): Promise<SafetyLever> {
  const response = await awsCall("fis:GetSafetyLever", () => context.clients.fis.send(new GetSafetyLeverCommand({ id: context.config.safetyLeverId })));
  return response.safetyLever ?? {};
}

export async function engageSafetyLever(context: AwsContext, reason: string): Promise<void> {
  await awsCall("fis:UpdateSafetyLeverState", () =>
    context.clients.fis.send(new UpdateSafetyLeverStateCommand({ id: context.config.safetyLeverId, state: { status: "engaged", reason: reason.slice(0, 512) || "halt-all" } })),
  );
}

/** Refuses a launch while the account's safety lever is engaged: FIS would cancel it anyway. */
export async function assertLeverDisengaged(context: AwsContext): Promise<void> {
  const lever = await getSafetyLever(context);
  const status = lever.state?.status;
  if (status === "engaged" || status === "engaging") {
    throw new LabError(
      "conflict",
      `The FIS safety lever is engaged${lever.state?.reason ? ` (${lever.state.reason})` : ""}: no experiment can start until someone disengages it in the FIS console.`,
    );
  }
}

const PHASES: Record<string, RunPhase> = {
  pending: "initiating",
  initiating: "initiating",
  running: "active",
  stopping: "reverting",
  completed: "ended",
  stopped: "ended",
  failed: "ended",
  cancelled: "ended",
};

const ACTION_STATES = new Set(["pending", "initiating", "running", "completed", "cancelled", "stopping", "stopped", "failed", "skipped"]);

/** Action states that mean the action has run (or is running); a failed one may never have touched anything. */
const RAN = new Set(["running", "stopping", "completed", "stopped"]);

type ExperimentActionOf = NonNullable<Experiment["actions"]>[string];

/**
 * When an action started: its own startTime, or, for an action FIS says has run but gives
 * no start time (the documented get-experiment example is such a completed action), the
 * experiment's startTime. Scoring takes this as the injection instant.
 */
export function actionStart(experiment: Experiment, action: ExperimentActionOf): Date | undefined {
  if (action.startTime) return action.startTime;
  return RAN.has(String(action.state?.status ?? "")) ? experiment.startTime : undefined;
}

/** When an action ended: its own endTime, or the experiment's end for an action that ran. */
function actionEnd(experiment: Experiment, action: ExperimentActionOf): Date | undefined {
  if (action.endTime) return action.endTime;
  const state = String(action.state?.status ?? "");
  return state === "completed" || state === "stopped" ? experiment.endTime : undefined;
}

function actionStatuses(experiment: Experiment): ActionStatus[] {
  return Object.entries(experiment.actions ?? {}).map(([name, action]) => {
    const state = String(action.state?.status ?? "pending");
    return ActionStatusSchema.parse({
      actionId: name,
      action: action.actionId ?? name,
      state: ACTION_STATES.has(state) ? state : "pending",
      startedAt: actionStart(experiment, action)?.toISOString() ?? null,
      endedAt: actionEnd(experiment, action)?.toISOString() ?? null,
    });
  });
}

function earliest(dates: (Date | undefined)[]): Date | null {
  const times = dates.filter((date): date is Date => date instanceof Date).map((date) => date.getTime());
  return times.length > 0 ? new Date(Math.min(...times)) : null;
}

function latest(dates: (Date | undefined)[]): Date | null {
  const times = dates.filter((date): date is Date => date instanceof Date).map((date) => date.getTime());
  return times.length > 0 ? new Date(Math.max(...times)) : null;
}

/**
 * FIS states onto the port's phases. A running experiment whose actions have not started
 * yet (FIS is still resolving targets) is `injecting`; the fault is live (`active`) from the
 * first action's start, which is also the injection instant scoring uses (the experiment's
 * start when FIS gives its actions no start time). The revert instant is the experiment's
 * end (or its last action's end).
 */
export function experimentStatus(experiment: Experiment, leaseExpiresAt: string): RunStatus {
  const status = String(experiment.state?.status ?? "pending");
  const actions = Object.values(experiment.actions ?? {});
  const injectedAt = earliest(actions.map((action) => actionStart(experiment, action)));
  let phase: RunPhase = PHASES[status] ?? "initiating";
  if (phase === "active" && !injectedAt) phase = "injecting";
  const outcome: RunOutcome | null = phase === "ended" ? (status as RunOutcome) : null;
  const revertedAt = phase === "ended" ? (experiment.endTime ?? latest(actions.map((action) => action.endTime)) ?? injectedAt) : null;
  return RunStatusSchema.parse({
    externalId: experiment.id,
    phase,
    outcome,
    reason: experiment.state?.reason ?? null,
    injectedAt: injectedAt?.toISOString() ?? null,
    revertedAt: revertedAt ? (injectedAt && revertedAt < injectedAt ? injectedAt : revertedAt).toISOString() : null,
    leaseExpiresAt,
    actions: actionStatuses(experiment),
  });
}

/** ISO-8601 durations as FIS writes them (`PT2M`, `PT1H30M`, `PT90S`) in seconds. */
export function isoDurationSeconds(value: string | undefined): number | null {
  if (!value) return null;
  const match = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(value);
  if (!match) return null;
  const [, days, hours, minutes, seconds] = match;
  return Number(days ?? 0) * 86400 + Number(hours ?? 0) * 3600 + Number(minutes ?? 0) * 60 + Number(seconds ?? 0);
}

/** `PERCENT(50)` → 50; COUNT and ALL selections have no percentage. */
export function selectionPercent(selectionMode: string | undefined): number | null {
  const match = /^PERCENT\((\d+)\)$/.exec(selectionMode ?? "");
  return match?.[1] ? Number(match[1]) : null;
}
