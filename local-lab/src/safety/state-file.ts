/**
 * The lab's state file (`<LAB_STATE_DIR>/lab-state.json`): who runs the lab (daemon,
 * watchdog, Postgres pids), whether the last run shut down cleanly, and the fault records.
 * Written atomically on every change, so a daemon killed at any instant leaves a file the
 * next start (and the watchdog) can act on.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { SCENARIO_IDS } from "../api/schemas";
import type { FaultRecord } from "../faults/types";

const instant = z.number().int().nonnegative();

const ActionRecordSchema = z.object({
  actionId: z.string(),
  action: z.string(),
  state: z.enum(["pending", "initiating", "running", "completed", "cancelled", "stopping", "stopped", "failed", "skipped"]),
  startedAt: instant.nullable(),
  endedAt: instant.nullable(),
});

export const FaultRecordSchema = z.object({
  id: z.string().min(1),
  runId: z.string().min(1),
  scenarioId: z.enum(SCENARIO_IDS),
  params: z.record(z.string(), z.unknown()),
  tags: z.record(z.string(), z.string()),
  startedAt: instant,
  leaseExpiresAt: instant,
  phase: z.enum(["initiating", "injecting", "active", "reverting", "ended"]),
  outcome: z.enum(["completed", "stopped", "failed", "cancelled"]).nullable(),
  reason: z.string().nullable(),
  injectedAt: instant.nullable(),
  revertedAt: instant.nullable(),
  actions: z.array(ActionRecordSchema),
  state: z.record(z.string(), z.unknown()),
});

export const StateFileSchema = z.object({
  version: z.literal(1),
  owner: z.string().min(1),
  bootId: z.string().min(1),
  daemonPid: z.number().int().positive(),
  watchdogPid: z.number().int().positive().nullable(),
  postmasterPid: z.number().int().positive().nullable(),
  startedAt: instant,
  cleanShutdown: z.boolean(),
  faults: z.array(FaultRecordSchema),
});
export type StateFile = z.infer<typeof StateFileSchema>;

export function stateFilePath(stateDir: string): string {
  return path.join(stateDir, "lab-state.json");
}

/** The previous run's state, or null when there is none or it cannot be read (then nothing is trusted from it). */
export function readStateFile(file: string): StateFile | null {
  try {
    const parsed = StateFileSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function writeStateFile(file: string, state: StateFile): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(state), { mode: 0o600 });
  renameSync(temporary, file);
}

/**
 * Faults a previous daemon left active are over: their processes, proxies and rules died
 * with it (and task flags expire by their own lease). Record them as ended, now.
 */
export function closeLeftoverFaults(faults: readonly FaultRecord[], previousPid: number, nowMs: number): FaultRecord[] {
  return faults.map((fault) => {
    if (fault.phase === "ended") return fault;
    return {
      ...fault,
      phase: "ended",
      outcome: fault.injectedAt === null ? "cancelled" : "stopped",
      reason: `reverted at daemon start: the previous daemon (pid ${previousPid}) stopped without reverting it`,
      revertedAt: nowMs,
      actions: fault.actions.map((action) => (action.endedAt !== null ? action : { ...action, state: action.startedAt === null ? "cancelled" : "stopped", endedAt: nowMs })),
    };
  });
}
