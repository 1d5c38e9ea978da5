import { route } from "@/lib/api/handler";
import { json, readJson, readParams } from "@/lib/api/route";
import { IdParamsSchema } from "@/lib/db/ids";
import { launchRun } from "@/lib/gameday/launch-run";
import { listRunsFor } from "@/lib/gameday/read-runs";
import { LaunchRunSchema } from "@/lib/gameday/schemas";
import { getLab } from "@/lib/lab";

export const GET = route("GET /api/gamedays/{id}/runs", async ({ params, principal }) => {
  const { id } = readParams(params, IdParamsSchema);
  return json({ runs: await listRunsFor(principal, id) });
});

export const POST = route("POST /api/gamedays/{id}/runs", async ({ request, params, principal, audit }) => {
  const { id } = readParams(params, IdParamsSchema);
  const input = await readJson(request, LaunchRunSchema);
  const { run, created } = await launchRun(principal, id, input, getLab());
  audit({ targetType: "run", targetId: run.id, details: { gameDayId: id, scenarioId: input.scenarioId, replayed: !created } });
  return json({ run, created }, { status: created ? 201 : 200 });
});
