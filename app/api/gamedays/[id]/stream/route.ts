import { route } from "@/lib/api/handler";
import { readParams, readQuery } from "@/lib/api/route";
import { IdParamsSchema } from "@/lib/db/ids";
import { StreamQuerySchema } from "@/lib/live/events";
import { openGameDayStream } from "@/lib/live/open-stream";

// Streams are long-lived and per request; never prerender or cache them.
export const dynamic = "force-dynamic";

export const GET = route("GET /api/gamedays/{id}/stream", async ({ request, params, principal }) => {
  const { id } = readParams(params, IdParamsSchema);
  return openGameDayStream(principal, id, readQuery(request, StreamQuerySchema), request);
});
