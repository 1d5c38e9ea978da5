import { route } from "@/lib/api/handler";
import { json, readJson, readParams } from "@/lib/api/route";
import { IdParamsSchema } from "@/lib/db/ids";
import { chooseRunbook } from "@/lib/runbook/record-runbook";
import { ChooseRunbookSchema } from "@/lib/runbook/schemas";

export const POST = route("POST /api/gamedays/{id}/runbook", async ({ request, params, principal, audit }) => {
  const { id } = readParams(params, IdParamsSchema);
  const input = await readJson(request, ChooseRunbookSchema);
  audit({ targetType: "gameday", details: { runbookId: input.runbookId } });
  return json({ event: await chooseRunbook(principal, id, input) }, { status: 201 });
});
