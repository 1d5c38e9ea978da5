import { route } from "@/lib/api/handler";
import { json, readJson, readParams } from "@/lib/api/route";
import { IdParamsSchema } from "@/lib/db/ids";
import { listPlannedScenarios, planScenario } from "@/lib/gameday/plan-scenarios";
import { PlanScenarioSchema } from "@/lib/gameday/schemas";

export const GET = route("GET /api/gamedays/{id}/scenarios", async ({ params, principal }) => {
  const { id } = readParams(params, IdParamsSchema);
  return json({ scenarios: await listPlannedScenarios(principal, id) });
});

export const POST = route("POST /api/gamedays/{id}/scenarios", async ({ request, params, principal, audit }) => {
  const { id } = readParams(params, IdParamsSchema);
  const input = await readJson(request, PlanScenarioSchema);
  const scenario = await planScenario(principal, id, input);
  audit({ targetType: "planned-scenario", targetId: scenario.id, details: { gameDayId: id, scenarioId: input.scenarioId } });
  return json({ scenario }, { status: 201 });
});
