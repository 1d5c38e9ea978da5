import "server-only";
/**
 * The ledger of SDK-driven faults (the scenarios FIS cannot express: the console applies
 * and reverts them itself). Each fault is one tag on the deployment's ECS cluster,
 *   gameday:fault:<runId> = "s=<scenario> st=<state> start=<epoch s> lease=<epoch s> svc=api prev=3 …"
 * so that status(), haltAll() and lease expiry work from a fresh console process: the
 * cluster, not the console's memory, holds what was changed and how to undo it. One
 * DescribeClusters call reads every fault; tags survive console restarts and are visible
 * to an operator in the ECS console. States move applying → active → reverting → ended,
 * each written before the step it announces, so a crash in the middle leaves a record that
 * the next call finishes reverting.
 */
import { DescribeClustersCommand, TagResourceCommand, UntagResourceCommand } from "@aws-sdk/client-ecs";
import { LabError } from "../errors";
import { ScenarioIdSchema, type RunOutcome, type ScenarioId } from "../types";
import { type AwsContext } from "./context";
import { awsCall } from "./errors";

export const FAULT_TAG_PREFIX = "gameday:fault:";
/** ECS allows 50 tags per resource; the stack's own tags need some of them. */
const MAX_RECORDS = 30;
/** Ended records are kept a day, long enough for the game day's report to read them. */
const KEEP_ENDED_MS = 24 * 60 * 60_000;

/** Characters ECS accepts in tag keys and values (besides letters, digits and spaces). */
const TAG_VALUE = /^[A-Za-z0-9+\-=._:/@]*$/;

/** Where a fault is in its life; each state is written before the step it names. */
export type FaultState = "applying" | "active" | "reverting" | "ended";

/** One SDK-driven fault as the ledger records it: enough to report and to revert it. */
export interface FaultRecord {
  runId: string;
  scenarioId: ScenarioId;
  state: FaultState;
  outcome: RunOutcome | null;
  startedAt: Date;
  injectedAt: Date | null;
  leaseExpiresAt: Date;
  endedAt: Date | null;
  /** Why it ended: stop, halt, lease, error. */
  endReason: string | null;
  /** What revert needs (previous counts, task definitions, rule names…), scenario by scenario. */
  data: Record<string, string>;
}

/** The run id must fit a tag key; the console's ids (cuid-like) always do. */
export function assertLedgerRunId(runId: string): void {
  if (!TAG_VALUE.test(runId) || runId.length > 64) {
    throw new LabError("invalid", `Run id "${runId}" cannot label an AWS fault: use letters, digits and + - = . _ : / @ only (64 at most).`);
  }
}

const RESERVED = new Set(["s", "st", "out", "start", "inj", "lease", "end", "why"]);

/** Epoch seconds: a tag value holds 256 characters, and ISO instants would use half of them. */
function seconds(date: Date | null): string | null {
  return date ? String(Math.floor(date.getTime() / 1000)) : null;
}

/** Exported for tests: the tag value a record is stored as. */
export function encode(record: FaultRecord): string {
  for (const key of Object.keys(record.data)) if (RESERVED.has(key) || !/^[a-z]+$/.test(key)) throw new LabError("invalid", `Fault data key ${key} is reserved or malformed.`);
  const parts: [string, string | null][] = [
    ["s", record.scenarioId],
    ["st", record.state],
    ["out", record.outcome],
    ["start", seconds(record.startedAt)],
    ["inj", seconds(record.injectedAt)],
    ["lease", seconds(record.leaseExpiresAt)],
    ["end", seconds(record.endedAt)],
    ["why", record.endReason],
    ...Object.entries(record.data),
  ];
  const value = parts
    .filter((part): part is [string, string] => part[1] !== null)
    .map(([key, part]) => {
      if (!TAG_VALUE.test(part) || part.length === 0) throw new LabError("invalid", `Cannot record ${key}=${part} on the ECS cluster: not a valid tag value.`);
      return `${key}=${part}`;
    })
    .join(" ");
  if (value.length > 256) throw new LabError("invalid", `The fault record of run ${record.runId} does not fit an ECS tag (256 characters); shorter task definition family names would.`);
  return value;
}

function date(value: string | undefined): Date | null {
  if (!value || !/^\d+$/.test(value)) return null;
  return new Date(Number(value) * 1000);
}

/** Parses one tag; a record this version cannot read is ignored rather than crashing polls. */
export function decode(runId: string, value: string): FaultRecord | null {
  const fields = new Map<string, string>();
  for (const part of value.split(" ")) {
    const at = part.indexOf("=");
    if (at > 0) fields.set(part.slice(0, at), part.slice(at + 1));
  }
  const scenario = ScenarioIdSchema.safeParse(fields.get("s"));
  const state = fields.get("st");
  const startedAt = date(fields.get("start"));
  const leaseExpiresAt = date(fields.get("lease"));
  if (!scenario.success || !startedAt || !leaseExpiresAt || !(state === "applying" || state === "active" || state === "reverting" || state === "ended")) return null;
  const outcome = fields.get("out");
  const data: Record<string, string> = {};
  for (const [key, field] of fields) if (!RESERVED.has(key)) data[key] = field;
  return {
    runId,
    scenarioId: scenario.data,
    state,
    outcome: outcome === "completed" || outcome === "stopped" || outcome === "failed" || outcome === "cancelled" ? outcome : null,
    startedAt,
    injectedAt: date(fields.get("inj")),
    leaseExpiresAt,
    endedAt: date(fields.get("end")),
    endReason: fields.get("why") ?? null,
    data,
  };
}

/** The ledger as read: the cluster it lives on and its records. */
export interface Ledger {
  clusterArn: string;
  records: FaultRecord[];
}

export async function readLedger(context: AwsContext): Promise<Ledger> {
  const cluster = context.config.outputs.ClusterName;
  const response = await awsCall("ecs:DescribeClusters", () => context.clients.ecs.send(new DescribeClustersCommand({ clusters: [cluster], include: ["TAGS"] })));
  const found = response.clusters?.find((candidate) => candidate.clusterName === cluster || candidate.clusterArn?.endsWith(`/${cluster}`));
  if (!found?.clusterArn) throw new LabError("not-found", `ECS cluster ${cluster} not found in ${context.config.region}.`);
  const records = (found.tags ?? [])
    .filter((tag) => tag.key?.startsWith(FAULT_TAG_PREFIX) && tag.value)
    .map((tag) => decode((tag.key ?? "").slice(FAULT_TAG_PREFIX.length), tag.value ?? ""))
    .filter((record): record is FaultRecord => record !== null);
  return { clusterArn: found.clusterArn, records };
}

export async function writeRecord(context: AwsContext, ledger: Ledger, record: FaultRecord): Promise<void> {
  await awsCall("ecs:TagResource", () =>
    context.clients.ecs.send(new TagResourceCommand({ resourceArn: ledger.clusterArn, tags: [{ key: `${FAULT_TAG_PREFIX}${record.runId}`, value: encode(record) }] })),
  );
  ledger.records = [...ledger.records.filter((existing) => existing.runId !== record.runId), record];
}

/** Drops ended records older than a day, and the oldest ended ones beyond the cap. */
export async function pruneLedger(context: AwsContext, ledger: Ledger): Promise<void> {
  const now = context.now().getTime();
  const ended = ledger.records.filter((record) => record.state === "ended").sort((a, b) => (a.endedAt?.getTime() ?? 0) - (b.endedAt?.getTime() ?? 0));
  const stale = new Set(ended.filter((record) => now - (record.endedAt?.getTime() ?? 0) > KEEP_ENDED_MS).map((record) => record.runId));
  // Leave room for one more record: pruning runs before a new fault is written.
  let kept = ledger.records.length - stale.size;
  for (const record of ended) {
    if (kept < MAX_RECORDS) break;
    if (!stale.has(record.runId)) {
      stale.add(record.runId);
      kept -= 1;
    }
  }
  if (stale.size === 0) return;
  const keys = [...stale].map((runId) => `${FAULT_TAG_PREFIX}${runId}`);
  await awsCall("ecs:UntagResource", () => context.clients.ecs.send(new UntagResourceCommand({ resourceArn: ledger.clusterArn, tagKeys: keys })));
  ledger.records = ledger.records.filter((record) => !stale.has(record.runId));
}

export function findRecord(ledger: Ledger, runId: string): FaultRecord | undefined {
  return ledger.records.find((record) => record.runId === runId);
}

/** Records whose fault may still be in place: applied, or caught between steps by a crash. */
export function liveRecords(ledger: Ledger): FaultRecord[] {
  return ledger.records.filter((record) => record.state !== "ended");
}
