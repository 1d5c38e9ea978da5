import "server-only";
import { ApiError } from "@/lib/api/errors";
import type { Principal } from "@/lib/auth/principal";
import { db } from "@/lib/db/client";

export type GameDayNeed = "view" | "participate" | "manage";

/**
 * Permission by target: admins reach every game day; everyone else only the ones they take
 * part in, and only a facilitator of that game day may manage it. A game day the caller
 * cannot see answers 404, so ids cannot be probed.
 */
export async function requireGameDayAccess(gameDayId: string, principal: Principal, need: GameDayNeed) {
  const gameDay = await db().gameDay.findUnique({ where: { id: gameDayId } });
  const participant = gameDay
    ? await db().participant.findUnique({ where: { gameDayId_userId: { gameDayId, userId: principal.userId } } })
    : null;
  if (!gameDay || (principal.role !== "admin" && !participant)) throw new ApiError("not_found", "No game day with that id is visible to you.");

  const canManage = principal.role === "admin" || (participant?.role === "facilitator" && principal.role === "facilitator");
  const canParticipate = canManage || participant?.role === "trainee";
  if (need === "manage" && !canManage) throw new ApiError("forbidden", "Only this game day's facilitators can do this.");
  if (need === "participate" && !canParticipate) throw new ApiError("forbidden", "Observers can watch but not take part.");
  return { gameDay, participant, canManage };
}
