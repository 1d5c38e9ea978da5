import { route } from "@/lib/api/handler";
import { json, readJson, readParams } from "@/lib/api/route";
import { IdParamsSchema } from "@/lib/db/ids";
import { getGameDay } from "@/lib/gameday/get-game-day";
import { liftHalt } from "@/lib/gameday/halt-game-day";
import { LiftHaltSchema } from "@/lib/gameday/schemas";

export const POST = route("POST /api/gamedays/{id}/halt/lift", async ({ request, params, principal, audit }) => {
  const { id } = readParams(params, IdParamsSchema);
  const { reason } = await readJson(request, LiftHaltSchema);
  audit({ targetType: "gameday", details: { reason } });
  await liftHalt(principal, id, reason);
  return json({ gameDay: await getGameDay(principal, id) });
});
