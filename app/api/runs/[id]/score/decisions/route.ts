import { route } from "@/lib/api/handler";
import { json, readJson, readParams } from "@/lib/api/route";
import { IdParamsSchema } from "@/lib/db/ids";
import { decideRating } from "@/lib/scoring/decide-rating";
import { DecideRatingSchema } from "@/lib/scoring/schemas";

export const POST = route("POST /api/runs/{id}/score/decisions", async ({ request, params, principal, audit }) => {
  const { id } = readParams(params, IdParamsSchema);
  const input = await readJson(request, DecideRatingSchema);
  audit({ targetType: "run", targetId: id, details: { teamId: input.teamId, capability: input.capability, rating: input.rating, reason: input.reason } });
  const decision = await decideRating(principal, id, input);
  audit({ targetType: "run", targetId: id, details: { teamId: input.teamId, capability: input.capability, rating: input.rating, proposed: decision.proposed, reason: input.reason } });
  return json({ score: decision.score });
});
