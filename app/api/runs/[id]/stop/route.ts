import { route } from "@/lib/api/handler";
import { json, readJson, readParams } from "@/lib/api/route";
import { IdParamsSchema } from "@/lib/db/ids";
import { StopRunSchema } from "@/lib/gameday/schemas";
import { stopRun } from "@/lib/gameday/stop-run";
import { getLab } from "@/lib/lab";

export const POST = route("POST /api/runs/{id}/stop", async ({ request, params, principal, audit }) => {
  const { id } = readParams(params, IdParamsSchema);
  const { reason } = await readJson(request, StopRunSchema);
  audit({ targetType: "run", details: { reason } });
  return json({ run: await stopRun(principal, id, reason, getLab()) });
});
