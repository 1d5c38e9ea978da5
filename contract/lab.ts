/**
 * The shapes of the lab port, declared once: what every lab answers (topology, runs and their
 * ground-truth instants, metrics, alarms, events, traces) and what it is asked (run specs,
 * metric queries, remediations). The console's adapters parse every answer with these, and
 * the local-lab daemon answers its HTTP API in exactly these shapes, so the console never
 * sees an adapter-specific shape. Names follow ECS/CloudWatch/FIS so the local lab and AWS
 * read alike.
 */
import { z } from "zod";
import { ScenarioIdSchema } from "./scenarios";

export const LabKindSchema = z.enum(["local", "aws"]);

/**
 * How fast the local lab's control loops run. `realistic`: AWS's timings as the seeds describe
 * them (target health checks every 30 s, 2 failures to go unhealthy, 30 s deregistration delay,
 * tens of seconds for a task to start, scaling cooldowns of 60 s out and 300 s in), so a fault
 * lasts long enough to be detected. `fast`: seconds instead of minutes, for demos and tests.
 * The same values as the console's `LabPace` column.
 */
export const LAB_PACES = ["realistic", "fast"] as const;
export const LabPaceSchema = z.enum(LAB_PACES, { error: `pace must be one of: ${LAB_PACES.join(", ")}` });
export type LabPace = z.infer<typeof LabPaceSchema>;

/**
 * Why a lab call failed, in terms the console can act on. Adapters translate SDK and HTTP
 * failures into these codes, and the local lab answers its errors with them.
 */
export const LAB_ERROR_CODES = [
  "unreachable", // daemon down, network error, AWS endpoint unreachable
  "credentials", // missing or expired AWS credentials
  "access-denied", // credentials work but lack a permission
  "throttled", // retries exhausted on a throttling error
  "quota-exceeded", // e.g. FIS active-experiment quota
  "prerequisite-missing", // e.g. no FIS template for the scenario, task definition not FIS-ready
  "not-found", // unknown run, service or template
  "conflict", // e.g. the run already ended, safety lever engaged
  "invalid", // parameters the lab refuses
  "unsupported", // the scenario cannot run on this lab
] as const;
export type LabErrorCode = (typeof LAB_ERROR_CODES)[number];

/** Every error answer of the local lab's control API. */
export const LabErrorBodySchema = z.object({
  error: z.object({ code: z.enum(LAB_ERROR_CODES), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }),
});
export type LabErrorBody = z.infer<typeof LabErrorBodySchema>;
export type LabKind = z.infer<typeof LabKindSchema>;

export { ScenarioIdSchema, type ScenarioId } from "./scenarios";

const isoInstant = z.iso.datetime({ offset: true });

// ---------------------------------------------------------------- topology

export const TaskLastStatusSchema = z.enum([
  "PROVISIONING",
  "PENDING",
  "ACTIVATING",
  "RUNNING",
  "DEACTIVATING",
  "STOPPING",
  "DEPROVISIONING",
  "STOPPED",
]);
export type TaskLastStatus = z.infer<typeof TaskLastStatusSchema>;

/** One container of a task and how it ended (ECS DescribeTasks Container: lastStatus, exitCode, reason). */
export const TaskContainerSchema = z.object({
  name: z.string().min(1),
  lastStatus: z.string().nullable(),
  /** Exit code of a stopped container, e.g. 137 when the kernel killed it for memory. */
  exitCode: z.number().int().nullable(),
  /** Why the container stopped, e.g. `OutOfMemoryError: Container killed due to memory usage`. */
  reason: z.string().nullable(),
});
export type TaskContainer = z.infer<typeof TaskContainerSchema>;

export const TaskSchema = z.object({
  /** Short task id (the last segment of an ECS task ARN, or the local lab's id). */
  id: z.string().min(1),
  service: z.string().min(1),
  lastStatus: TaskLastStatusSchema,
  desiredStatus: z.enum(["RUNNING", "STOPPED", "PENDING"]),
  healthStatus: z.enum(["HEALTHY", "UNHEALTHY", "UNKNOWN"]),
  /** Task definition family:revision, e.g. `api:7`. */
  taskDefinition: z.string().min(1),
  hostId: z.string().nullable(),
  availabilityZone: z.string().nullable(),
  startedAt: isoInstant.nullable(),
  stoppedAt: isoInstant.nullable(),
  /** ECS stop code, e.g. `EssentialContainerExited`, `TaskFailedToStart`, `SpotInterruption`. */
  stopCode: z.string().nullable(),
  /** ECS-style stopped reason, e.g. `Essential container in task exited`. */
  stoppedReason: z.string().nullable(),
  /** Operating-system process id; local lab only. */
  pid: z.number().int().positive().nullable(),
  /**
   * The task's containers with their exit codes and reasons: for a stopped task, the clue a
   * responder needs (a crash-looping deployment shows 137 / OutOfMemoryError here while the
   * task's own reason only says an essential container exited). Absent when the lab does
   * not report containers.
   */
  containers: z.array(TaskContainerSchema).optional(),
});
export type Task = z.infer<typeof TaskSchema>;

export const DeploymentSchema = z.object({
  id: z.string().min(1),
  status: z.enum(["PRIMARY", "ACTIVE", "INACTIVE"]),
  /**
   * ECS reports a rollout state only for some deployment types (rolling updates not behind a
   * Classic Load Balancer); `UNKNOWN` is a deployment that carries none, which is neither in
   * progress nor finished as far as anyone can tell.
   */
  rolloutState: z.enum(["IN_PROGRESS", "COMPLETED", "FAILED", "UNKNOWN"]),
  rolloutStateReason: z.string().nullable(),
  taskDefinition: z.string().min(1),
  desiredCount: z.number().int().nonnegative(),
  runningCount: z.number().int().nonnegative(),
  pendingCount: z.number().int().nonnegative(),
  failedTasks: z.number().int().nonnegative(),
  createdAt: isoInstant,
  updatedAt: isoInstant,
});
export type Deployment = z.infer<typeof DeploymentSchema>;

export const ServiceSchema = z.object({
  name: z.string().min(1),
  status: z.enum(["ACTIVE", "DRAINING", "INACTIVE"]),
  desiredCount: z.number().int().nonnegative(),
  runningCount: z.number().int().nonnegative(),
  pendingCount: z.number().int().nonnegative(),
  taskDefinition: z.string().min(1),
  deployments: z.array(DeploymentSchema),
});
export type Service = z.infer<typeof ServiceSchema>;

export const HostSchema = z.object({
  id: z.string().min(1),
  availabilityZone: z.string().min(1),
  lifecycle: z.enum(["on-demand", "spot"]),
  status: z.enum(["ACTIVE", "DRAINING", "INACTIVE"]),
  /** Task slots (local lab) or vCPU units (EC2 variant); Fargate reports no hosts. */
  capacity: z.number().int().nonnegative(),
  used: z.number().int().nonnegative(),
});
export type Host = z.infer<typeof HostSchema>;

export const TargetHealthSchema = z.object({
  targetId: z.string().min(1),
  service: z.string().min(1),
  /** ELBv2 TargetHealth.State. */
  state: z.enum(["initial", "healthy", "unhealthy", "unused", "draining", "unavailable"]),
  reason: z.string().nullable(),
  description: z.string().nullable(),
});
export type TargetHealth = z.infer<typeof TargetHealthSchema>;

export const DatabaseSchema = z.object({
  identifier: z.string().min(1),
  engine: z.string().min(1),
  status: z.enum(["available", "failing-over", "unavailable"]),
  /** Which instance or availability zone currently serves writes. */
  writer: z.string().nullable(),
});
export type Database = z.infer<typeof DatabaseSchema>;

export const LoadBalancerSchema = z.object({
  /** CloudWatch `LoadBalancer` dimension value, e.g. `app/gameday-alb/50dc6c495c0c9188`. */
  dimension: z.string().min(1),
  /** Public URL of the listener. */
  url: z.string().min(1),
  targetGroups: z.array(
    z.object({
      service: z.string().min(1),
      /** CloudWatch `TargetGroup` dimension value, e.g. `targetgroup/api-blue/73e2d6bc24d8a067`. */
      dimension: z.string().min(1),
    }),
  ),
});
export type LoadBalancer = z.infer<typeof LoadBalancerSchema>;

export const TopologySchema = z.object({
  kind: LabKindSchema,
  /** ECS `ClusterName` dimension value. */
  cluster: z.string().min(1),
  loadBalancer: LoadBalancerSchema,
  capturedAt: isoInstant,
  services: z.array(ServiceSchema),
  tasks: z.array(TaskSchema),
  hosts: z.array(HostSchema),
  targets: z.array(TargetHealthSchema),
  database: DatabaseSchema.nullable(),
});
export type Topology = z.infer<typeof TopologySchema>;

// ---------------------------------------------------------------- runs

/** What the console asks a lab to inject. Params were validated by the scenario's schema. */
export const RunSpecSchema = z.object({
  /** The console's run id; adapters use it as the idempotency key (FIS clientToken). */
  runId: z.string({ error: "runId is required" }).min(1, "runId must not be empty").max(64, "runId must be at most 64 characters"),
  scenarioId: ScenarioIdSchema,
  params: z.record(z.string(), z.unknown()).default({}),
  /** The lease: the fault is reverted when it ends, whatever else happens. */
  durationSeconds: z
    .number({ error: "durationSeconds (the lease) is required" })
    .int("durationSeconds must be a whole number")
    .min(1, "durationSeconds (the lease) must be at least 1 second")
    .max(3600, "durationSeconds (the lease) must be at most 3600 seconds"),
  /** Free-form labels carried to the lab (FIS experiment tags, local fault labels). */
  tags: z.record(z.string(), z.string()).default({}),
});
export type RunSpec = z.input<typeof RunSpecSchema>;

export const RunHandleSchema = z.object({
  runId: z.string().min(1),
  kind: LabKindSchema,
  /** FIS experiment id, or the local lab's fault id. */
  externalId: z.string().min(1),
  startedAt: isoInstant,
  leaseExpiresAt: isoInstant,
});
export type RunHandle = z.infer<typeof RunHandleSchema>;

/** The console's run phases; FIS states map onto them (see each adapter). */
export const RunPhaseSchema = z.enum(["initiating", "injecting", "active", "reverting", "ended"]);
export type RunPhase = z.infer<typeof RunPhaseSchema>;

export const RunOutcomeSchema = z.enum(["completed", "stopped", "failed", "cancelled"]);
export type RunOutcome = z.infer<typeof RunOutcomeSchema>;

export const ActionStatusSchema = z.object({
  actionId: z.string().min(1),
  /** FIS action id, e.g. `aws:ecs:stop-task`, or the local lab's fault kind. */
  action: z.string().min(1),
  state: z.enum(["pending", "initiating", "running", "completed", "cancelled", "stopping", "stopped", "failed", "skipped"]),
  startedAt: isoInstant.nullable(),
  endedAt: isoInstant.nullable(),
});
export type ActionStatus = z.infer<typeof ActionStatusSchema>;

export const RunStatusSchema = z.object({
  externalId: z.string().min(1),
  phase: RunPhaseSchema,
  outcome: RunOutcomeSchema.nullable(),
  reason: z.string().nullable(),
  /** Ground truth for scoring: when the fault really took effect and when it was really reverted. */
  injectedAt: isoInstant.nullable(),
  revertedAt: isoInstant.nullable(),
  leaseExpiresAt: isoInstant,
  actions: z.array(ActionStatusSchema),
});
export type RunStatus = z.infer<typeof RunStatusSchema>;

export const CheckSchema = z.object({
  id: z.string().min(1),
  label: z.string().min(1),
  status: z.enum(["pass", "warn", "fail"]),
  detail: z.string(),
});
export type Check = z.infer<typeof CheckSchema>;

/** What preflight needs to judge readiness. */
export const ScenarioSpecSchema = RunSpecSchema.pick({ scenarioId: true, params: true, durationSeconds: true });
export type ScenarioSpec = z.infer<typeof ScenarioSpecSchema>;

// ---------------------------------------------------------------- metrics

export const MetricStatSchema = z.enum(["Sum", "Average", "Minimum", "Maximum", "SampleCount", "p50", "p90", "p95", "p99"]);
export type MetricStat = z.infer<typeof MetricStatSchema>;

/** A CloudWatch-shaped query; `id` follows GetMetricData's rule (lowercase first letter). */
export const MetricQuerySchema = z.object({
  id: z.string().regex(/^[a-z][a-zA-Z0-9_]*$/, "id must start with a lowercase letter and contain only letters, digits and _"),
  namespace: z.string().min(1),
  metricName: z.string().min(1),
  dimensions: z.record(z.string(), z.string()).default({}),
  stat: MetricStatSchema,
  periodSeconds: z.number().int().min(1).max(86400),
  label: z.string().optional(),
});
export type MetricQuery = z.input<typeof MetricQuerySchema>;

export const MetricPointSchema = z.object({
  /** Epoch milliseconds, start of the period. */
  t: z.number().int(),
  v: z.number(),
});
export type MetricPoint = z.infer<typeof MetricPointSchema>;

export const SeriesSchema = z.object({
  id: z.string().min(1),
  label: z.string(),
  /** Oldest first. */
  points: z.array(MetricPointSchema),
  /**
   * How the metrics source answered for this series: `complete`; `partial` when some of the
   * window is missing (pages left unread); `failed` when it returned nothing it could vouch
   * for (no permission, an internal error that a retry did not cure). A failed series must
   * be shown as failed, not as "no data". Absent means complete.
   */
  status: z.enum(["complete", "partial", "failed"]).optional(),
  /** What the metrics source said about this series or about the whole request (CloudWatch Messages, `Code: Value`). */
  messages: z.array(z.string()).optional(),
});
export type Series = z.infer<typeof SeriesSchema>;

// ---------------------------------------------------------------- alarms and events

export const AlarmStateValueSchema = z.enum(["OK", "ALARM", "INSUFFICIENT_DATA"]);
export type AlarmStateValue = z.infer<typeof AlarmStateValueSchema>;

export const AlarmStateSchema = z.object({
  name: z.string().min(1),
  description: z.string().nullable(),
  state: AlarmStateValueSchema,
  reason: z.string(),
  updatedAt: isoInstant,
  namespace: z.string().min(1),
  metricName: z.string().min(1),
  dimensions: z.record(z.string(), z.string()),
  stat: z.string().min(1),
  threshold: z.number(),
  comparison: z.enum([
    "GreaterThanThreshold",
    "GreaterThanOrEqualToThreshold",
    "LessThanThreshold",
    "LessThanOrEqualToThreshold",
  ]),
  evaluationPeriods: z.number().int().positive(),
  periodSeconds: z.number().int().positive(),
  /**
   * What the alarm watches: one metric (`metric`, the default when absent), a metric-math
   * expression (`math`: `metricName` then holds the expression and `expression` the detail)
   * or other alarms (`composite`: `metricName` holds the rule, `rule` too; the metric fields
   * carry no meaning, read `rule` and `state`).
   */
  kind: z.enum(["metric", "math", "composite"]).optional(),
  /** Metric-math alarms: the expression the alarm evaluates (its Metrics entry with ReturnData true) and the metrics it reads. */
  expression: z
    .object({
      id: z.string().min(1),
      expression: z.string().min(1),
      label: z.string().nullable(),
      metrics: z.array(
        z.object({
          id: z.string().min(1),
          namespace: z.string().min(1),
          metricName: z.string().min(1),
          dimensions: z.record(z.string(), z.string()),
          stat: z.string().min(1),
          periodSeconds: z.number().int().positive(),
        }),
      ),
    })
    .optional(),
  /** Composite alarms: the rule over other alarms' states, e.g. `ALARM("api-5xx") OR ALARM("probe-public")`. */
  rule: z.string().optional(),
});
export type AlarmState = z.infer<typeof AlarmStateSchema>;

export const LabEventKindSchema = z.enum([
  "service", // ECS service event message (steady state, unable to place, circuit breaker…)
  "task-started",
  "task-stopped",
  "deployment",
  "scaling",
  "alarm",
  "host",
  "target-health",
  "fault",
]);
export type LabEventKind = z.infer<typeof LabEventKindSchema>;

export const LabEventSchema = z.object({
  /** Stable across polls, so the console can de-duplicate. */
  id: z.string().min(1),
  at: isoInstant,
  kind: LabEventKindSchema,
  service: z.string().nullable(),
  message: z.string().min(1),
  data: z.record(z.string(), z.unknown()).default({}),
});
export type LabEvent = z.infer<typeof LabEventSchema>;

/**
 * One source of the event feed (e.g. ECS service events, task stops, alarm history,
 * deployments, FIS). A source that cannot be read is `stale` with the reason, and the feed
 * goes on with the others.
 */
export const LabEventSourceSchema = z.object({
  id: z.string().min(1),
  label: z.string().min(1),
  status: z.enum(["ok", "stale"]),
  /** Why the source is stale (the lab error's message); null when it is ok. */
  reason: z.string().nullable(),
  /** The last time this source was read successfully by this adapter; null if never. */
  lastReadAt: isoInstant.nullable(),
});
export type LabEventSource = z.infer<typeof LabEventSourceSchema>;

export const LabEventFeedSchema = z.object({
  events: z.array(LabEventSchema),
  sources: z.array(LabEventSourceSchema),
});
export type LabEventFeed = z.infer<typeof LabEventFeedSchema>;

// ---------------------------------------------------------------- traces

export const ServiceNodeSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  type: z.enum(["client", "load-balancer", "service", "database"]),
  requests: z.number().nonnegative(),
  errors: z.number().nonnegative(),
  averageLatencyMs: z.number().nonnegative().nullable(),
});
export type ServiceNode = z.infer<typeof ServiceNodeSchema>;

export const ServiceEdgeSchema = z.object({
  source: z.string().min(1),
  target: z.string().min(1),
  requests: z.number().nonnegative(),
  errors: z.number().nonnegative(),
  averageLatencyMs: z.number().nonnegative().nullable(),
  p95LatencyMs: z.number().nonnegative().nullable(),
});
export type ServiceEdge = z.infer<typeof ServiceEdgeSchema>;

export const ServiceGraphSchema = z.object({
  nodes: z.array(ServiceNodeSchema),
  edges: z.array(ServiceEdgeSchema),
});
export type ServiceGraph = z.infer<typeof ServiceGraphSchema>;

export const TraceSummarySchema = z.object({
  traceId: z.string().min(1),
  at: isoInstant,
  durationMs: z.number().nonnegative(),
  method: z.string().nullable(),
  path: z.string().nullable(),
  status: z.number().int().nullable(),
  hasError: z.boolean(),
  hasFault: z.boolean(),
  services: z.array(z.string()),
});
export type TraceSummary = z.infer<typeof TraceSummarySchema>;

export const TracesSchema = z.object({
  graph: ServiceGraphSchema,
  samples: z.array(TraceSummarySchema),
});
export type Traces = z.infer<typeof TracesSchema>;

// ---------------------------------------------------------------- remediation

/** What a trainee (or facilitator) can do to fix the target. Never starts or stops a fault. */
export const RemediationActionSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("force-new-deployment"), service: z.string().min(1) }),
  z.object({ type: z.literal("scale-service"), service: z.string().min(1), desiredCount: z.number().int().min(0).max(20) }),
  z.object({ type: z.literal("rollback"), service: z.string().min(1) }),
  z.object({ type: z.literal("add-capacity"), hosts: z.number().int().min(1).max(10) }),
  z.object({ type: z.literal("restore-secret-access"), service: z.string().min(1) }),
  z.object({ type: z.literal("failback-database") }),
]);
export type RemediationAction = z.infer<typeof RemediationActionSchema>;

export const LabHealthSchema = z.object({
  reachable: z.boolean(),
  detail: z.string(),
});
export type LabHealth = z.infer<typeof LabHealthSchema>;

// ---------------------------------------------------------------- the local lab's request bodies

export const StopBodySchema = z.object({ reason: z.string().min(1, "reason must not be empty").max(500, "reason must be at most 500 characters") });
export const HaltAllBodySchema = StopBodySchema;

export const MetricsBodySchema = z
  .object({
    queries: z.array(MetricQuerySchema).min(1, "at least one query is required").max(100, "at most 100 queries per call"),
    from: isoInstant,
    to: isoInstant,
  })
  .refine((body) => Date.parse(body.from) <= Date.parse(body.to), { message: "from must not be after to", path: ["from"] });

/** `PUT /pace`: the local lab's pace from the next health check and the next task start on. */
export const PaceBodySchema = z.object({ pace: LabPaceSchema }).strict();
export type PaceBody = z.infer<typeof PaceBodySchema>;

/** `GET /pace` and the answer to `PUT /pace`: the active pace and the timings it sets. */
export const PaceViewSchema = z.object({
  pace: LabPaceSchema,
  timings: z.object({
    healthCheckIntervalMs: z.number().int().nonnegative(),
    healthyThreshold: z.number().int().positive(),
    unhealthyThreshold: z.number().int().positive(),
    deregistrationDelayMs: z.number().int().nonnegative(),
    taskStartMs: z.number().int().nonnegative(),
    scaleOutCooldownMs: z.number().int().nonnegative(),
    scaleInCooldownMs: z.number().int().nonnegative(),
  }),
});
export type PaceView = z.infer<typeof PaceViewSchema>;

export const EventsQuerySchema = z.object({ since: isoInstant });
export const TracesQuerySchema = z
  .object({ from: isoInstant, to: isoInstant })
  .refine((query) => Date.parse(query.from) <= Date.parse(query.to), { message: "from must not be after to", path: ["from"] });
