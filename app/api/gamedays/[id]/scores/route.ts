import { route } from "@/lib/api/handler";
import { json, readParams } from "@/lib/api/route";
import { IdParamsSchema } from "@/lib/db/ids";
import { listGameDayScores } from "@/lib/scoring/list-game-day-scores";

export const GET = route("GET /api/gamedays/{id}/scores", async ({ params, principal }) => {
  const { id } = readParams(params, IdParamsSchema);
  return json({ scores: await listGameDayScores(principal, id) });
});
