import { route } from "@/lib/api/handler";
import { json, readJson } from "@/lib/api/route";
import { createUser } from "@/lib/users/create-user";
import { listUsers } from "@/lib/users/list-users";
import { CreateUserSchema } from "@/lib/users/schemas";

export const GET = route("GET /api/users", async () => json({ users: await listUsers() }));

export const POST = route("POST /api/users", async ({ request, audit }) => {
  const user = await createUser(await readJson(request, CreateUserSchema));
  audit({ targetType: "user", targetId: user.id, details: { email: user.email, role: user.role } });
  return json({ user }, { status: 201 });
});
