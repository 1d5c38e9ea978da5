import "server-only";
import { ApiError } from "@/lib/api/errors";
import type { Principal } from "@/lib/auth/principal";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { requireGameDayAccess } from "./access";
import { getGameDay } from "./get-game-day";
import type { AddParticipantInput, GameDayView } from "./schemas";

/** Which account roles may take which part in a game day. */
const ALLOWED_ACCOUNT_ROLES = {
  facilitator: ["admin", "facilitator"],
  trainee: ["trainee"],
  observer: ["admin", "facilitator", "trainee", "observer"],
} as const;

export async function createTeam(principal: Principal, gameDayId: string, name: string): Promise<GameDayView> {
  await requireGameDayAccess(principal, gameDayId, "manage");
  try {
    await db().team.create({ data: { gameDayId, name } });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw new ApiError("conflict", `A team named "${name}" already exists.`);
    throw error;
  }
  return getGameDay(principal, gameDayId);
}

/** Invites an existing user; re-inviting changes their part and team. */
export async function addParticipant(principal: Principal, gameDayId: string, input: AddParticipantInput): Promise<GameDayView> {
  await requireGameDayAccess(principal, gameDayId, "manage");
  const user = await db().user.findUnique({ where: { email: input.email } });
  if (!user || user.disabled) throw new ApiError("unprocessable", `No active user has the email ${input.email}. An admin creates accounts under Users.`);
  const allowed: readonly string[] = ALLOWED_ACCOUNT_ROLES[input.role];
  if (!allowed.includes(user.role)) {
    throw new ApiError("unprocessable", `${input.email} is a ${user.role}; only ${allowed.join(" or ")} accounts can join as ${input.role}.`);
  }
  let teamId: string | null = null;
  if (input.team) {
    if (input.role !== "trainee") throw new ApiError("unprocessable", "Only trainees belong to teams.");
    const team = await db().team.findUnique({ where: { gameDayId_name: { gameDayId, name: input.team } } });
    if (!team) throw new ApiError("unprocessable", `No team named "${input.team}" in this game day; add it first.`);
    teamId = team.id;
  }
  await db().participant.upsert({
    where: { gameDayId_userId: { gameDayId, userId: user.id } },
    create: { gameDayId, userId: user.id, role: input.role, teamId },
    update: { role: input.role, teamId },
  });
  return getGameDay(principal, gameDayId);
}
