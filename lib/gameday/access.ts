import "server-only";
import { ApiError } from "@/lib/api/errors";
import type { Principal } from "@/lib/auth/principal";
import { db } from "@/lib/db/client";

export type GameDayNeed = "view" | "participate" | "manage";

/** The team of a trainee who is in none: they read entries of no team but the game day's own. */
const NO_TEAM = "-";

/** How the caller takes part in a game day; admins who are not participants manage it. */
export type GameDayRole = "facilitator" | "trainee" | "observer";

/**
 * Permission by target: admins reach every game day; everyone else only the ones they take
 * part in, and only a facilitator of that game day may manage it. A game day the caller
 * cannot see answers 404, so ids cannot be probed. The answer carries what follows from it
 * (the caller's role there and whether blind mode applies to them), decided here once.
 */
export async function requireGameDayAccess(principal: Principal, gameDayId: string, need: GameDayNeed) {
  const gameDay = await db().gameDay.findUnique({ where: { id: gameDayId } });
  const participant = gameDay
    ? await db().participant.findUnique({ where: { gameDayId_userId: { gameDayId, userId: principal.userId } } })
    : null;
  if (!gameDay || (principal.role !== "admin" && !participant)) throw new ApiError("not_found", "No game day with that id is visible to you.");

  const canManage = principal.role === "admin" || (participant?.role === "facilitator" && principal.role === "facilitator");
  const canParticipate = canManage || participant?.role === "trainee";
  if (need === "manage" && !canManage) throw new ApiError("forbidden", "Only this game day's facilitators can do this.");
  if (need === "participate" && !canParticipate) throw new ApiError("forbidden", "Observers can watch but not take part.");
  const role: GameDayRole = canManage ? "facilitator" : participant?.role === "trainee" ? "trainee" : "observer";
  /** Blind mode keeps trainees (only) from learning which fault runs and when. */
  const blind = gameDay.blindMode && role === "trainee";
  /** A trainee reads their own team's entries only, unless the facilitator shares every team's log. */
  const onlyTeam = role === "trainee" && !gameDay.shareTeamLogs ? (participant?.teamId ?? NO_TEAM) : null;
  return { gameDay, participant, canManage, role, blind, timelineViewer: { blind, onlyTeam } };
}
