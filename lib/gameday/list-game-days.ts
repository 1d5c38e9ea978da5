import "server-only";
import type { Principal } from "@/lib/auth/principal";
import { db } from "@/lib/db/client";
import { GameDaySummarySchema, type GameDaySummary } from "./schemas";

/** Admins see every game day; everyone else the ones they take part in. Newest first. */
export async function listGameDays(principal: Principal): Promise<GameDaySummary[]> {
  const gameDays = await db().gameDay.findMany({
    where: principal.role === "admin" ? {} : { participants: { some: { userId: principal.userId } } },
    orderBy: { createdAt: "desc" },
    take: 200,
  });
  return GameDaySummarySchema.array().parse(gameDays);
}
