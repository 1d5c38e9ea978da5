import { route } from "@/lib/api/handler";
import { json, readParams } from "@/lib/api/route";
import { IdParamsSchema } from "@/lib/db/ids";
import { getTeamHistory } from "@/lib/scoring/get-team-history";

export const GET = route("GET /api/teams/{id}/history", async ({ params, principal }) => {
  const { id } = readParams(params, IdParamsSchema);
  return json({ history: await getTeamHistory(principal, id) });
});
