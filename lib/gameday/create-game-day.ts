import "server-only";
import type { Principal } from "@/lib/auth/principal";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { getGameDay } from "./get-game-day";
import { generateJoinCode } from "./join-code";
import { CreateGameDaySchema, type CreateGameDayInput, type GameDayView } from "./schemas";

const JOIN_CODE_ATTEMPTS = 5;

/** Creates a game day with its teams; the creator becomes its first facilitator. */
export async function createGameDay(principal: Principal, input: CreateGameDayInput): Promise<GameDayView> {
  const data = CreateGameDaySchema.parse(input);
  for (let attempt = 1; ; attempt += 1) {
    try {
      const gameDay = await db().$transaction(async (tx) => {
        const created = await tx.gameDay.create({
          data: {
            title: data.title,
            description: data.description,
            environment: data.environment,
            blindMode: data.blindMode,
            labPace: data.labPace,
            scheduledFor: data.scheduledFor ? new Date(data.scheduledFor) : null,
            status: data.scheduledFor ? "scheduled" : "draft",
            joinCode: generateJoinCode(),
            createdById: principal.userId,
          },
        });
        await tx.participant.create({ data: { gameDayId: created.id, userId: principal.userId, role: "facilitator" } });
        if (data.teams.length > 0) await tx.team.createMany({ data: data.teams.map((name) => ({ gameDayId: created.id, name })) });
        return created;
      });
      return await getGameDay(principal, gameDay.id);
    } catch (error) {
      const codeTaken = error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002" && attempt < JOIN_CODE_ATTEMPTS;
      if (!codeTaken) throw error;
    }
  }
}
