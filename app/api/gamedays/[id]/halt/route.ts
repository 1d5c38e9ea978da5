import { route } from "@/lib/api/handler";
import { json, readJson, readParams } from "@/lib/api/route";
import { IdParamsSchema } from "@/lib/db/ids";
import { haltGameDay } from "@/lib/gameday/halt-game-day";
import { HaltSchema } from "@/lib/gameday/schemas";
import { getLab } from "@/lib/lab";

export const POST = route("POST /api/gamedays/{id}/halt", async ({ request, params, principal, audit }) => {
  const { id } = readParams(params, IdParamsSchema);
  const input = await readJson(request, HaltSchema);
  audit({ targetType: "gameday", details: { reason: input.reason, engageSafetyLever: input.engageSafetyLever } });
  return json({ halt: await haltGameDay(principal, id, input, getLab()) });
});
