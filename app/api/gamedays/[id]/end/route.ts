import { route } from "@/lib/api/handler";
import { json, readParams } from "@/lib/api/route";
import { IdParamsSchema } from "@/lib/db/ids";
import { endGameDay } from "@/lib/gameday/end-game-day";
import { getGameDay } from "@/lib/gameday/get-game-day";
import { getLab } from "@/lib/lab";

export const POST = route("POST /api/gamedays/{id}/end", async ({ params, principal, audit }) => {
  const { id } = readParams(params, IdParamsSchema);
  audit({ targetType: "gameday" });
  await endGameDay(principal, id, getLab());
  return json({ gameDay: await getGameDay(principal, id) });
});
