import "server-only";
import { ApiError } from "@/lib/api/errors";
import type { Principal } from "@/lib/auth/principal";
import { db } from "@/lib/db/client";
import { requireGameDayAccess } from "@/lib/gameday/access";
import { appendTimelineEvent } from "@/lib/timeline/append-event";
import { computeRunScores } from "./compute-run-scores";

/**
 * Shows the game day's scores to its trainees and observers: those of every run ended by now
 * (runs launched later stay hidden). Every run is recomputed first, so what they see is the
 * evidence as it stands at the reveal; revealing twice changes nothing.
 */
export async function revealScores(principal: Principal, gameDayId: string, now = new Date()): Promise<{ revealedAt: string; alreadyRevealed: boolean }> {
  const { gameDay } = await requireGameDayAccess(principal, gameDayId, "manage");
  if (gameDay.scoresRevealedAt) return { revealedAt: gameDay.scoresRevealedAt.toISOString(), alreadyRevealed: true };
  const live = await db().run.count({ where: { gameDayId, status: { not: "ended" } } });
  if (live > 0) throw new ApiError("conflict", "A fault is still live: reveal the scores once every run has ended (the reveal covers the runs ended by then).");
  const runs = await db().run.findMany({ where: { gameDayId, injectedAt: { not: null } }, select: { id: true } });
  for (const run of runs) await computeRunScores(run.id, now);
  await db().gameDay.update({ where: { id: gameDayId }, data: { scoresRevealedAt: now } });
  await appendTimelineEvent({ gameDayId, kind: "scores.revealed", actor: { id: principal.userId, name: principal.name }, teamId: null, body: `${principal.name} revealed the scores`, data: {} });
  return { revealedAt: now.toISOString(), alreadyRevealed: false };
}
