import { route } from "@/lib/api/handler";
import { json, readParams } from "@/lib/api/route";
import { IdParamsSchema } from "@/lib/db/ids";
import { getRunScore } from "@/lib/scoring/get-run-score";

export const GET = route("GET /api/runs/{id}/score", async ({ params, principal }) => {
  const { id } = readParams(params, IdParamsSchema);
  return json({ score: await getRunScore(principal, id) });
});
