import { route } from "@/lib/api/handler";
import { json, readJson, readParams } from "@/lib/api/route";
import { IdParamsSchema } from "@/lib/db/ids";
import { recordRunbookStep } from "@/lib/runbook/record-runbook";
import { RunbookStepInputSchema } from "@/lib/runbook/schemas";

export const POST = route("POST /api/gamedays/{id}/runbook/steps", async ({ request, params, principal, audit }) => {
  const { id } = readParams(params, IdParamsSchema);
  const input = await readJson(request, RunbookStepInputSchema);
  audit({ targetType: "gameday", details: { runbookId: input.runbookId, stepId: input.stepId, stepStatus: input.status } });
  return json({ event: await recordRunbookStep(principal, id, input) }, { status: 201 });
});
