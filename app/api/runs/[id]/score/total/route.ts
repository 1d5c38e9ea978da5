import { route } from "@/lib/api/handler";
import { json, readJson, readParams } from "@/lib/api/route";
import { IdParamsSchema } from "@/lib/db/ids";
import { overrideTotal } from "@/lib/scoring/override-total";
import { OverrideTotalSchema } from "@/lib/scoring/schemas";

export const POST = route("POST /api/runs/{id}/score/total", async ({ request, params, principal, audit }) => {
  const { id } = readParams(params, IdParamsSchema);
  const input = await readJson(request, OverrideTotalSchema);
  audit({ targetType: "run", targetId: id, details: { teamId: input.teamId, total: input.total, reason: input.reason } });
  const result = await overrideTotal(principal, id, input);
  audit({ targetType: "run", targetId: id, details: { teamId: input.teamId, total: input.total, computedTotal: result.computedTotal, reason: input.reason } });
  return json({ score: result.score });
});
