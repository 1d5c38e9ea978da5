import { route } from "@/lib/api/handler";
import { json, readJson, readParams } from "@/lib/api/route";
import { IdParamsSchema } from "@/lib/db/ids";
import { createTeam } from "@/lib/gameday/manage-people";
import { CreateTeamSchema } from "@/lib/gameday/schemas";

export const POST = route("POST /api/gamedays/{id}/teams", async ({ request, params, principal, audit }) => {
  const { id } = readParams(params, IdParamsSchema);
  const { name } = await readJson(request, CreateTeamSchema);
  audit({ targetType: "gameday", details: { team: name } });
  return json({ gameDay: await createTeam(principal, id, name) }, { status: 201 });
});
