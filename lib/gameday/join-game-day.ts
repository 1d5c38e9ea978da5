import "server-only";
import { ApiError } from "@/lib/api/errors";
import type { Principal } from "@/lib/auth/principal";
import { db } from "@/lib/db/client";
import { getGameDay } from "./get-game-day";
import { JoinGameDaySchema, type GameDayView, type JoinGameDayInput } from "./schemas";

/**
 * Joins a game day by its code. Trainees join a team (the one they name, else the smallest);
 * everyone else joins as an observer: co-facilitators are added by a facilitator, so a join
 * code never grants control of a game day.
 */
export async function joinGameDay(principal: Principal, input: JoinGameDayInput): Promise<GameDayView> {
  const { code, team } = JoinGameDaySchema.parse(input);
  const gameDay = await db().gameDay.findUnique({
    where: { joinCode: code },
    include: { teams: { include: { _count: { select: { participants: true } } }, orderBy: { name: "asc" } } },
  });
  if (!gameDay) throw new ApiError("not_found", "No game day has that join code. Check it with your facilitator.");
  if (gameDay.status === "ended" || gameDay.status === "cancelled") throw new ApiError("conflict", `This game day has ${gameDay.status}; it cannot be joined.`);

  const existing = await db().participant.findUnique({ where: { gameDayId_userId: { gameDayId: gameDay.id, userId: principal.userId } } });
  if (existing) return getGameDay(principal, gameDay.id);

  const role = principal.role === "trainee" ? "trainee" : "observer";
  let teamId: string | null = null;
  if (role === "trainee" && gameDay.teams.length > 0) {
    const chosen = team
      ? gameDay.teams.find((candidate) => candidate.name.toLowerCase() === team.toLowerCase())
      : [...gameDay.teams].sort((a, b) => a._count.participants - b._count.participants)[0];
    if (!chosen) throw new ApiError("unprocessable", `No team named "${team}". Teams: ${gameDay.teams.map((entry) => entry.name).join(", ")}.`);
    teamId = chosen.id;
  }
  await db().participant.upsert({
    where: { gameDayId_userId: { gameDayId: gameDay.id, userId: principal.userId } },
    create: { gameDayId: gameDay.id, userId: principal.userId, role, teamId },
    update: {},
  });
  return getGameDay(principal, gameDay.id);
}
