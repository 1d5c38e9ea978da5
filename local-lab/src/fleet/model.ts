/**
 * The fleet's state: hosts (container instances), task definitions, services with their
 * deployments, and tasks. Names and states follow ECS so the console shows the same words
 * for the local lab and for AWS.
 */
import type { TaskLastStatus } from "../api/schemas";
import type { TaskProcess } from "./task-process";

export type StartMode = "normal" | "unhealthy" | "crash";

/** A host a task can be placed on (an EC2 container instance in the seeds' Spot variant). */
export interface Host {
  id: string;
  availabilityZone: string;
  lifecycle: "on-demand" | "spot";
  status: "ACTIVE" | "DRAINING" | "INACTIVE";
  /** Task slots. */
  capacity: number;
  addedAt: number;
}

/** A registered revision: `family:revision`, and how its containers start. */
export interface TaskDefinition {
  family: string;
  revision: number;
  startMode: StartMode;
  registeredAt: number;
}

export function taskDefinitionName(definition: Pick<TaskDefinition, "family" | "revision">): string {
  return `${definition.family}:${definition.revision}`;
}

export interface Deployment {
  id: string;
  status: "PRIMARY" | "ACTIVE" | "INACTIVE";
  rolloutState: "IN_PROGRESS" | "COMPLETED" | "FAILED";
  rolloutStateReason: string | null;
  taskDefinition: TaskDefinition;
  failedTasks: number;
  /** A rollback is never rolled back again: if it fails too, the service stops launching. */
  isRollback: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface Service {
  name: string;
  role: "api" | "backend";
  desiredCount: number;
  /** Newest first; the first is PRIMARY. */
  deployments: Deployment[];
  taskDefinitions: TaskDefinition[];
  /** The task definition of the last deployment that completed. */
  lastGoodTaskDefinition: TaskDefinition;
  consecutiveFailures: number;
  nextLaunchAt: number;
  lastUnableToPlaceEventAt: number;
  steady: boolean;
  autoscaling: {
    enabled: boolean;
    /** Suspended while a scenario owns the desired count (pending-task-deadlock). */
    suspended: boolean;
    minCount: number;
    maxCount: number;
    lastScaleOutAt: number | null;
    lastScaleInAt: number | null;
  };
}

export interface Task {
  id: string;
  service: string;
  deploymentId: string;
  taskDefinition: TaskDefinition;
  lastStatus: TaskLastStatus;
  desiredStatus: "RUNNING" | "STOPPED";
  hostId: string | null;
  createdAt: number;
  startedAt: number | null;
  stoppedAt: number | null;
  stopCode: string | null;
  stoppedReason: string | null;
  pid: number | null;
  port: number | null;
  process: TaskProcess | null;
  /** Passed its load balancer health checks at least once (a later failure is not a failed start). */
  everHealthy: boolean;
  /** The database password this task was started with (tasks keep it for life, like ECS-injected secrets). */
  dbPassword: string | null;
  exitCode: number | null;
  exitSignal: string | null;
  /** Registered with its service's target group. */
  registered: boolean;
}
