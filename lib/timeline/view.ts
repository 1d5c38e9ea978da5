import type { TimelineEvent } from "@/lib/generated/prisma/client";
import { TimelineEventViewSchema, type TimelineEventView } from "./schemas";

export function toTimelineView(row: TimelineEvent): TimelineEventView {
  return TimelineEventViewSchema.parse({
    id: row.id.toString(),
    gameDayId: row.gameDayId,
    runId: row.runId,
    at: row.at.toISOString(),
    kind: row.kind,
    source: row.source,
    actorId: row.actorId,
    actorName: row.actorName,
    teamId: row.teamId,
    body: row.body,
    data: row.data && typeof row.data === "object" && !Array.isArray(row.data) ? row.data : {},
    correctsId: row.correctsId?.toString() ?? null,
  });
}
