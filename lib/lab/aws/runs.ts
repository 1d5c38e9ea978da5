import "server-only";
/**
 * Runs on AWS: start, status, stop, halt-all and lease enforcement, for FIS experiments and
 * for the SDK-driven faults of the ledger alike. Handles of SDK-driven runs carry
 * `sdk:<runId>` as their external id; FIS runs carry the experiment id.
 */
import { getScenario } from "@/lib/scenarios";
import { LabError, isLabError } from "../errors";
import { RunHandleSchema, RunSpecSchema, RunStatusSchema, type RunHandle, type RunOutcome, type RunSpec, type RunStatus, type ScenarioId } from "../types";
import { GAMEDAY_TAGS } from "./outputs";
import { type AwsContext } from "./context";
import { deployService } from "./deploy";
import { toLabError } from "./errors";
import {
  LEASE_TAG,
  WRITER_TAG,
  assertLeverDisengaged,
  engageSafetyLever,
  experimentStatus,
  getExperiment,
  isActiveStatus,
  isEnded,
  listExperiments,
  ourExperiments,
  requireTemplate,
  startExperiment,
  stopExperiment,
} from "./fis";
import { assertLedgerRunId, findRecord, liveRecords, pruneLedger, readLedger, writeRecord, type FaultRecord, type Ledger } from "./ledger";
import { faultResource, isSdkScenario, parseParams, revertFault, sdkFault, type SdkScenarioId } from "./sdk-faults";
import { readDbCluster, writerOf } from "./topology";

export const SDK_PREFIX = "sdk:";
/** An apply older than this with no progress is a crash leftover, not a launch in flight. */
const STALE_APPLY_MS = 5 * 60_000;

export function isSdkHandle(externalId: string): boolean {
  return externalId.startsWith(SDK_PREFIX);
}

/** The scenario's AWS mechanics from the catalog (one source of truth with the local lab). */
export function awsImplementation(scenarioId: ScenarioId): { kind: "fis" | "sdk"; capacity: "ec2" | undefined } {
  const scenario = getScenario(scenarioId);
  if (!scenario) throw new LabError("not-found", `Unknown scenario ${scenarioId}.`);
  return { kind: scenario.aws.kind, capacity: scenario.aws.capacity };
}

function parseSpec(input: RunSpec): ReturnType<typeof RunSpecSchema.parse> {
  const result = RunSpecSchema.safeParse(input);
  if (!result.success) {
    throw new LabError("invalid", `Invalid run: ${result.error.issues.map((issue) => `${issue.path.join(".") || "run"} ${issue.message}`).join("; ")}`);
  }
  return result.data;
}

function handleOf(runId: string, externalId: string, leaseExpiresAt: Date, durationMs: number): RunHandle {
  return RunHandleSchema.parse({
    runId,
    kind: "aws",
    externalId,
    startedAt: new Date(leaseExpiresAt.getTime() - durationMs).toISOString(),
    leaseExpiresAt: leaseExpiresAt.toISOString(),
  });
}

/** Ledger instants are kept to the second: tag values are short. */
function second(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}

export async function startRun(context: AwsContext, input: RunSpec): Promise<RunHandle> {
  const spec = parseSpec(input);
  assertLedgerRunId(spec.runId);
  const implementation = awsImplementation(spec.scenarioId);
  if (implementation.capacity === "ec2" && context.config.capacity !== "ec2") {
    throw new LabError("unsupported", `${spec.scenarioId} needs the EC2 capacity variant of the stack (deploy with capacity: ec2); this deployment runs on Fargate.`);
  }
  return isSdkScenario(spec.scenarioId) ? startSdkRun(context, spec, spec.scenarioId) : startFisRun(context, spec);
}

async function startFisRun(context: AwsContext, spec: ReturnType<typeof parseSpec>): Promise<RunHandle> {
  const params = parseParams(spec.scenarioId, spec.params);
  const durationMs = spec.durationSeconds * 1000;
  // A retried launch finds its experiment by the run tag and changes nothing (its tags, the
  // lease among them, were fixed by the first launch); the client token still guards two
  // launches racing each other.
  const existing = ourExperiments(context, await listExperiments(context)).find((experiment) => experiment.tags?.[GAMEDAY_TAGS.run] === spec.runId);
  if (existing?.id) {
    const recorded = new Date(existing.tags?.[LEASE_TAG] ?? "");
    const lease = Number.isNaN(recorded.getTime()) ? new Date((existing.creationTime ?? context.now()).getTime() + durationMs) : recorded;
    return handleOf(spec.runId, existing.id, lease, durationMs);
  }

  await assertLeverDisengaged(context);
  const template = await requireTemplate(context, spec.scenarioId);
  const lease = second(new Date(context.now().getTime() + durationMs));
  const tags: Record<string, string> = {
    ...spec.tags,
    [GAMEDAY_TAGS.run]: spec.runId,
    [GAMEDAY_TAGS.deployment]: context.config.outputs.Prefix,
    [GAMEDAY_TAGS.scenario]: spec.scenarioId,
    [LEASE_TAG]: lease.toISOString(),
  };
  if (spec.scenarioId === "aurora-failover") {
    // Remembered on the experiment so "fail back" knows which instance was the writer.
    const cluster = await readDbCluster(context);
    const writer = cluster ? writerOf(cluster) : null;
    if (writer) tags[WRITER_TAG] = writer;
  }
  const experiment = await startExperiment(context, spec.runId, template.id, tags);
  if (spec.scenarioId === "spot-loss-during-deploy" && "service" in params) {
    // The Spot warning lands while the rollout replaces tasks: the scenario's whole point.
    await deployService(context, params.service, { description: `gameday: rollout during spot-loss run ${spec.runId}` });
  }
  const recorded = new Date(experiment.tags?.[LEASE_TAG] ?? "");
  return handleOf(spec.runId, experiment.id ?? "", Number.isNaN(recorded.getTime()) ? lease : recorded, durationMs);
}

async function startSdkRun(context: AwsContext, spec: ReturnType<typeof parseSpec>, scenarioId: SdkScenarioId): Promise<RunHandle> {
  const durationMs = spec.durationSeconds * 1000;
  const ledger = await readLedger(context);
  const existing = findRecord(ledger, spec.runId);
  if (existing) return handleOf(existing.runId, `${SDK_PREFIX}${existing.runId}`, existing.leaseExpiresAt, durationMs);

  const fault = sdkFault(scenarioId, spec.params);
  await assertLeverDisengaged(context);
  const clash = liveRecords(ledger).find((record) => isSdkScenario(record.scenarioId) && faultResource(record.scenarioId, record.data.svc === "backend" ? "backend" : "api") === fault.resource);
  if (clash) {
    throw new LabError("conflict", `Run ${clash.runId} (${clash.scenarioId}) is still changing the same resource; stop it before starting ${scenarioId}.`, { runId: clash.runId });
  }
  await pruneLedger(context, ledger);

  const now = second(context.now());
  const input = { runId: spec.runId, leaseExpiresAt: new Date(now.getTime() + durationMs) };
  const prepared = await fault.prepare(context, input);
  const record: FaultRecord = {
    runId: spec.runId,
    scenarioId,
    state: "applying",
    outcome: null,
    startedAt: now,
    injectedAt: null,
    leaseExpiresAt: input.leaseExpiresAt,
    endedAt: null,
    endReason: null,
    data: prepared,
  };
  await writeRecord(context, ledger, record);
  try {
    const applied = await fault.apply(context, input, record.data);
    await writeRecord(context, ledger, { ...record, state: "active", injectedAt: second(context.now()), data: { ...record.data, ...applied } });
  } catch (error) {
    // Half a fault is worse than none: undo what may have been changed, record the failure, report it.
    await revertFault(context, scenarioId, record.data, record.runId).catch(() => undefined);
    await writeRecord(context, ledger, { ...record, state: "ended", outcome: "failed", endedAt: second(context.now()), endReason: "error" }).catch(() => undefined);
    throw toLabError(error, `${scenarioId} apply`);
  }
  return handleOf(spec.runId, `${SDK_PREFIX}${spec.runId}`, input.leaseExpiresAt, durationMs);
}

const END_REASONS: Record<string, string> = {
  stop: "stopped from the console; reverted",
  halt: "halted (halt-all); reverted",
  lease: "lease expired; reverted",
  error: "the fault could not be applied; reverted",
};

export function recordStatus(record: FaultRecord): RunStatus {
  const phase = record.state === "applying" ? "injecting" : record.state === "active" ? "active" : record.state === "reverting" ? "reverting" : "ended";
  const actionState = record.state === "applying" ? "initiating" : record.state === "active" ? "running" : record.state === "reverting" ? "stopping" : record.outcome === "completed" ? "completed" : record.outcome === "failed" ? "failed" : "stopped";
  const revertedAt = record.state === "ended" ? (record.endedAt ?? record.injectedAt ?? record.startedAt) : null;
  return RunStatusSchema.parse({
    externalId: `${SDK_PREFIX}${record.runId}`,
    phase,
    outcome: record.state === "ended" ? (record.outcome ?? "stopped") : null,
    reason: record.endReason ? (END_REASONS[record.endReason] ?? record.endReason) : null,
    injectedAt: record.injectedAt?.toISOString() ?? null,
    revertedAt: revertedAt?.toISOString() ?? null,
    leaseExpiresAt: record.leaseExpiresAt.toISOString(),
    actions: [
      {
        actionId: record.scenarioId,
        action: `sdk:${record.scenarioId}`,
        state: actionState,
        startedAt: record.injectedAt?.toISOString() ?? null,
        endedAt: record.state === "ended" ? (revertedAt?.toISOString() ?? null) : null,
      },
    ],
  });
}

/**
 * Reverts one fault: `reverting` is recorded before the change and `ended` after it, so a
 * crash in between is finished by the next sweep.
 */
async function revertRecord(context: AwsContext, ledger: Ledger, record: FaultRecord, outcome: RunOutcome, why: string): Promise<void> {
  if (!isSdkScenario(record.scenarioId)) return;
  if (record.state !== "reverting") await writeRecord(context, ledger, { ...record, state: "reverting" });
  await revertFault(context, record.scenarioId, record.data, record.runId);
  await writeRecord(context, ledger, { ...record, state: "ended", outcome, endedAt: second(context.now()), endReason: why });
}

export async function runStatus(context: AwsContext, handle: RunHandle): Promise<RunStatus> {
  if (isSdkHandle(handle.externalId)) {
    const ledger = await readLedger(context);
    const record = findRecord(ledger, handle.externalId.slice(SDK_PREFIX.length));
    if (!record) throw new LabError("not-found", `No AWS fault recorded for run ${handle.runId}.`);
    return recordStatus(record);
  }
  let experiment = await getExperiment(context, handle.externalId);
  const lease = experiment.tags?.[LEASE_TAG] ?? handle.leaseExpiresAt;
  if (!isEnded(experiment.state?.status) && experiment.state?.status !== "stopping" && context.now().getTime() > Date.parse(lease)) {
    // FIS templates fix their own durations; the console's lease still bounds the run.
    await stopExperiment(context, handle.externalId).catch(ignoreEnded);
    experiment = await getExperiment(context, handle.externalId);
  }
  return experimentStatus(experiment, new Date(Date.parse(lease) || Date.parse(handle.leaseExpiresAt)).toISOString());
}

/** Stopping something that already ended is not an error for a stop button. */
function ignoreEnded(error: unknown): void {
  if (isLabError(error) && (error.code === "conflict" || error.code === "invalid")) return;
  throw error;
}

export async function stopRun(context: AwsContext, handle: RunHandle): Promise<void> {
  if (isSdkHandle(handle.externalId)) {
    const ledger = await readLedger(context);
    const record = findRecord(ledger, handle.externalId.slice(SDK_PREFIX.length));
    if (!record) throw new LabError("not-found", `No AWS fault recorded for run ${handle.runId}.`);
    if (record.state === "ended") return;
    await revertRecord(context, ledger, record, "stopped", "stop");
    return;
  }
  const experiment = await getExperiment(context, handle.externalId);
  if (isEnded(experiment.state?.status) || experiment.state?.status === "stopping") return;
  await stopExperiment(context, handle.externalId).catch(ignoreEnded);
}

/**
 * Stops every experiment of this deployment and reverts every SDK-driven fault, then (when
 * asked) engages the account's safety lever. Every step is attempted even if one fails;
 * failures are reported together after the rest has been done.
 */
export async function haltAll(context: AwsContext, reason: string, engageLever: boolean): Promise<string[]> {
  const halted: string[] = [];
  const failures: { target: string; error: LabError }[] = [];
  try {
    for (const experiment of ourExperiments(context, await listExperiments(context))) {
      const status = experiment.state?.status;
      if (!experiment.id || !isActiveStatus(status)) continue;
      if (status === "stopping") {
        halted.push(experiment.id);
        continue;
      }
      try {
        await stopExperiment(context, experiment.id).catch(ignoreEnded);
        halted.push(experiment.id);
      } catch (error) {
        failures.push({ target: experiment.id, error: toLabError(error, "fis:StopExperiment") });
      }
    }
  } catch (error) {
    failures.push({ target: "fis:ListExperiments", error: toLabError(error, "fis:ListExperiments") });
  }
  try {
    const ledger = await readLedger(context);
    for (const record of liveRecords(ledger)) {
      try {
        await revertRecord(context, ledger, record, "stopped", "halt");
        halted.push(`${SDK_PREFIX}${record.runId}`);
      } catch (error) {
        failures.push({ target: `${SDK_PREFIX}${record.runId}`, error: toLabError(error, `${record.scenarioId} revert`) });
      }
    }
  } catch (error) {
    failures.push({ target: "fault ledger", error: toLabError(error, "ecs:DescribeClusters") });
  }
  if (engageLever) {
    try {
      await engageSafetyLever(context, reason);
    } catch (error) {
      failures.push({ target: "safety lever", error: toLabError(error, "fis:UpdateSafetyLeverState") });
    }
  }
  if (failures.length > 0) {
    const [first] = failures;
    throw new LabError(first?.error.code ?? "unreachable", `Halt-all did not finish: ${failures.map((failure) => `${failure.target}: ${failure.error.message}`).join(" | ")}`, {
      halted,
      failures: failures.map((failure) => ({ target: failure.target, code: failure.error.code, message: failure.error.message })),
    });
  }
  return halted;
}

/**
 * Enforces leases without the console's memory: SDK-driven faults past their lease are
 * reverted (outcome `completed`), crash leftovers are finished, and experiments of this
 * deployment past the lease on their tag are stopped.
 */
export async function sweepExpired(context: AwsContext): Promise<void> {
  const now = context.now().getTime();
  const ledger = await readLedger(context);
  for (const record of liveRecords(ledger)) {
    const expired = record.leaseExpiresAt.getTime() <= now;
    const leftover = record.state === "reverting" || (record.state === "applying" && now - record.startedAt.getTime() > STALE_APPLY_MS);
    if (expired || leftover) await revertRecord(context, ledger, record, record.state === "applying" ? "failed" : expired ? "completed" : "stopped", expired ? "lease" : "error");
  }
  for (const experiment of ourExperiments(context, await listExperiments(context))) {
    const lease = Date.parse(experiment.tags?.[LEASE_TAG] ?? "");
    const status = experiment.state?.status;
    if (experiment.id && isActiveStatus(status) && status !== "stopping" && Number.isFinite(lease) && lease <= now) {
      await stopExperiment(context, experiment.id).catch(ignoreEnded);
    }
  }
}
