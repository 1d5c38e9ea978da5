import { route } from "@/lib/api/handler";
import { json, readParams } from "@/lib/api/route";
import { IdParamsSchema } from "@/lib/db/ids";
import { getGameDay } from "@/lib/gameday/get-game-day";

export const GET = route("GET /api/gamedays/{id}", async ({ params, principal }) => {
  const { id } = readParams(params, IdParamsSchema);
  return json({ gameDay: await getGameDay(id, principal) });
});
