import { route } from "@/lib/api/handler";
import { json, readParams } from "@/lib/api/route";
import { revokeApiToken } from "@/lib/auth/api-tokens";
import { IdParamsSchema } from "@/lib/db/ids";

export const DELETE = route("DELETE /api/tokens/{id}", async ({ params, principal, audit }) => {
  const { id } = readParams(params, IdParamsSchema);
  audit({ targetType: "api-token", targetId: id });
  return json({ apiToken: await revokeApiToken(principal.userId, id) });
});
