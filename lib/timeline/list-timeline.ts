import "server-only";
import type { Principal } from "@/lib/auth/principal";
import { db } from "@/lib/db/client";
import { requireGameDayAccess } from "@/lib/gameday/access";
import { redactTimelineEvent, type TimelineViewer } from "./redact";
import type { TimelineEventView } from "./schemas";
import { toTimelineView } from "./view";

/** A game day's timeline in id order (the order of commit), after `after` when resuming. */
export async function listTimeline(principal: Principal, gameDayId: string, query: { after?: string; limit: number }): Promise<TimelineEventView[]> {
  const { timelineViewer } = await requireGameDayAccess(principal, gameDayId, "view");
  return listTimelineForViewer(gameDayId, timelineViewer, query);
}

export async function listTimelineForViewer(gameDayId: string, viewer: TimelineViewer, query: { after?: string; limit: number }): Promise<TimelineEventView[]> {
  const rows = await db().timelineEvent.findMany({
    where: { gameDayId, ...(query.after ? { id: { gt: BigInt(query.after) } } : {}) },
    orderBy: { id: "asc" },
    take: query.limit,
  });
  return rows.flatMap((row) => redactTimelineEvent(toTimelineView(row), viewer) ?? []);
}
