/**
 * The daemon's one validated configuration. The console (scripts/console/local-lab.ts) and
 * the tests start the daemon with these variables; a bad value stops the daemon at start
 * with a message naming the variable, before any process or port is touched.
 */
import { z } from "zod";
import { LabPaceSchema, type LabPace } from "../../contract/lab";

const port = (name: string) =>
  z.coerce
    .number({ error: `${name} must be a port number` })
    .int(`${name} must be a whole number`)
    .min(1, `${name} must be between 1 and 65535`)
    .max(65535, `${name} must be between 1 and 65535`);

const count = (name: string, min: number, max: number) =>
  z.coerce
    .number({ error: `${name} must be a number` })
    .int(`${name} must be a whole number`)
    .min(min, `${name} must be at least ${min}`)
    .max(max, `${name} must be at most ${max}`);

const ms = (min: number, max: number) => z.number().int().min(min).max(max);

/**
 * The timings the `realistic` pace sets, AWS's as the seeds describe them: ALB health checks
 * every 30 s with 2 healthy/unhealthy thresholds, a 30 s deregistration delay, scaling
 * cooldowns of 60 s out and 300 s in (seed 001, "Key Features" and "Auto-Scaling
 * Configuration"); tens of seconds for a task to start before its first check and a 30 s
 * SIGTERM → SIGKILL grace (seed 004, "Traffic Shift" and "When Are Old Tasks Killed?").
 * The restart backoff is not in the seeds: ECS throttles failing launches, here from 10 s up
 * to 2 minutes. Tests pass proportionally shorter values through LAB_TUNING's `realistic`.
 */
export const RealisticTimingsSchema = z
  .object({
    healthCheck: z
      .object({
        intervalMs: ms(50, 300_000).default(30_000),
        /** ALB's default health-check timeout. */
        timeoutMs: ms(20, 60_000).default(5000),
        healthyThreshold: z.number().int().min(1).max(10).default(2),
        unhealthyThreshold: z.number().int().min(1).max(10).default(2),
      })
      .strict()
      .prefault({}),
    deregistrationDelayMs: ms(0, 3_600_000).default(30_000),
    /** Image and secrets pull before the container starts: the "tens of seconds" of a task start. */
    provisionMs: ms(0, 60_000).default(20_000),
    stopTimeoutMs: ms(200, 120_000).default(30_000),
    restartBackoff: z
      .object({ baseMs: ms(0, 600_000).default(10_000), maxMs: ms(0, 3_600_000).default(120_000) })
      .strict()
      .prefault({}),
    autoscaling: z
      .object({ scaleOutCooldownMs: ms(0, 3_600_000).default(60_000), scaleInCooldownMs: ms(0, 3_600_000).default(300_000) })
      .strict()
      .prefault({}),
  })
  .strict();
/** The timings a pace decides; every other timing of the lab is the same at both paces. */
export type PacedTimings = z.infer<typeof RealisticTimingsSchema>;

/**
 * Every timing and threshold of the lab. The top-level values are the `fast` pace (a
 * trainee sees a killed task replaced within seconds, for demos and tests), `realistic`
 * holds the other pace's values. The object is live: the active pace rewrites its paced
 * fields in place (src/pace.ts), and every part reads them when it next uses them. Tests
 * pass much shorter values through LAB_TUNING so a whole scenario plays out in a few seconds.
 */
export const TuningSchema = z
  .object({
    healthCheck: z
      .object({
        path: z.string().startsWith("/").default("/healthz"),
        intervalMs: ms(50, 300_000).default(2000),
        timeoutMs: ms(20, 60_000).default(1000),
        healthyThreshold: z.number().int().min(1).max(10).default(2),
        unhealthyThreshold: z.number().int().min(1).max(10).default(2),
      })
      .prefault({}),
    /** How long a deregistered target keeps finishing in-flight requests before its task gets SIGTERM. */
    deregistrationDelayMs: ms(0, 3_600_000).default(5000),
    /** Upstream timeout of the load balancer (ALB's idle timeout); a hung target yields 504. */
    targetTimeoutMs: ms(100, 300_000).default(10_000),
    /** The scheduler's reconcile tick. */
    reconcileIntervalMs: ms(20, 10_000).default(250),
    /** Image and secrets pull time of a placed task before its process starts. */
    provisionMs: ms(0, 60_000).default(500),
    /** How long a pull waits through a dead NAT gateway before CannotPullContainerError. */
    natTimeoutMs: ms(0, 120_000).default(5000),
    /** A task that has not printed its ready line within this is stopped as failed to start. */
    taskStartTimeoutMs: ms(500, 300_000).default(20_000),
    /** How long a target stays unhealthy before the scheduler replaces its task (ECS acts on ELB health on its own cycle). */
    unhealthyReplacementDelayMs: ms(0, 600_000).default(5000),
    /** SIGTERM → SIGKILL (ECS stopTimeout). */
    stopTimeoutMs: ms(200, 120_000).default(5000),
    /** ECS learns of a dead container from its agent after a delay; the load balancer keeps routing meanwhile. */
    taskStopReportDelayMs: ms(0, 60_000).default(2000),
    /** Stopped tasks stay listed this long (ECS keeps them about an hour). */
    stoppedTaskRetentionMs: ms(1000, 24 * 3_600_000).default(600_000),
    restartBackoff: z
      .object({ baseMs: ms(0, 600_000).default(1000), maxMs: ms(0, 3_600_000).default(30_000) })
      .prefault({}),
    deployment: z
      .object({
        minimumHealthyPercent: z.number().int().min(0).max(100).default(100),
        maximumPercent: z.number().int().min(100).max(400).default(200),
        /** ECS: 0.5 × desired count, at least 3, at most 200. */
        circuitBreakerMinThreshold: z.number().int().min(1).max(200).default(3),
      })
      .prefault({}),
    /** ECS emits "unable to place a task" at most this often per service. */
    unableToPlaceEventIntervalMs: ms(0, 3_600_000).default(30_000),
    /** Time for replacement capacity to register after a Spot reclaim. */
    spotReplacementDelayMs: ms(0, 3_600_000).default(10_000),
    autoscaling: z
      .object({
        enabled: z.boolean().default(true),
        targetCpuPercent: z.number().min(5).max(95).default(70),
        maxCount: z.number().int().min(1).max(20).default(4),
        scaleOutCooldownMs: ms(0, 3_600_000).default(30_000),
        scaleInCooldownMs: ms(0, 3_600_000).default(120_000),
        /** The averaging window of the CPU metric the policy tracks. */
        windowSeconds: z.number().int().min(1).max(900).default(30),
      })
      .prefault({}),
    traffic: z
      .object({
        rps: z.number().min(0).max(200).default(5),
        /** Path → weight; the synthetic users' mix. */
        mix: z.record(z.string().startsWith("/"), z.number().min(0)).default({ "/": 4, "/db": 2, "/api/backend": 3, "/work?ms=5": 1 }),
        maxInFlight: z.number().int().min(1).max(1000).default(50),
        timeoutMs: ms(100, 60_000).default(5000),
      })
      .prefault({}),
    probe: z
      .object({ intervalMs: ms(100, 60_000).default(1000), timeoutMs: ms(100, 60_000).default(2500) })
      .prefault({}),
    waf: z
      .object({
        /** Requests per client per window before the rate-based rule blocks (AWS: per 5 minutes). */
        rateLimit: z.number().int().min(1).max(1_000_000).default(600),
        rateWindowMs: ms(1000, 3_600_000).default(60_000),
      })
      .prefault({}),
    /** Connections are dropped and refused this long when the database is failed back. */
    failbackRefuseMs: ms(0, 60_000).default(1000),
    /** The period every alarm evaluates (CloudWatch alarms on 1-minute data; the lab samples per second). */
    alarmPeriodSeconds: z.number().int().min(1).max(300).default(10),
    metricRetentionSeconds: z.number().int().min(60).max(86_400).default(3600),
    traceRetentionSeconds: z.number().int().min(60).max(86_400).default(900),
    task: z
      .object({
        /** Reserved CPU per task in ECS units (1024 = one core); CPUUtilization is measured against it. */
        cpuUnits: z.number().int().min(128).max(4096).default(1024),
        /** Reserved memory per task; MemoryUtilization is RSS against it. */
        memoryMiB: z.number().int().min(64).max(16_384).default(512),
      })
      .prefault({}),
    realistic: RealisticTimingsSchema.prefault({}),
  })
  .strict();
export type Tuning = z.infer<typeof TuningSchema>;

function isLocalPostgresUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "postgres:" || url.protocol === "postgresql:") && (url.hostname === "127.0.0.1" || url.hostname === "localhost");
  } catch {
    return false;
  }
}

const jsonObject = z.string().transform((text, context) => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    context.addIssue({ code: "custom", message: "LAB_TUNING must be a JSON object" });
    return z.NEVER;
  }
});

export const EnvSchema = z.object({
  LAB_HOST: z.literal("127.0.0.1", { error: "LAB_HOST must be 127.0.0.1: the lab never listens beyond this machine" }).default("127.0.0.1"),
  LAB_PORT: port("LAB_PORT"),
  LAB_PUBLIC_PORT: port("LAB_PUBLIC_PORT"),
  LAB_TOKEN: z.string({ error: "LAB_TOKEN is required (the control API's bearer token)" }).min(16, "LAB_TOKEN must be at least 16 characters"),
  LAB_STATE_DIR: z.string({ error: "LAB_STATE_DIR is required (a directory for the lab's state)" }).min(1, "LAB_STATE_DIR must not be empty"),
  LAB_DATABASE_URL: z
    .string()
    .refine(isLocalPostgresUrl, "LAB_DATABASE_URL must be a postgres:// superuser URL on 127.0.0.1 or localhost")
    .optional(),
  LAB_TRAFFIC_RPS: z.coerce.number({ error: "LAB_TRAFFIC_RPS must be a number" }).min(0, "LAB_TRAFFIC_RPS must be at least 0").max(200, "LAB_TRAFFIC_RPS must be at most 200").optional(),
  LAB_API_TASKS: count("LAB_API_TASKS", 1, 10).default(2),
  LAB_BACKEND_TASKS: count("LAB_BACKEND_TASKS", 1, 10).default(2),
  LAB_HOSTS: count("LAB_HOSTS", 1, 20).default(4),
  LAB_HOST_SLOTS: count("LAB_HOST_SLOTS", 1, 20).default(3),
  LAB_SPOT_HOSTS: count("LAB_SPOT_HOSTS", 0, 20).optional(),
  LAB_TUNING: jsonObject.pipe(TuningSchema).optional(),
  /** The pace once the fleet is up (it always boots fast); the console sets each game day's own. */
  LAB_PACE: LabPaceSchema.default("realistic"),
  /** Set to 0 only when a test runs the daemon inside its own process. */
  LAB_WATCH_PARENT: z.enum(["0", "1"]).default("1"),
});

/** The lab's settings after validation. */
export interface LabConfig {
  host: "127.0.0.1";
  controlPort: number;
  publicPort: number;
  token: string;
  stateDir: string;
  databaseAdminUrl: string | undefined;
  fleet: {
    apiTasks: number;
    backendTasks: number;
    hosts: number;
    hostSlots: number;
    spotHosts: number;
  };
  tuning: Tuning;
  pace: LabPace;
  watchParent: boolean;
}

export class ConfigError extends Error {
  constructor(issues: z.core.$ZodIssue[]) {
    const lines = issues.map((issue) => `  - ${issue.path.join(".") || "(root)"}: ${issue.message}`);
    super(`Invalid local-lab environment:\n${lines.join("\n")}`);
    this.name = "ConfigError";
  }
}

export function parseConfig(source: Record<string, string | undefined>): LabConfig {
  const result = EnvSchema.safeParse(source);
  if (!result.success) throw new ConfigError(result.error.issues);
  const env = result.data;
  const tuning = env.LAB_TUNING ?? TuningSchema.parse({});
  if (env.LAB_TRAFFIC_RPS !== undefined) tuning.traffic.rps = env.LAB_TRAFFIC_RPS;
  const spotHosts = env.LAB_SPOT_HOSTS ?? Math.floor(env.LAB_HOSTS / 2);
  if (spotHosts > env.LAB_HOSTS) {
    throw new ConfigError([{ code: "custom", path: ["LAB_SPOT_HOSTS"], message: "LAB_SPOT_HOSTS must not exceed LAB_HOSTS", input: spotHosts }]);
  }
  if (env.LAB_PORT === env.LAB_PUBLIC_PORT) {
    throw new ConfigError([{ code: "custom", path: ["LAB_PUBLIC_PORT"], message: "LAB_PUBLIC_PORT must differ from LAB_PORT", input: env.LAB_PUBLIC_PORT }]);
  }
  return {
    host: env.LAB_HOST,
    controlPort: env.LAB_PORT,
    publicPort: env.LAB_PUBLIC_PORT,
    token: env.LAB_TOKEN,
    stateDir: env.LAB_STATE_DIR,
    databaseAdminUrl: env.LAB_DATABASE_URL,
    fleet: {
      apiTasks: env.LAB_API_TASKS,
      backendTasks: env.LAB_BACKEND_TASKS,
      hosts: env.LAB_HOSTS,
      hostSlots: env.LAB_HOST_SLOTS,
      spotHosts,
    },
    tuning,
    pace: env.LAB_PACE,
    watchParent: env.LAB_WATCH_PARENT === "1",
  };
}
