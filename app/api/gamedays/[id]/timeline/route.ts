import { route } from "@/lib/api/handler";
import { json, readJson, readParams, readQuery } from "@/lib/api/route";
import { IdParamsSchema } from "@/lib/db/ids";
import { createTimelineEntry } from "@/lib/timeline/create-entry";
import { listTimeline } from "@/lib/timeline/list-timeline";
import { CreateTimelineEntrySchema, TimelineQuerySchema } from "@/lib/timeline/schemas";

export const GET = route("GET /api/gamedays/{id}/timeline", async ({ request, params, principal }) => {
  const { id } = readParams(params, IdParamsSchema);
  return json({ events: await listTimeline(principal, id, readQuery(request, TimelineQuerySchema)) });
});

/** 201 with the new entry; 200 with the stored one when its entryKey was sent before (nothing new is written). */
export const POST = route("POST /api/gamedays/{id}/timeline", async ({ request, params, principal, audit }) => {
  const { id } = readParams(params, IdParamsSchema);
  const input = await readJson(request, CreateTimelineEntrySchema);
  const { event, replayed } = await createTimelineEntry(principal, id, input);
  audit({ targetType: "timeline-event", targetId: event.id, details: { kind: input.kind, gameDayId: id, replayed } });
  return json({ event }, { status: replayed ? 200 : 201, headers: replayed ? { "idempotent-replayed": "true" } : {} });
});
