import { route } from "@/lib/api/handler";
import { json, readJson, readParams } from "@/lib/api/route";
import { IdParamsSchema } from "@/lib/db/ids";
import { UpdateUserSchema } from "@/lib/users/schemas";
import { updateUser } from "@/lib/users/update-user";

export const PATCH = route("PATCH /api/users/{id}", async ({ request, params, principal, audit }) => {
  const { id } = readParams(params, IdParamsSchema);
  const input = await readJson(request, UpdateUserSchema);
  audit({ targetType: "user", targetId: id, details: { role: input.role ?? null, disabled: input.disabled ?? null } });
  return json({ user: await updateUser(principal.userId, id, input) });
});
