import "server-only";
import { db } from "@/lib/db/client";
import type { LiveEvent } from "./events";

const iso = (date: Date | null) => date?.toISOString() ?? null;

type GameDayEvent = Extract<LiveEvent, { type: "gameday" }>;

/**
 * The event as a blind trainee receives it: a halt's reason is the facilitator's own words
 * and may name the fault, so it stays with the sighted.
 */
export function forBlindViewer(event: GameDayEvent): GameDayEvent {
  return event.gameDay.haltedReason === null ? event : { ...event, gameDay: { ...event.gameDay, haltedReason: null } };
}

/** The `gameday` live event: status and halt state. */
export async function readGameDayEvent(gameDayId: string): Promise<GameDayEvent | null> {
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
