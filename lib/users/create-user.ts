import "server-only";
import { ApiError } from "@/lib/api/errors";
import { hashPassword } from "@/lib/auth/password";
import { db } from "@/lib/db/client";
import { type CreateUserInput, UserViewSchema, type UserView } from "./schemas";

export async function createUser(input: CreateUserInput): Promise<UserView> {
  const existing = await db().user.findUnique({ where: { email: input.email } });
  if (existing) throw new ApiError("conflict", `A user with email ${input.email} already exists.`);
  const user = await db().user.create({
    data: { email: input.email, name: input.name, role: input.role, passwordHash: await hashPassword(input.password) },
  });
  return UserViewSchema.parse(user);
}
