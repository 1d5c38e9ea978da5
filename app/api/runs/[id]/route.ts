import { route } from "@/lib/api/handler";
import { json, readParams } from "@/lib/api/route";
import { IdParamsSchema } from "@/lib/db/ids";
import { getRunFor } from "@/lib/gameday/read-runs";

export const GET = route("GET /api/runs/{id}", async ({ params, principal }) => {
  const { id } = readParams(params, IdParamsSchema);
  return json({ run: await getRunFor(principal, id) });
});
