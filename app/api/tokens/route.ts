import { route } from "@/lib/api/handler";
import { json, readJson } from "@/lib/api/route";
import { createApiToken, listApiTokens } from "@/lib/auth/api-tokens";
import { CreateApiTokenSchema } from "@/lib/auth/schemas";

export const GET = route("GET /api/tokens", async ({ principal }) => json({ tokens: await listApiTokens(principal.userId) }));

export const POST = route("POST /api/tokens", async ({ request, principal, audit }) => {
  const input = await readJson(request, CreateApiTokenSchema);
  const { token, view } = await createApiToken(principal.userId, input);
  audit({ targetType: "api-token", targetId: view.id, details: { name: view.name } });
  return json({ token, apiToken: view }, { status: 201 });
});
