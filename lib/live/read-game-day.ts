import "server-only";
import { db } from "@/lib/db/client";
import type { LiveEvent } from "./events";

const iso = (date: Date | null) => date?.toISOString() ?? null;

/** The `gameday` live event: status and halt state. */
export async function readGameDayEvent(gameDayId: string): Promise<Extract<LiveEvent, { type: "gameday" }> | null> {
  const gameDay = await db().gameDay.findUnique({ where: { id: gameDayId } });
  if (!gameDay) return null;
  return {
    type: "gameday",
    gameDay: {
      id: gameDay.id,
      status: gameDay.status,
      startedAt: iso(gameDay.startedAt),
      endedAt: iso(gameDay.endedAt),
      haltedAt: iso(gameDay.haltedAt),
      haltedReason: gameDay.haltedReason,
    },
  };
}
