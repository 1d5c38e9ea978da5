import { route } from "@/lib/api/handler";
import { json, readJson, readParams } from "@/lib/api/route";
import { IdParamsSchema } from "@/lib/db/ids";
import { UpdateTeamSchema } from "@/lib/gameday/schemas";
import { updateTeam } from "@/lib/gameday/update-team";

export const PATCH = route("PATCH /api/teams/{id}", async ({ request, params, principal, audit }) => {
  const { id } = readParams(params, IdParamsSchema);
  const input = await readJson(request, UpdateTeamSchema);
  audit({ targetType: "team", details: { remediationAllowed: input.remediationAllowed } });
  return json({ gameDay: await updateTeam(principal, id, input) });
});
