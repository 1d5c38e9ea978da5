import "server-only";
import { ApiError } from "@/lib/api/errors";
import { forgetSessionsOf } from "@/lib/auth/session-cache";
import { db } from "@/lib/db/client";
import { type UpdateUserInput, UserViewSchema, type UserView } from "./schemas";

/** Changes a user; disabling or changing the role signs them out everywhere. */
export async function updateUser(actorId: string, userId: string, input: UpdateUserInput): Promise<UserView> {
  const user = await db().user.findUnique({ where: { id: userId } });
  if (!user) throw new ApiError("not_found", "No user with that id.");
  if (userId === actorId && (input.disabled === true || (input.role && input.role !== "admin"))) {
    throw new ApiError("conflict", "You cannot disable yourself or remove your own admin role; ask another admin.");
  }
  const updated = await db().$transaction(async (tx) => {
    const changed = await tx.user.update({ where: { id: userId }, data: input });
    if (input.disabled === true || (input.role && input.role !== user.role)) {
      await tx.session.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } });
    }
    return changed;
  });
  forgetSessionsOf(userId);
  return UserViewSchema.parse(updated);
}
