import { route } from "@/lib/api/handler";
import { json, readJson, readParams } from "@/lib/api/route";
import { IdParamsSchema } from "@/lib/db/ids";
import { remediate } from "@/lib/gameday/remediate";
import { RemediateSchema } from "@/lib/gameday/schemas";
import { getLab } from "@/lib/lab";

export const POST = route("POST /api/gamedays/{id}/remediations", async ({ request, params, principal, audit }) => {
  const { id } = readParams(params, IdParamsSchema);
  const input = await readJson(request, RemediateSchema);
  audit({ targetType: "gameday", details: { action: input.action.type } });
  return json(await remediate(principal, id, input, getLab()), { status: 201 });
});
