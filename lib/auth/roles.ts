import { z } from "zod";

export const RoleSchema = z.enum(["admin", "facilitator", "trainee", "observer"], {
  error: "role must be one of admin, facilitator, trainee, observer",
});
export type Role = z.infer<typeof RoleSchema>;

export const ALL_ROLES: readonly Role[] = RoleSchema.options;

/** Who may run a game day: plan, launch, halt, score. Admins can do everything. */
export const FACILITATING_ROLES: readonly Role[] = ["admin", "facilitator"];
