import "server-only";
import type { Principal } from "@/lib/auth/principal";
import { db } from "@/lib/db/client";
import { entryKindsFor } from "@/lib/timeline/kinds";
import { requireGameDayAccess } from "./access";
import { GameDayViewSchema, type GameDayView } from "./schemas";

export async function getGameDay(principal: Principal, gameDayId: string): Promise<GameDayView> {
  const { participant, canManage, blind, role } = await requireGameDayAccess(principal, gameDayId, "view");
  const gameDay = await db().gameDay.findUniqueOrThrow({
    where: { id: gameDayId },
    include: {
      teams: { orderBy: { name: "asc" } },
      participants: { include: { user: true }, orderBy: { joinedAt: "asc" } },
    },
  });
  return GameDayViewSchema.parse({
    ...gameDay,
    // A halt's reason is the facilitator's own words and may name the fault.
    haltedReason: blind ? null : gameDay.haltedReason,
    joinCode: canManage ? gameDay.joinCode : null,
    participants: gameDay.participants.map((entry) => ({
      id: entry.id,
      userId: entry.userId,
      name: entry.user.name,
      email: entry.user.email,
      role: entry.role,
      teamId: entry.teamId,
    })),
    viewer: {
      role: principal.role === "admin" && !participant ? "admin" : (participant?.role ?? "admin"),
      canManage,
      blind,
      teamId: participant?.teamId ?? null,
      canRemediate: canManage || (role === "trainee" && (gameDay.teams.find((team) => team.id === participant?.teamId)?.remediationAllowed ?? true)),
      writableKinds: role === "observer" ? [] : entryKindsFor(role),
    },
  });
}
