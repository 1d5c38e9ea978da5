import { route } from "@/lib/api/handler";
import { json, readParams, readQuery } from "@/lib/api/route";
import { IdParamsSchema } from "@/lib/db/ids";
import { appendTimelineEntryRoute } from "@/lib/timeline/append-route";
import { listTimeline } from "@/lib/timeline/list-timeline";
import { TimelineQuerySchema } from "@/lib/timeline/schemas";

export const GET = route("GET /api/gamedays/{id}/timeline", async ({ request, params, principal }) => {
  const { id } = readParams(params, IdParamsSchema);
  return json({ events: await listTimeline(principal, id, readQuery(request, TimelineQuerySchema)) });
});

/** The console's server entry serves this same handler itself (lib/http/hot-route-listener.ts). */
export const POST = appendTimelineEntryRoute;
