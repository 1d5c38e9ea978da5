import { route } from "@/lib/api/handler";
import { json, readJson, readParams } from "@/lib/api/route";
import { IdParamsSchema } from "@/lib/db/ids";
import { addParticipant } from "@/lib/gameday/manage-people";
import { AddParticipantSchema } from "@/lib/gameday/schemas";

export const POST = route("POST /api/gamedays/{id}/participants", async ({ request, params, principal, audit }) => {
  const { id } = readParams(params, IdParamsSchema);
  const input = await readJson(request, AddParticipantSchema);
  audit({ targetType: "gameday", details: { email: input.email, role: input.role, team: input.team ?? null } });
  return json({ gameDay: await addParticipant(principal, id, input) }, { status: 201 });
});
