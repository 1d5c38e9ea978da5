/** Auth input schemas, shared by forms in the browser and by the server. */
import { z } from "zod";

export const PasswordSchema = z
  .string({ error: "password is required" })
  .min(12, "password must be at least 12 characters")
  .max(128, "password must be at most 128 characters");

export const CreateApiTokenSchema = z
  .object({
    name: z.string({ error: "name is required" }).trim().min(1, "name is required").max(80, "name must be at most 80 characters"),
    expiresInDays: z
      .number({ error: "expiresInDays must be a number" })
      .int("expiresInDays must be a whole number")
      .min(1, "expiresInDays must be at least 1")
      .max(365, "expiresInDays must be at most 365")
      .optional(),
  })
  .strict();
export type CreateApiTokenInput = z.infer<typeof CreateApiTokenSchema>;
