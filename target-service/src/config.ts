/**
 * The service's one validated configuration, read from the environment once at start.
 * ECS (task definition + Secrets Manager) and the local lab (child-process env) both feed it;
 * a bad value stops the process with a message that names the variable.
 */
import { randomBytes } from "node:crypto";
import { z } from "zod";

const port = (name: string, min: 0 | 1) =>
  z.coerce
    .number({ error: `${name} must be a port number (${min}..65535)` })
    .int(`${name} must be an integer port number (${min}..65535)`)
    .min(min, `${name} must be a port number (${min}..65535)`)
    .max(65535, `${name} must be a port number (${min}..65535)`);

const httpUrl = (name: string, example: string) =>
  z
    .url({ protocol: /^https?$/, error: `${name} must be an http(s) URL, e.g. ${example}` })
    // A trailing slash would double up when paths are appended.
    .transform((value) => value.replace(/\/+$/, ""));

export const ConfigSchema = z
  .object({
    ROLE: z.enum(["api", "backend"], { error: "ROLE must be 'api' or 'backend'" }),
    // 0 asks the OS for a free port; the "ready" log line reports the one bound.
    PORT: port("PORT", 0).default(8080),
    HOST: z.string().min(1, "HOST must not be empty").default("0.0.0.0"),
    TASK_ID: z
      .string()
      .regex(/^[A-Za-z0-9._:-]{1,128}$/, "TASK_ID must be 1..128 characters of letters, digits, '.', '_', ':' or '-'")
      .optional(),
    SERVICE_NAME: z.string().min(1).max(128, "SERVICE_NAME must be at most 128 characters").optional(),
    VERSION: z.string().min(1).max(128, "VERSION must be at most 128 characters").default("dev"),
    BACKEND_URL: httpUrl("BACKEND_URL", "http://127.0.0.1:4190").optional(),
    DB_HOST: z.string().min(1).optional(),
    DB_PORT: port("DB_PORT", 1).default(5432),
    DB_NAME: z.string().min(1).default("postgres"),
    DB_USER: z.string().min(1).optional(),
    DB_PASSWORD: z.string().optional(),
    // Aurora and RDS for PostgreSQL 15+ refuse plaintext by default (rds.force_ssl=1).
    DB_SSL: z.enum(["disable", "require"], { error: "DB_SSL must be 'disable' or 'require'" }).default("disable"),
    FAULT_SECRET: z.string().min(16, "FAULT_SECRET must be at least 16 characters").optional(),
    OTEL_EXPORTER_OTLP_ENDPOINT: httpUrl("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4100/otlp").optional(),
    FAULT_FLAG_PARAMETER: z
      .string()
      .regex(/^[A-Za-z0-9_.\-/]{1,2048}$/, "FAULT_FLAG_PARAMETER must be an SSM parameter name, e.g. /gameday/fault-flags")
      .optional(),
    AWS_REGION: z.string().min(1).optional(),
    // Set by the ECS agent in every container; the lab leaves it unset.
    ECS_CONTAINER_METADATA_URI_V4: httpUrl("ECS_CONTAINER_METADATA_URI_V4", "http://169.254.170.2/v4/<id>").optional(),
    START_MODE: z
      .enum(["normal", "unhealthy", "crash"], { error: "START_MODE must be 'normal', 'unhealthy' or 'crash'" })
      .default("normal"),
    SHUTDOWN_GRACE_MS: z.coerce
      .number({ error: "SHUTDOWN_GRACE_MS must be a number of milliseconds" })
      .int("SHUTDOWN_GRACE_MS must be an integer number of milliseconds")
      .min(0, "SHUTDOWN_GRACE_MS must be between 0 and 600000")
      .max(600_000, "SHUTDOWN_GRACE_MS must be between 0 and 600000")
      .default(10_000),
  })
  .superRefine((env, context) => {
    if (env.ROLE === "api" && !env.BACKEND_URL) {
      context.addIssue({
        code: "custom",
        path: ["BACKEND_URL"],
        message: "BACKEND_URL is required when ROLE=api (e.g. http://backend.gameday.local:8080)",
      });
    }
    if (env.DB_HOST && !env.DB_USER) {
      context.addIssue({ code: "custom", path: ["DB_USER"], message: "DB_USER is required when DB_HOST is set" });
    }
    if (env.DB_HOST && env.DB_PASSWORD === undefined) {
      context.addIssue({ code: "custom", path: ["DB_PASSWORD"], message: "DB_PASSWORD is required when DB_HOST is set" });
    }
  });

/** Connection settings of the application database. */
export interface DbConfig {
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
  ssl: boolean;
}

/** Everything the service reads from its environment, validated and defaulted. */
export interface ServiceConfig {
  role: "api" | "backend";
  port: number;
  host: string;
  taskId: string;
  serviceName: string;
  version: string;
  /** Base URL of the backend service; set exactly when role is `api`. */
  backendUrl: string | undefined;
  /** Absent: `/db` answers 503 "database not configured" and `/process` skips the query. */
  db: DbConfig | undefined;
  /** Absent: the `/_fault` endpoint answers 404. */
  faultSecret: string | undefined;
  /** Base OTLP/HTTP endpoint; spans go to `${otlpEndpoint}/v1/traces`. Absent: nothing exported. */
  otlpEndpoint: string | undefined;
  /** SSM parameter holding the AWS fault flags; absent: no polling. */
  faultFlagParameter: string | undefined;
  awsRegion: string | undefined;
  /** ECS task metadata endpoint (v4); absent outside ECS. */
  ecsMetadataUri: string | undefined;
  /** Which identity fields came from the environment (and must not be replaced by ECS metadata). */
  explicit: { taskId: boolean; version: boolean };
  startMode: "normal" | "unhealthy" | "crash";
  shutdownGraceMs: number;
}

/** A configuration problem; the message lists every bad variable by name. */
export class ConfigError extends Error {
  readonly problems: string[];

  constructor(problems: string[]) {
    super(`Invalid environment:\n${problems.map((line) => `  - ${line}`).join("\n")}`);
    this.name = "ConfigError";
    this.problems = problems;
  }
}

/** Parses the environment; throws a ConfigError naming each bad variable. */
export function loadConfig(source: Record<string, string | undefined>): ServiceConfig {
  // An empty variable (`FOO=` in an env file or task definition) means "not set".
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ""));
  const result = ConfigSchema.safeParse(cleaned);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const name = issue.path.join(".") || "(environment)";
        return issue.message.startsWith(name) ? issue.message : `${name}: ${issue.message}`;
      }),
    );
  }
  const env = result.data;
  const db: DbConfig | undefined =
    env.DB_HOST && env.DB_USER && env.DB_PASSWORD !== undefined
      ? {
          host: env.DB_HOST,
          port: env.DB_PORT,
          database: env.DB_NAME,
          user: env.DB_USER,
          password: env.DB_PASSWORD,
          ssl: env.DB_SSL === "require",
        }
      : undefined;
  return {
    role: env.ROLE,
    port: env.PORT,
    host: env.HOST,
    taskId: env.TASK_ID ?? randomBytes(8).toString("hex"),
    serviceName: env.SERVICE_NAME ?? env.ROLE,
    version: env.VERSION,
    backendUrl: env.ROLE === "api" ? env.BACKEND_URL : undefined,
    db,
    faultSecret: env.FAULT_SECRET,
    otlpEndpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT,
    faultFlagParameter: env.FAULT_FLAG_PARAMETER,
    awsRegion: env.AWS_REGION,
    ecsMetadataUri: env.ECS_CONTAINER_METADATA_URI_V4,
    explicit: { taskId: "TASK_ID" in cleaned, version: "VERSION" in cleaned },
    startMode: env.START_MODE,
    shutdownGraceMs: env.SHUTDOWN_GRACE_MS,
  };
}

/** The config with TASK_ID and VERSION taken from ECS task metadata where the environment left them unset. */
export function withEcsIdentity(config: ServiceConfig, identity: { taskId: string; version: string }): ServiceConfig {
  return {
    ...config,
    taskId: config.explicit.taskId ? config.taskId : identity.taskId,
    version: config.explicit.version ? config.version : identity.version,
  };
}
