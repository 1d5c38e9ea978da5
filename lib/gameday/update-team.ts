import "server-only";
import { ApiError } from "@/lib/api/errors";
import type { Principal } from "@/lib/auth/principal";
import { db } from "@/lib/db/client";
import { requireGameDayAccess } from "./access";
import { getGameDay } from "./get-game-day";
import type { GameDayView, UpdateTeamInput } from "./schemas";

/** The facilitator allows or stops a team's remediation actions on the target. */
export async function updateTeam(principal: Principal, teamId: string, input: UpdateTeamInput): Promise<GameDayView> {
  const team = await db().team.findUnique({ where: { id: teamId } });
  if (!team) throw new ApiError("not_found", "No team with that id is visible to you.");
  await requireGameDayAccess(principal, team.gameDayId, "manage");
  await db().team.update({ where: { id: teamId }, data: { remediationAllowed: input.remediationAllowed } });
  return getGameDay(principal, team.gameDayId);
}
