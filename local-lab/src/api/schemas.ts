/**
 * The control API's shapes. They mirror the console's lab port (lib/lab/types.ts) field for
 * field, so the local adapter parses these answers with the port's own schemas and nothing
 * is translated on the way. local-lab imports nothing from the console, hence the copy; the
 * contract suite (lib/lab/local/local-lab.test.ts) fails if the two drift apart.
 */
import { z } from "zod";
import { ScenarioIdSchema } from "../../../contract/scenarios";

export { SCENARIO_IDS, ScenarioIdSchema, type ScenarioId } from "../../../contract/scenarios";

const isoInstant = z.iso.datetime({ offset: true });

export const ERROR_CODES = [
  "unreachable",
  "credentials",
  "access-denied",
  "throttled",
  "quota-exceeded",
  "prerequisite-missing",
  "not-found",
  "conflict",
  "invalid",
  "unsupported",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Every error answer of the control API. */
export const ErrorBodySchema = z.object({
  error: z.object({ code: z.enum(ERROR_CODES), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

// ---------------------------------------------------------------- topology

export type TaskLastStatus = "PROVISIONING" | "PENDING" | "ACTIVATING" | "RUNNING" | "DEACTIVATING" | "STOPPING" | "DEPROVISIONING" | "STOPPED";

/** A task as the port describes it. */
export interface TaskView {
  id: string;
  service: string;
  lastStatus: TaskLastStatus;
  desiredStatus: "RUNNING" | "STOPPED" | "PENDING";
  healthStatus: "HEALTHY" | "UNHEALTHY" | "UNKNOWN";
  taskDefinition: string;
  hostId: string | null;
  availabilityZone: string | null;
  startedAt: string | null;
  stoppedAt: string | null;
  stopCode: string | null;
  stoppedReason: string | null;
  pid: number | null;
}

/** A deployment as the port describes it. */
export interface DeploymentView {
  id: string;
  status: "PRIMARY" | "ACTIVE" | "INACTIVE";
  rolloutState: "IN_PROGRESS" | "COMPLETED" | "FAILED";
  rolloutStateReason: string | null;
  taskDefinition: string;
  desiredCount: number;
  runningCount: number;
  pendingCount: number;
  failedTasks: number;
  createdAt: string;
  updatedAt: string;
}

/** A service as the port describes it. */
export interface ServiceView {
  name: string;
  status: "ACTIVE" | "DRAINING" | "INACTIVE";
  desiredCount: number;
  runningCount: number;
  pendingCount: number;
  taskDefinition: string;
  deployments: DeploymentView[];
}

/** A host (container instance) as the port describes it. */
export interface HostView {
  id: string;
  availabilityZone: string;
  lifecycle: "on-demand" | "spot";
  status: "ACTIVE" | "DRAINING" | "INACTIVE";
  capacity: number;
  used: number;
}

export type TargetState = "initial" | "healthy" | "unhealthy" | "unused" | "draining" | "unavailable";

/** One load balancer target and its health, as the port describes it. */
export interface TargetHealthView {
  targetId: string;
  service: string;
  state: TargetState;
  reason: string | null;
  description: string | null;
}

/** The whole lab as the port's `Topology`. */
export interface TopologyView {
  kind: "local";
  cluster: string;
  loadBalancer: { dimension: string; url: string; targetGroups: { service: string; dimension: string }[] };
  capturedAt: string;
  services: ServiceView[];
  tasks: TaskView[];
  hosts: HostView[];
  targets: TargetHealthView[];
  database: { identifier: string; engine: string; status: "available" | "failing-over" | "unavailable"; writer: string | null } | null;
}

// ---------------------------------------------------------------- runs

export const RunSpecSchema = z.object({
  runId: z.string({ error: "runId is required" }).min(1, "runId must not be empty").max(64, "runId must be at most 64 characters"),
  scenarioId: ScenarioIdSchema,
  params: z.record(z.string(), z.unknown()).default({}),
  durationSeconds: z
    .number({ error: "durationSeconds (the lease) is required" })
    .int("durationSeconds must be a whole number")
    .min(1, "durationSeconds (the lease) must be at least 1 second")
    .max(3600, "durationSeconds (the lease) must be at most 3600 seconds"),
  tags: z.record(z.string(), z.string()).default({}),
});
export type RunSpec = z.infer<typeof RunSpecSchema>;

export const ScenarioSpecSchema = RunSpecSchema.pick({ scenarioId: true, params: true, durationSeconds: true });
export type ScenarioSpec = z.infer<typeof ScenarioSpecSchema>;

export const StopBodySchema = z.object({ reason: z.string().min(1, "reason must not be empty").max(500, "reason must be at most 500 characters") });
export const HaltAllBodySchema = StopBodySchema;

/** The handle the console keeps for a run. */
export interface RunHandleView {
  runId: string;
  kind: "local";
  externalId: string;
  startedAt: string;
  leaseExpiresAt: string;
}

export type RunPhase = "initiating" | "injecting" | "active" | "reverting" | "ended";
export type RunOutcome = "completed" | "stopped" | "failed" | "cancelled";
export type ActionState = "pending" | "initiating" | "running" | "completed" | "cancelled" | "stopping" | "stopped" | "failed" | "skipped";

/** One step of a fault (e.g. kill tasks, warn Spot hosts), with its real instants. */
export interface ActionStatusView {
  actionId: string;
  action: string;
  state: ActionState;
  startedAt: string | null;
  endedAt: string | null;
}

/** A run's status: phase, outcome and the ground-truth instants. */
export interface RunStatusView {
  externalId: string;
  phase: RunPhase;
  outcome: RunOutcome | null;
  reason: string | null;
  injectedAt: string | null;
  revertedAt: string | null;
  leaseExpiresAt: string;
  actions: ActionStatusView[];
}

/** A readiness verdict. */
export interface CheckView {
  id: string;
  label: string;
  status: "pass" | "warn" | "fail";
  detail: string;
}

// ---------------------------------------------------------------- metrics

export const MetricStatSchema = z.enum(["Sum", "Average", "Minimum", "Maximum", "SampleCount", "p50", "p90", "p95", "p99"]);
export type MetricStat = z.infer<typeof MetricStatSchema>;

export const MetricQuerySchema = z.object({
  id: z.string().regex(/^[a-z][a-zA-Z0-9_]*$/, "id must start with a lowercase letter and contain only letters, digits and _"),
  namespace: z.string().min(1),
  metricName: z.string().min(1),
  dimensions: z.record(z.string(), z.string()).default({}),
  stat: MetricStatSchema,
  periodSeconds: z.number().int().min(1).max(86400),
  label: z.string().optional(),
});
export type MetricQuery = z.infer<typeof MetricQuerySchema>;

export const MetricsBodySchema = z
  .object({
    queries: z.array(MetricQuerySchema).min(1, "at least one query is required").max(100, "at most 100 queries per call"),
    from: isoInstant,
    to: isoInstant,
  })
  .refine((body) => Date.parse(body.from) <= Date.parse(body.to), { message: "from must not be after to", path: ["from"] });

/** One point: epoch ms of the period start, and the statistic's value. */
export interface MetricPoint {
  t: number;
  v: number;
}

/** A query's answer, oldest point first. */
export interface SeriesView {
  id: string;
  label: string;
  points: MetricPoint[];
}

// ---------------------------------------------------------------- alarms, events, traces

export type AlarmStateValue = "OK" | "ALARM" | "INSUFFICIENT_DATA";
export type Comparison = "GreaterThanThreshold" | "GreaterThanOrEqualToThreshold" | "LessThanThreshold" | "LessThanOrEqualToThreshold";

/** An alarm's definition and current state, as the port describes it. */
export interface AlarmStateView {
  name: string;
  description: string | null;
  state: AlarmStateValue;
  reason: string;
  updatedAt: string;
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
  stat: string;
  threshold: number;
  comparison: Comparison;
  evaluationPeriods: number;
  periodSeconds: number;
}

export type LabEventKind = "service" | "task-started" | "task-stopped" | "deployment" | "scaling" | "alarm" | "host" | "target-health" | "fault";

/** One entry of the lab's event stream. */
export interface LabEventView {
  id: string;
  at: string;
  kind: LabEventKind;
  service: string | null;
  message: string;
  data: Record<string, unknown>;
}

export const EventsQuerySchema = z.object({ since: isoInstant });
export const TracesQuerySchema = z
  .object({ from: isoInstant, to: isoInstant })
  .refine((query) => Date.parse(query.from) <= Date.parse(query.to), { message: "from must not be after to", path: ["from"] });

/** A node of the service graph. */
export interface ServiceNodeView {
  id: string;
  name: string;
  type: "client" | "load-balancer" | "service" | "database";
  requests: number;
  errors: number;
  averageLatencyMs: number | null;
}

/** A caller → callee edge of the service graph. */
export interface ServiceEdgeView {
  source: string;
  target: string;
  requests: number;
  errors: number;
  averageLatencyMs: number | null;
  p95LatencyMs: number | null;
}

/** A sampled trace. */
export interface TraceSummaryView {
  traceId: string;
  at: string;
  durationMs: number;
  method: string | null;
  path: string | null;
  status: number | null;
  hasError: boolean;
  hasFault: boolean;
  services: string[];
}

export interface TracesView {
  graph: { nodes: ServiceNodeView[]; edges: ServiceEdgeView[] };
  samples: TraceSummaryView[];
}

// ---------------------------------------------------------------- remediation

export const RemediationActionSchema = z.discriminatedUnion(
  "type",
  [
    z.object({ type: z.literal("force-new-deployment"), service: z.string().min(1) }),
    z.object({ type: z.literal("scale-service"), service: z.string().min(1), desiredCount: z.number().int().min(0).max(20) }),
    z.object({ type: z.literal("rollback"), service: z.string().min(1) }),
    z.object({ type: z.literal("add-capacity"), hosts: z.number().int().min(1).max(10) }),
    z.object({ type: z.literal("restore-secret-access"), service: z.string().min(1) }),
    z.object({ type: z.literal("failback-database") }),
  ],
  { error: "type must be one of force-new-deployment, scale-service, rollback, add-capacity, restore-secret-access, failback-database" },
);
export type RemediationAction = z.infer<typeof RemediationActionSchema>;

/** `GET /health`. */
export interface HealthView {
  reachable: boolean;
  detail: string;
}
