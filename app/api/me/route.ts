import { route } from "@/lib/api/handler";
import { json } from "@/lib/api/route";

export const GET = route("GET /api/me", ({ principal }) =>
  Promise.resolve(json({ id: principal.userId, email: principal.email, name: principal.name, role: principal.role, via: principal.via })),
);
