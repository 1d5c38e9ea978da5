import { route } from "@/lib/api/handler";
import { json, readParams } from "@/lib/api/route";
import { IdParamsSchema } from "@/lib/db/ids";
import { revealScores } from "@/lib/scoring/reveal-scores";

export const POST = route("POST /api/gamedays/{id}/scores/reveal", async ({ params, principal, audit }) => {
  const { id } = readParams(params, IdParamsSchema);
  audit({ targetType: "gameday", targetId: id });
  const result = await revealScores(principal, id);
  audit({ targetType: "gameday", targetId: id, details: result });
  return json(result);
});
