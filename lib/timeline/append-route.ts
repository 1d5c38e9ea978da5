import "server-only";
import { route } from "@/lib/api/handler";
import { json, readJson, readParams } from "@/lib/api/route";
import { IdParamsSchema } from "@/lib/db/ids";
import { createTimelineEntry } from "./create-entry";
import { CreateTimelineEntrySchema } from "./schemas";

const CREATED = 201;
const REPLAYED = 200;

/**
 * `POST /api/gamedays/{id}/timeline`: 201 with the new entry; 200 with the stored one when its
 * entryKey was sent before (nothing new is written). The app route exports this, and the
 * console's server entry serves it directly (lib/http/hot-route-listener.ts): one handler,
 * one wrapper. The audit row commits in the entry's own transaction.
 */
export const appendTimelineEntryRoute = route("POST /api/gamedays/{id}/timeline", async ({ request, params, principal, auditEntry, auditCommitted }) => {
  const { id } = readParams(params, IdParamsSchema);
  const input = await readJson(request, CreateTimelineEntrySchema);
  const { event, replayed } = await createTimelineEntry(principal, id, input, (stored) =>
    auditEntry(stored.replayed ? REPLAYED : CREATED, { targetType: "timeline-event", targetId: stored.eventId, details: { kind: input.kind, gameDayId: id, replayed: stored.replayed } }),
  );
  auditCommitted();
  return json({ event }, { status: replayed ? REPLAYED : CREATED, headers: replayed ? { "idempotent-replayed": "true" } : {} });
});
