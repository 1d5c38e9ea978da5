/**
 * The console's one validated configuration. Nothing else reads `process.env`: a bad
 * environment fails `next build`/`next start` (next.config imports this) with a message
 * that names the variable.
 */
import { z } from "zod";

const booleanString = z
  .enum(["true", "false", "1", "0"])
  .transform((value) => value === "true" || value === "1");

export const EnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    DATABASE_URL: z
      .string({ error: "DATABASE_URL is required (postgres://user:password@host:port/database); `npm run console` sets it for the embedded Postgres" })
      .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgres:// or postgresql:// URL"),
    NEXTAUTH_SECRET: z
      .string({ error: "NEXTAUTH_SECRET is required (32+ random characters); `npm run console` generates one" })
      .min(32, "NEXTAUTH_SECRET must be at least 32 characters"),
    NEXTAUTH_URL: z.url("NEXTAUTH_URL must be the console's public URL, e.g. http://localhost:3000").default("http://localhost:3000"),
    LAB_KIND: z.enum(["local", "aws"], { error: "LAB_KIND must be 'local' or 'aws'" }).default("local"),
    LOCAL_LAB_URL: z.url("LOCAL_LAB_URL must be the local-lab daemon URL, e.g. http://127.0.0.1:4100").default("http://127.0.0.1:4100"),
    LOCAL_LAB_TOKEN: z.string().min(16, "LOCAL_LAB_TOKEN must be at least 16 characters").optional(),
    AWS_REGION: z.string().min(1).optional(),
    /** Path of the JSON written by `cdk deploy --outputs-file`; required when LAB_KIND=aws. */
    GAMEDAY_AWS_OUTPUTS: z.string().min(1).optional(),
    /** Trust X-Forwarded-For for audit and rate limiting (only behind a load balancer you own). */
    TRUST_PROXY: booleanString.default(false),
  })
  .superRefine((env, context) => {
    if (env.LAB_KIND === "aws" && !env.GAMEDAY_AWS_OUTPUTS) {
      context.addIssue({
        code: "custom",
        path: ["GAMEDAY_AWS_OUTPUTS"],
        message: "GAMEDAY_AWS_OUTPUTS is required when LAB_KIND=aws (the file written by `cdk deploy --outputs-file`)",
      });
    }
  });

export type Env = z.infer<typeof EnvSchema>;

export class EnvError extends Error {
  constructor(issues: z.core.$ZodIssue[]) {
    const lines = issues.map((issue) => `  - ${issue.path.join(".") || "(root)"}: ${issue.message}`);
    super(`Invalid environment:\n${lines.join("\n")}`);
    this.name = "EnvError";
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = EnvSchema.safeParse(source);
  if (!result.success) throw new EnvError(result.error.issues);
  return result.data;
}

let cached: Env | undefined;

/** The validated environment of this process, parsed once. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Tests that change the environment call this to re-read it. */
export function resetEnvCache(): void {
  cached = undefined;
}
