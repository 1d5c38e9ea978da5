import path from "node:path";
import { z } from "zod";

export const ROOT = path.resolve(import.meta.dirname, "../..");

/** What `npm start` reads from the environment (the console itself reads lib/env.ts). */
export const UpConfigSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  GAMEDAY_DATA_DIR: z.string().min(1).default(path.join(ROOT, ".data")),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgres:// URL").optional(),
  NEXTAUTH_URL: z.url().optional(),
  LAB_KIND: z.enum(["local", "aws"]).default("local"),
  GAMEDAY_AWS_OUTPUTS: z.string().optional(),
  LAB_PORT: z.coerce.number().int().min(1).max(65535).default(4100),
  LAB_PUBLIC_PORT: z.coerce.number().int().min(1).max(65535).default(4180),
  /** Rebuild the production bundle even if one exists. */
  GAMEDAY_REBUILD: z.enum(["0", "1"]).default("0"),
  /**
   * Start without the local-lab daemon (LAB_KIND=local only): for working on the console
   * while the lab is unavailable. The console then reports the lab as unreachable.
   */
  GAMEDAY_SKIP_LAB: z.enum(["0", "1"], { error: "GAMEDAY_SKIP_LAB must be 0 or 1" }).default("0"),
});
export type UpConfig = z.infer<typeof UpConfigSchema>;

export function readUpConfig(source: NodeJS.ProcessEnv): UpConfig {
  const parsed = UpConfigSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  - ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid environment for npm start:\n${lines.join("\n")}`);
  }
  return parsed.data;
}
