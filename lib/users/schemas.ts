import { z } from "zod";
import { PasswordSchema } from "@/lib/auth/schemas";
import { RoleSchema } from "@/lib/auth/roles";

const NameSchema = z.string({ error: "name is required" }).trim().min(1, "name is required").max(80, "name must be at most 80 characters");

export const CreateUserSchema = z
  .object({
    email: z.email("email must be an email address").max(254).transform((email) => email.toLowerCase()),
    name: NameSchema,
    role: RoleSchema,
    password: PasswordSchema,
  })
  .strict();
export type CreateUserInput = z.infer<typeof CreateUserSchema>;

export const UpdateUserSchema = z
  .object({ name: NameSchema.optional(), role: RoleSchema.optional(), disabled: z.boolean().optional() })
  .strict()
  .refine((value) => Object.keys(value).length > 0, "send at least one of name, role, disabled");
export type UpdateUserInput = z.infer<typeof UpdateUserSchema>;

/** What the API shows of a user: never the password hash or lockout internals. */
export const UserViewSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: RoleSchema,
  disabled: z.boolean(),
  lockedUntil: z.date().nullable(),
  createdAt: z.date(),
});
export type UserView = z.infer<typeof UserViewSchema>;
