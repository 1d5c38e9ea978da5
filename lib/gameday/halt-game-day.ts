import "server-only";
import { ApiError } from "@/lib/api/errors";
import type { Principal } from "@/lib/auth/principal";
import { db } from "@/lib/db/client";
import type { Lab } from "@/lib/lab/types";
import { appendTimelineEvent } from "@/lib/timeline/append-event";
import { requireGameDayAccess } from "./access";
import { applyLabRunStatus } from "./apply-run-status";
import { runHandleOf } from "./run-handle";

export interface HaltResult {
  haltedAt: string;
  stoppedExternalIds: string[];
  /** Set when the lab could not be told (the halt flag still blocks new launches). */
  labError: string | null;
}

/**
 * The big red button. Records the halt first, so new launches are refused even if the lab
 * is slow or unreachable, then tells the lab to stop everything this console started, and
 * writes who and why on the timeline. Halting a halted game day halts again (idempotent).
 */
export async function haltGameDay(principal: Principal, gameDayId: string, input: { reason: string; engageSafetyLever: boolean }, lab: Lab): Promise<HaltResult> {
  const { gameDay } = await requireGameDayAccess(principal, gameDayId, "manage");
  if (input.engageSafetyLever && gameDay.environment !== "aws") {
    throw new ApiError("unprocessable", "The FIS safety lever exists only in AWS; this game day runs on the local lab.");
  }
  const haltedAt = new Date();
  await db().gameDay.update({ where: { id: gameDayId }, data: { haltedAt, haltedReason: input.reason, haltedById: principal.userId } });

  let stoppedExternalIds: string[] = [];
  let labError: string | null = null;
  try {
    stoppedExternalIds = await lab.haltAll(`halt-all by ${principal.email}: ${input.reason}`, { engageSafetyLever: input.engageSafetyLever });
  } catch (error) {
    labError = error instanceof Error ? error.message : String(error);
  }

  await appendTimelineEvent({
    gameDayId,
    kind: "halt.engaged",
    actor: { id: principal.userId, name: principal.name },
    at: haltedAt,
    body: `HALT ALL by ${principal.name}: ${input.reason}${input.engageSafetyLever ? " (FIS safety lever engaged)" : ""}${labError ? ` — the lab could not be reached: ${labError}` : ""}`,
    data: { reason: input.reason, stopped: stoppedExternalIds, engageSafetyLever: input.engageSafetyLever, labError },
  });

  const live = await db().run.findMany({ where: { gameDayId, status: { not: "ended" } } });
  await Promise.all(
    live.map(async (run) => {
      await db().run.update({ where: { id: run.id }, data: { stopReason: `halt-all: ${input.reason}`, stoppedById: principal.userId } });
      const handle = runHandleOf(run);
      if (!handle || labError) return;
      await applyLabRunStatus(run.id, await lab.status(handle)).catch(() => null);
    }),
  );
  return { haltedAt: haltedAt.toISOString(), stoppedExternalIds, labError };
}

/** Lifts a halt so runs may launch again; recorded on the timeline. */
export async function liftHalt(principal: Principal, gameDayId: string, reason: string): Promise<void> {
  const { gameDay } = await requireGameDayAccess(principal, gameDayId, "manage");
  if (!gameDay.haltedAt) throw new ApiError("conflict", "This game day is not halted.");
  await db().$transaction(async (tx) => {
    await tx.gameDay.update({ where: { id: gameDayId }, data: { haltedAt: null, haltedReason: null, haltedById: null } });
    await appendTimelineEvent(
      { gameDayId, kind: "halt.lifted", actor: { id: principal.userId, name: principal.name }, body: `Halt lifted by ${principal.name}: ${reason}`, data: { reason } },
      tx,
    );
  });
}
