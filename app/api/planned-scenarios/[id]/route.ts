import { route } from "@/lib/api/handler";
import { json, readParams } from "@/lib/api/route";
import { IdParamsSchema } from "@/lib/db/ids";
import { removePlannedScenario } from "@/lib/gameday/plan-scenarios";

export const DELETE = route("DELETE /api/planned-scenarios/{id}", async ({ params, principal, audit }) => {
  const { id } = readParams(params, IdParamsSchema);
  audit({ targetType: "planned-scenario" });
  await removePlannedScenario(principal, id);
  return json({ removed: id });
});
