import "server-only";
import { db } from "@/lib/db/client";
import { UserViewSchema, type UserView } from "./schemas";

export async function listUsers(): Promise<UserView[]> {
  return UserViewSchema.array().parse(await db().user.findMany({ orderBy: [{ role: "asc" }, { email: "asc" }] }));
}
