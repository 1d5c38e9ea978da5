import { route } from "@/lib/api/handler";
import { json, readJson, readParams } from "@/lib/api/route";
import { IdParamsSchema } from "@/lib/db/ids";
import { getGameDay } from "@/lib/gameday/get-game-day";
import { UpdateGameDaySchema } from "@/lib/gameday/schemas";
import { updateGameDay } from "@/lib/gameday/update-game-day";

export const GET = route("GET /api/gamedays/{id}", async ({ params, principal }) => {
  const { id } = readParams(params, IdParamsSchema);
  return json({ gameDay: await getGameDay(principal, id) });
});

export const PATCH = route("PATCH /api/gamedays/{id}", async ({ request, params, principal, audit }) => {
  const { id } = readParams(params, IdParamsSchema);
  const input = await readJson(request, UpdateGameDaySchema);
  audit({ targetType: "gameday", details: { fields: Object.keys(input).join(",") } });
  return json({ gameDay: await updateGameDay(principal, id, input) });
});
