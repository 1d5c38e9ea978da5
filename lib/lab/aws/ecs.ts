import "server-only";
/**
 * ECS reads: services (counts, deployments, events), tasks (running and recently stopped,
 * with stop codes and reasons) and, in the EC2 variant, container instances.
 */
import {
  DescribeContainerInstancesCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ListContainerInstancesCommand,
  ListTasksCommand,
  type ContainerInstance,
  type Deployment as EcsDeployment,
  type Service as EcsService,
  type Task as EcsTask,
  type TaskSet,
} from "@aws-sdk/client-ecs";
import { LabError } from "../errors";
import { DeploymentSchema, HostSchema, ServiceSchema, TaskSchema, type Deployment, type Host, type LabEvent, type Service, type Task, type TaskContainer, type TaskLastStatus } from "../types";
import { allPages, arnTail, chunk, ecsServiceName, iso, portServiceOf, taskDefinitionName, PORT_SERVICES, type AwsContext, type PortService } from "./context";
import { awsCall } from "./errors";

/** DescribeTasks and DescribeContainerInstances take at most 100 ids per call. */
const DESCRIBE_BATCH = 100;

/** Both services, keyed by the port's names; a missing service is a not-found error. */
export async function describeServices(context: AwsContext): Promise<Map<PortService, EcsService>> {
  const { outputs } = context.config;
  const response = await awsCall("ecs:DescribeServices", () =>
    context.clients.ecs.send(new DescribeServicesCommand({ cluster: outputs.ClusterName, services: PORT_SERVICES.map((service) => ecsServiceName(context, service)) })),
  );
  const byName = new Map<PortService, EcsService>();
  for (const service of response.services ?? []) {
    const name = service.serviceName ? portServiceOf(context, service.serviceName) : null;
    if (name) byName.set(name, service);
  }
  const missing = PORT_SERVICES.filter((service) => !byName.has(service));
  if (missing.length > 0) {
    const reasons = (response.failures ?? []).map((failure) => `${failure.arn ?? "?"}: ${failure.reason ?? "unknown"}`).join("; ");
    throw new LabError("not-found", `ECS service(s) ${missing.map((service) => ecsServiceName(context, service)).join(", ")} not found in cluster ${outputs.ClusterName}${reasons ? ` (${reasons})` : ""}.`);
  }
  return byName;
}

export async function describeService(context: AwsContext, service: PortService): Promise<EcsService> {
  const services = await describeServices(context);
  const found = services.get(service);
  if (!found) throw new LabError("not-found", `ECS service ${ecsServiceName(context, service)} not found.`);
  return found;
}

/** Task ARNs of one service in one desired status, every page. */
export async function listTaskArns(context: AwsContext, service: PortService, desiredStatus: "RUNNING" | "STOPPED"): Promise<string[]> {
  return allPages(
    (nextToken) =>
      awsCall("ecs:ListTasks", () =>
        context.clients.ecs.send(
          new ListTasksCommand({ cluster: context.config.outputs.ClusterName, serviceName: ecsServiceName(context, service), desiredStatus, maxResults: 100, nextToken }),
        ),
      ),
    (page) => page.taskArns,
    (page) => page.nextToken,
  );
}

export async function describeTasks(context: AwsContext, taskArns: string[]): Promise<EcsTask[]> {
  const tasks: EcsTask[] = [];
  for (const batch of chunk(taskArns, DESCRIBE_BATCH)) {
    const response = await awsCall("ecs:DescribeTasks", () =>
      context.clients.ecs.send(new DescribeTasksCommand({ cluster: context.config.outputs.ClusterName, tasks: batch })),
    );
    tasks.push(...(response.tasks ?? []));
  }
  return tasks;
}

/** Running and recently stopped tasks of both services (ECS keeps stopped tasks about an hour). */
export async function readTasks(context: AwsContext): Promise<EcsTask[]> {
  const arns: string[] = [];
  for (const service of PORT_SERVICES) {
    arns.push(...(await listTaskArns(context, service, "RUNNING")), ...(await listTaskArns(context, service, "STOPPED")));
  }
  return describeTasks(context, [...new Set(arns)]);
}

const LAST_STATUSES = new Set<string>(["PROVISIONING", "PENDING", "ACTIVATING", "RUNNING", "DEACTIVATING", "STOPPING", "DEPROVISIONING", "STOPPED"]);

function lastStatusOf(value: string | undefined): TaskLastStatus {
  if (value && LAST_STATUSES.has(value)) return value as TaskLastStatus;
  // DELETED (and anything newer) is past STOPPED for the console's purposes.
  return value === "DELETED" ? "STOPPED" : "PENDING";
}

/** `service:api` (the task's group) → the port's service name. */
export function serviceOfTask(context: AwsContext, task: EcsTask): PortService | null {
  const group = task.group ?? "";
  return group.startsWith("service:") ? portServiceOf(context, group.slice("service:".length)) : null;
}

/** How each container of a task ended: exit codes and reasons are what tells an OOM kill from a crash. */
export function containersOf(task: EcsTask): TaskContainer[] {
  return (task.containers ?? []).flatMap((container) =>
    container.name ? [{ name: container.name, lastStatus: container.lastStatus ?? null, exitCode: container.exitCode ?? null, reason: container.reason ?? null }] : [],
  );
}

/** `web exited 137: OutOfMemoryError: Container killed due to memory usage`, for the containers that say how they ended. */
function containerEndings(containers: TaskContainer[]): string[] {
  return containers
    .filter((container) => container.exitCode !== null || container.reason !== null)
    .map((container) => `${container.name}${container.exitCode !== null ? ` exited ${container.exitCode}` : ""}${container.reason ? `: ${container.reason}` : ""}`);
}

export function toPortTask(context: AwsContext, task: EcsTask, hostIds: Map<string, string>): Task | null {
  const service = serviceOfTask(context, task);
  if (!task.taskArn || !service) return null;
  const desired = task.desiredStatus === "STOPPED" || task.desiredStatus === "PENDING" ? task.desiredStatus : "RUNNING";
  return TaskSchema.parse({
    id: arnTail(task.taskArn),
    service,
    lastStatus: lastStatusOf(task.lastStatus),
    desiredStatus: desired,
    healthStatus: task.healthStatus === "HEALTHY" || task.healthStatus === "UNHEALTHY" ? task.healthStatus : "UNKNOWN",
    taskDefinition: task.taskDefinitionArn ? taskDefinitionName(task.taskDefinitionArn) : "unknown",
    hostId: task.containerInstanceArn ? (hostIds.get(task.containerInstanceArn) ?? arnTail(task.containerInstanceArn)) : null,
    availabilityZone: task.availabilityZone ?? null,
    startedAt: iso(task.startedAt),
    stoppedAt: iso(task.stoppedAt),
    stopCode: task.stopCode ?? null,
    stoppedReason: task.stoppedReason ?? null,
    pid: null,
    containers: containersOf(task),
  });
}

/**
 * ECS returns rolloutState only for rolling-update deployments not behind a Classic Load
 * Balancer; a deployment without one is UNKNOWN, not a rollout in progress.
 */
function rollout(value: string | undefined): Deployment["rolloutState"] {
  return value === "COMPLETED" || value === "FAILED" || value === "IN_PROGRESS" ? value : "UNKNOWN";
}

function fromDeployment(deployment: EcsDeployment, fallback: Date): Deployment {
  return DeploymentSchema.parse({
    id: deployment.id ?? "unknown",
    status: deployment.status === "ACTIVE" || deployment.status === "INACTIVE" ? deployment.status : "PRIMARY",
    rolloutState: rollout(deployment.rolloutState),
    rolloutStateReason: deployment.rolloutStateReason ?? null,
    taskDefinition: deployment.taskDefinition ? taskDefinitionName(deployment.taskDefinition) : "unknown",
    desiredCount: deployment.desiredCount ?? 0,
    runningCount: deployment.runningCount ?? 0,
    pendingCount: deployment.pendingCount ?? 0,
    failedTasks: deployment.failedTasks ?? 0,
    createdAt: (deployment.createdAt ?? fallback).toISOString(),
    updatedAt: (deployment.updatedAt ?? deployment.createdAt ?? fallback).toISOString(),
  });
}

/** Under the CODE_DEPLOY controller ECS reports task sets instead of deployments. */
function fromTaskSet(taskSet: TaskSet, fallback: Date): Deployment {
  return DeploymentSchema.parse({
    id: taskSet.id ?? "unknown",
    status: taskSet.status === "ACTIVE" || taskSet.status === "DRAINING" ? "ACTIVE" : "PRIMARY",
    rolloutState: taskSet.stabilityStatus === "STEADY_STATE" ? "COMPLETED" : taskSet.stabilityStatus === "STABILIZING" ? "IN_PROGRESS" : "UNKNOWN",
    rolloutStateReason: taskSet.stabilityStatus ?? null,
    taskDefinition: taskSet.taskDefinition ? taskDefinitionName(taskSet.taskDefinition) : "unknown",
    desiredCount: taskSet.computedDesiredCount ?? 0,
    runningCount: taskSet.runningCount ?? 0,
    pendingCount: taskSet.pendingCount ?? 0,
    failedTasks: 0,
    createdAt: (taskSet.createdAt ?? fallback).toISOString(),
    updatedAt: (taskSet.stabilityStatusAt ?? taskSet.updatedAt ?? taskSet.createdAt ?? fallback).toISOString(),
  });
}

export function deploymentsOf(service: EcsService, now: Date): Deployment[] {
  if (service.deployments && service.deployments.length > 0) return service.deployments.map((deployment) => fromDeployment(deployment, now));
  return (service.taskSets ?? []).map((taskSet) => fromTaskSet(taskSet, now));
}

export function toPortService(name: PortService, service: EcsService, now: Date): Service {
  return ServiceSchema.parse({
    name,
    status: service.status === "DRAINING" || service.status === "INACTIVE" ? service.status : "ACTIVE",
    desiredCount: service.desiredCount ?? 0,
    runningCount: service.runningCount ?? 0,
    pendingCount: service.pendingCount ?? 0,
    taskDefinition: service.taskDefinition ? taskDefinitionName(service.taskDefinition) : (service.taskSets?.[0]?.taskDefinition ?? "unknown"),
    deployments: deploymentsOf(service, now),
  });
}

/** EC2 variant only: the container instances the tasks are placed on. */
export async function readContainerInstances(context: AwsContext): Promise<ContainerInstance[]> {
  if (context.config.capacity !== "ec2") return [];
  const cluster = context.config.outputs.ClusterName;
  const arns = await allPages(
    (nextToken) => awsCall("ecs:ListContainerInstances", () => context.clients.ecs.send(new ListContainerInstancesCommand({ cluster, maxResults: 100, nextToken }))),
    (page) => page.containerInstanceArns,
    (page) => page.nextToken,
  );
  const instances: ContainerInstance[] = [];
  for (const batch of chunk(arns, DESCRIBE_BATCH)) {
    const response = await awsCall("ecs:DescribeContainerInstances", () =>
      context.clients.ecs.send(new DescribeContainerInstancesCommand({ cluster, containerInstances: batch, include: ["TAGS"] })),
    );
    instances.push(...(response.containerInstances ?? []));
  }
  return instances;
}

function cpuOf(resources: ContainerInstance["registeredResources"]): number {
  return resources?.find((resource) => resource.name === "CPU")?.integerValue ?? 0;
}

/**
 * A container instance as a host: capacity and use in whole vCPUs (1024 CPU units each).
 * Spot hosts are recognised by a `gameday:lifecycle=spot` tag or a capacity provider whose
 * name says spot; ECS itself does not report an instance's purchase option.
 */
export function toHost(instance: ContainerInstance): Host | null {
  if (!instance.ec2InstanceId) return null;
  const registered = cpuOf(instance.registeredResources);
  const remaining = cpuOf(instance.remainingResources);
  const lifecycleTag = instance.tags?.find((tag) => tag.key === "gameday:lifecycle")?.value;
  const spot = lifecycleTag ? lifecycleTag === "spot" : /spot/i.test(instance.capacityProviderName ?? "");
  const status = instance.status === "DRAINING" ? "DRAINING" : instance.status === "ACTIVE" || instance.status === "REGISTERING" ? "ACTIVE" : "INACTIVE";
  return HostSchema.parse({
    id: instance.ec2InstanceId,
    availabilityZone: instance.attributes?.find((attribute) => attribute.name === "ecs.availability-zone")?.value ?? "unknown",
    lifecycle: spot ? "spot" : "on-demand",
    status,
    capacity: Math.floor(registered / 1024),
    used: Math.max(0, Math.ceil((registered - remaining) / 1024)),
  });
}

/** ECS service events (steady state, placement failures, circuit breaker…) since an instant. */
export function serviceEventsSince(services: Map<PortService, EcsService>, since: Date): LabEvent[] {
  const events: LabEvent[] = [];
  for (const [name, service] of services) {
    for (const event of service.events ?? []) {
      if (!event.id || !event.createdAt || !event.message || event.createdAt < since) continue;
      events.push({ id: `ecs-event:${event.id}`, at: event.createdAt.toISOString(), kind: classifyServiceEvent(event.message), service: name, message: event.message, data: {} });
    }
  }
  return events;
}

/**
 * One event per deployment and rollout state, so a deployment's start and its completion
 * both reach the timeline. A deployment ECS reports no rollout state for is announced once,
 * as created, and never as in progress.
 */
export function deploymentEventsSince(services: Map<PortService, EcsService>, since: Date, now: Date): LabEvent[] {
  const events: LabEvent[] = [];
  for (const [name, service] of services) {
    for (const deployment of deploymentsOf(service, now)) {
      const unknown = deployment.rolloutState === "UNKNOWN";
      const at = deployment.rolloutState === "IN_PROGRESS" || unknown ? deployment.createdAt : deployment.updatedAt;
      if (Date.parse(at) < since.getTime()) continue;
      const what = unknown ? "created" : deployment.rolloutState.toLowerCase().replace("_", " ");
      events.push({
        id: `ecs-deployment:${deployment.id}:${unknown ? "created" : deployment.rolloutState}`,
        at,
        kind: "deployment",
        service: name,
        message: `Deployment ${deployment.id} of ${deployment.taskDefinition}: ${what}${deployment.rolloutStateReason ? ` (${deployment.rolloutStateReason})` : ""}`,
        data: { deploymentId: deployment.id, taskDefinition: deployment.taskDefinition, rolloutState: deployment.rolloutState },
      });
    }
  }
  return events;
}

/** Task starts and stops since an instant; a stop says how each container ended (exit code, reason). */
export function taskEventsSince(context: AwsContext, tasks: EcsTask[], since: Date): LabEvent[] {
  const events: LabEvent[] = [];
  for (const task of tasks) {
    const service = serviceOfTask(context, task);
    if (!task.taskArn || !service) continue;
    const id = arnTail(task.taskArn);
    if (task.startedAt && task.startedAt >= since) {
      events.push({ id: `ecs-task-started:${id}`, at: task.startedAt.toISOString(), kind: "task-started", service, message: `Task ${id} started (${taskDefinitionName(task.taskDefinitionArn ?? "")})`, data: { taskId: id } });
    }
    if (task.stoppedAt && task.stoppedAt >= since) {
      const containers = containersOf(task);
      const endings = containerEndings(containers);
      events.push({
        id: `ecs-task-stopped:${id}`,
        at: task.stoppedAt.toISOString(),
        kind: "task-stopped",
        service,
        message: `Task ${id} stopped: ${task.stoppedReason ?? "no reason given"}${task.stopCode ? ` (${task.stopCode})` : ""}${endings.length > 0 ? `; ${endings.join("; ")}` : ""}`,
        data: { taskId: id, stopCode: task.stopCode ?? null, stoppedReason: task.stoppedReason ?? null, containers },
      });
    }
  }
  return events;
}

function classifyServiceEvent(message: string): LabEvent["kind"] {
  if (/deployment|rolling back|circuit breaker/i.test(message)) return "deployment";
  if (/desired count|auto ?scaling|scaling activity/i.test(message)) return "scaling";
  if (/target group|health checks?|unhealthy/i.test(message)) return "target-health";
  return "service";
}
