import { route } from "@/lib/api/handler";
import { json, readParams } from "@/lib/api/route";
import { IdParamsSchema } from "@/lib/db/ids";
import { getGameDay } from "@/lib/gameday/get-game-day";
import { startGameDay } from "@/lib/gameday/start-game-day";

export const POST = route("POST /api/gamedays/{id}/start", async ({ params, principal, audit }) => {
  const { id } = readParams(params, IdParamsSchema);
  audit({ targetType: "gameday" });
  await startGameDay(principal, id);
  return json({ gameDay: await getGameDay(principal, id) });
});
