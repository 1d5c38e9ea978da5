/**
 * The fleet and its service scheduler, modelled on ECS: it keeps each service's desired
 * count of tasks running on the hosts (PENDING → PROVISIONING → RUNNING → DEACTIVATING →
 * STOPPING → STOPPED, with ECS stop codes and reasons), places them spread across zones,
 * throttles relaunches after failed starts, replaces tasks that fail load balancer health
 * checks, rolls deployments within minimum-healthy / maximum percent, trips the deployment
 * circuit breaker and rolls back, and tracks a CPU target by changing the desired count.
 *
 * Every task is a real target-service process; every state here follows what those
 * processes and the health checks really did.
 */
import { randomBytes } from "node:crypto";
import type { DeploymentView, HostView, ServiceView, TaskView } from "../api/schemas";
import type { Tuning } from "../config";
import type { SecretStore } from "../db/secrets";
import type { EventLog } from "../events";
import type { TargetGroup } from "../lb/target-group";
import { chooseHost } from "./placement";
import { circuitBreakerThreshold, circuitBreakerTripped, launchBackoffMs, targetTracking } from "./policies";
import { taskDefinitionName, type Deployment, type Host, type Service, type StartMode, type Task, type TaskDefinition } from "./model";
import { TaskProcess } from "./task-process";

export const ZONES = ["lab-a", "lab-b"] as const;

/** How a service starts. */
export interface ServiceSpec {
  name: string;
  role: "api" | "backend";
  desiredCount: number;
  autoscaling: boolean;
}

export interface FleetOptions {
  tuning: Tuning;
  bundlePath: string;
  events: EventLog;
  targetGroups: ReadonlyMap<string, TargetGroup>;
  secrets: SecretStore;
  services: readonly ServiceSpec[];
  hosts: { count: number; slots: number; spot: number };
  /** The environment of one task's process (database, backend URL, tracing, fault secret, owner marker). */
  taskEnv: (task: Task, password: string) => Record<string, string>;
  /** Average CPUUtilization of a service over the last `seconds`, for target tracking. */
  cpuAverage: (service: string, seconds: number) => number | undefined;
}

/** How a stop is recorded. */
interface StopRequest {
  code: "EssentialContainerExited" | "TaskFailedToStart" | "SpotInterruption" | "ServiceSchedulerInitiated" | "UserInitiated" | "TerminationNotice";
  reason: string;
  /** Counts against the deployment's circuit breaker and the launch backoff. */
  failure: boolean;
  /** Drain from the load balancer and SIGTERM (false: SIGKILL at once). */
  graceful: boolean;
}

/** Why a task's start is blocked, as ECS reports it. */
export type LaunchBlock = "nat-gateway-down";

function newTaskId(): string {
  return randomBytes(16).toString("hex");
}

function newDeploymentId(): string {
  return `ecs-svc/${BigInt(`0x${randomBytes(8).toString("hex")}`).toString().padStart(19, "0").slice(0, 19)}`;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** Read through a call: a stop can land while a launch awaits, which flow narrowing cannot see. */
function stopRequested(task: Task): boolean {
  return task.desiredStatus === "STOPPED";
}

export class Fleet {
  private readonly options: FleetOptions;
  private readonly tuning: Tuning;
  private readonly events: EventLog;
  readonly services = new Map<string, Service>();
  readonly tasks = new Map<string, Task>();
  readonly hosts = new Map<string, Host>();
  private readonly blocks = new Map<string, Set<LaunchBlock>>();
  private readonly startListeners = new Set<(task: Task) => void>();
  private reconcileTimer: NodeJS.Timeout | undefined;
  private scalingTimer: NodeJS.Timeout | undefined;
  private reconcileQueued = false;
  private shuttingDown = false;
  private hostSequence = 0;

  constructor(options: FleetOptions) {
    this.options = options;
    this.tuning = options.tuning;
    this.events = options.events;
    const now = Date.now();
    for (let index = 0; index < options.hosts.count; index += 1) {
      const spot = index >= options.hosts.count - options.hosts.spot;
      this.addHost(ZONES[index % ZONES.length] ?? "lab-a", spot ? "spot" : "on-demand", options.hosts.slots, false, now);
    }
    for (const spec of options.services) {
      const definition: TaskDefinition = { family: spec.name, revision: 1, startMode: "normal", registeredAt: now };
      this.services.set(spec.name, {
        name: spec.name,
        role: spec.role,
        desiredCount: spec.desiredCount,
        deployments: [],
        taskDefinitions: [definition],
        lastGoodTaskDefinition: definition,
        consecutiveFailures: 0,
        nextLaunchAt: 0,
        lastUnableToPlaceEventAt: 0,
        steady: false,
        autoscaling: {
          enabled: spec.autoscaling && this.tuning.autoscaling.enabled,
          suspended: false,
          minCount: spec.desiredCount,
          maxCount: Math.max(spec.desiredCount, this.tuning.autoscaling.maxCount),
          lastScaleOutAt: null,
          lastScaleInAt: null,
        },
      });
      this.createDeployment(spec.name, definition, false, "service created");
    }
    for (const [service, group] of options.targetGroups) {
      group.onHealthChange((taskId, state) => {
        const task = this.tasks.get(taskId);
        if (!task || task.service !== service) return;
        if (state === "healthy") {
          task.everHealthy = true;
          const owner = this.services.get(service);
          if (owner) owner.consecutiveFailures = 0;
        }
        this.requestReconcile();
      });
    }
  }

  start(): void {
    this.reconcileTimer = setInterval(() => this.reconcile(), this.tuning.reconcileIntervalMs);
    this.scalingTimer = setInterval(() => this.autoscale(), 1000);
    this.reconcile();
  }

  /** Hooks a listener on every task that reaches RUNNING (fault flags that follow new tasks). */
  onTaskRunning(listener: (task: Task) => void): () => void {
    this.startListeners.add(listener);
    return () => this.startListeners.delete(listener);
  }

  requestReconcile(): void {
    if (this.reconcileQueued || this.shuttingDown) return;
    this.reconcileQueued = true;
    setImmediate(() => {
      this.reconcileQueued = false;
      this.reconcile();
    });
  }

  // ------------------------------------------------------------ lookups

  service(name: string): Service | undefined {
    return this.services.get(name);
  }

  /** Tasks that are meant to run (not stopped and not being stopped). */
  aliveTasks(service?: string): Task[] {
    return [...this.tasks.values()].filter((task) => task.desiredStatus === "RUNNING" && task.lastStatus !== "STOPPED" && (!service || task.service === service));
  }

  runningTasks(service?: string): Task[] {
    return this.aliveTasks(service).filter((task) => task.lastStatus === "RUNNING");
  }

  private isHealthy(task: Task): boolean {
    return task.lastStatus === "RUNNING" && this.options.targetGroups.get(task.service)?.stateOf(task.id) === "healthy";
  }

  private usedSlots(hostId: string): number {
    let used = 0;
    for (const task of this.tasks.values()) if (task.hostId === hostId && task.lastStatus !== "STOPPED") used += 1;
    return used;
  }

  private onDrainingHost(task: Task): boolean {
    if (!task.hostId) return false;
    return this.hosts.get(task.hostId)?.status !== "ACTIVE";
  }

  // ------------------------------------------------------------ hosts

  addHost(zone: string, lifecycle: Host["lifecycle"], capacity: number, announce = true, now = Date.now()): Host {
    this.hostSequence += 1;
    const host: Host = {
      id: `${zone}-${lifecycle === "spot" ? "spot" : "od"}-${this.hostSequence}`,
      availabilityZone: zone,
      lifecycle,
      status: "ACTIVE",
      capacity,
      addedAt: now,
    };
    this.hosts.set(host.id, host);
    if (announce) {
      this.events.emit("host", null, `Container instance ${host.id} (${lifecycle}, ${zone}) registered with ${capacity} task slots`, { hostId: host.id });
      this.requestReconcile();
    }
    return host;
  }

  /** Adds `count` on-demand hosts, alternating zones, starting with the zone that has fewer slots. */
  addCapacity(count: number, slots = this.options.hosts.slots): Host[] {
    const added: Host[] = [];
    for (let index = 0; index < count; index += 1) {
      const perZone = ZONES.map((zone) => ({
        zone,
        slots: [...this.hosts.values()].filter((host) => host.status === "ACTIVE" && host.availabilityZone === zone).reduce((sum, host) => sum + host.capacity, 0),
      })).sort((a, b) => a.slots - b.slots);
      added.push(this.addHost(perZone[0]?.zone ?? "lab-a", "on-demand", slots));
    }
    return added;
  }

  setHostCapacity(hostId: string, capacity: number): void {
    const host = this.hosts.get(hostId);
    if (!host) return;
    host.capacity = Math.max(0, capacity);
    this.requestReconcile();
  }

  setHostStatus(hostId: string, status: Host["status"], message: string): void {
    const host = this.hosts.get(hostId);
    if (!host || host.status === status) return;
    host.status = status;
    this.events.emit("host", null, message, { hostId, status });
    this.requestReconcile();
  }

  /** Spot reclaim: every task on the host is killed at once (no drain) and the host leaves. */
  reclaimHost(hostId: string): Task[] {
    const host = this.hosts.get(hostId);
    if (!host) return [];
    const victims = [...this.tasks.values()].filter((task) => task.hostId === hostId && task.lastStatus !== "STOPPED");
    host.status = "INACTIVE";
    this.events.emit("host", null, `Container instance ${hostId} was reclaimed by a Spot interruption; ${victims.length} tasks stopped`, { hostId, tasks: victims.map((task) => task.id) });
    for (const task of victims) {
      void this.stopTask(task, { code: "SpotInterruption", reason: "Your Spot Task was interrupted.", failure: false, graceful: false });
    }
    this.requestReconcile();
    return victims;
  }

  // ------------------------------------------------------------ launch blocks (faults)

  block(service: string, block: LaunchBlock): void {
    const set = this.blocks.get(service) ?? new Set();
    set.add(block);
    this.blocks.set(service, set);
  }

  unblock(service: string, block: LaunchBlock): void {
    this.blocks.get(service)?.delete(block);
    // The fault is over: ECS's next attempt would succeed, so do not make it wait out a long backoff.
    const owner = this.services.get(service);
    if (owner) {
      owner.consecutiveFailures = 0;
      owner.nextLaunchAt = 0;
    }
    this.requestReconcile();
  }

  resetBackoff(service: string): void {
    const owner = this.services.get(service);
    if (!owner) return;
    owner.consecutiveFailures = 0;
    owner.nextLaunchAt = 0;
    this.requestReconcile();
  }

  // ------------------------------------------------------------ deployments

  registerTaskDefinition(serviceName: string, startMode: StartMode): TaskDefinition {
    const service = this.mustGet(serviceName);
    const latest = service.taskDefinitions.at(-1);
    const definition: TaskDefinition = { family: service.name, revision: (latest?.revision ?? 0) + 1, startMode, registeredAt: Date.now() };
    service.taskDefinitions.push(definition);
    return definition;
  }

  private mustGet(name: string): Service {
    const service = this.services.get(name);
    if (!service) throw new Error(`unknown service ${name}`);
    return service;
  }

  private createDeployment(serviceName: string, definition: TaskDefinition, isRollback: boolean, reason: string): Deployment {
    const service = this.mustGet(serviceName);
    const now = Date.now();
    for (const deployment of service.deployments) {
      if (deployment.status === "PRIMARY") {
        deployment.status = "ACTIVE";
        deployment.updatedAt = now;
      }
    }
    const deployment: Deployment = {
      id: newDeploymentId(),
      status: "PRIMARY",
      rolloutState: "IN_PROGRESS",
      rolloutStateReason: "ECS deployment in progress.",
      taskDefinition: definition,
      failedTasks: 0,
      isRollback,
      createdAt: now,
      updatedAt: now,
    };
    service.deployments.unshift(deployment);
    service.steady = false;
    this.events.emit("deployment", service.name, `(service ${service.name}) (deployment ${deployment.id}) deployment started with ${taskDefinitionName(definition)}: ${reason}.`, {
      deploymentId: deployment.id,
      taskDefinition: taskDefinitionName(definition),
      rollback: isRollback,
    });
    this.requestReconcile();
    return deployment;
  }

  /** A new deployment of `definition` (default: the current one), like update-service --force-new-deployment. */
  deploy(serviceName: string, reason: string, definition?: TaskDefinition): Deployment {
    const service = this.mustGet(serviceName);
    const primary = service.deployments[0];
    return this.createDeployment(serviceName, definition ?? primary?.taskDefinition ?? service.lastGoodTaskDefinition, false, reason);
  }

  /**
   * Rolls back to the last task definition that completed a deployment. Tasks of an older
   * deployment already running it are adopted, so a rollback keeps the old tasks serving.
   */
  rollback(serviceName: string, reason: string): Deployment | null {
    const service = this.mustGet(serviceName);
    const primary = service.deployments[0];
    const target = service.lastGoodTaskDefinition;
    if (primary && primary.rolloutState === "COMPLETED" && taskDefinitionName(primary.taskDefinition) === taskDefinitionName(target)) return null;
    const deployment = this.createDeployment(serviceName, target, true, reason);
    for (const task of this.aliveTasks(serviceName)) {
      if (task.deploymentId !== deployment.id && taskDefinitionName(task.taskDefinition) === taskDefinitionName(target)) task.deploymentId = deployment.id;
    }
    if (primary && primary.rolloutState === "IN_PROGRESS") {
      primary.rolloutState = "FAILED";
      primary.rolloutStateReason = `Rolled back: ${reason}`;
      primary.updatedAt = Date.now();
    }
    return deployment;
  }

  setDesiredCount(serviceName: string, desired: number, why: string): void {
    const service = this.mustGet(serviceName);
    if (service.desiredCount === desired) return;
    const before = service.desiredCount;
    service.desiredCount = desired;
    service.steady = false;
    this.events.emit("scaling", service.name, `(service ${service.name}) desired count changed from ${before} to ${desired}: ${why}`, { from: before, to: desired });
    this.requestReconcile();
  }

  // ------------------------------------------------------------ reconcile

  reconcile(): void {
    if (this.shuttingDown) return;
    const now = Date.now();
    for (const task of this.tasks.values()) {
      if (task.lastStatus === "STOPPED" && task.stoppedAt !== null && now - task.stoppedAt > this.tuning.stoppedTaskRetentionMs) this.tasks.delete(task.id);
    }
    for (const service of this.services.values()) this.reconcileService(service, now);
    this.placePending(now);
  }

  private reconcileService(service: Service, now: number): void {
    const primary = service.deployments[0];
    if (!primary) return;
    const desired = service.desiredCount;
    const { minimumHealthyPercent, maximumPercent } = this.tuning.deployment;
    const maxTotal = Math.max(desired, Math.floor((desired * maximumPercent) / 100));
    const minHealthy = Math.ceil((desired * minimumHealthyPercent) / 100);
    const targetGroup = this.options.targetGroups.get(service.name);

    // Tasks whose load balancer health checks fail are replaced, as ECS does for services behind an ALB.
    for (const task of this.aliveTasks(service.name)) {
      // A dead container is reported as exited (onExit), not as failing health checks.
      if (!targetGroup) continue;
      const unhealthyFor = targetGroup.stateOf(task.id) === "unhealthy" ? targetGroup.unhealthyForMs(task.id, now) : 0;
      if (task.lastStatus === "RUNNING" && task.process?.running && unhealthyFor > 0 && unhealthyFor >= this.tuning.unhealthyReplacementDelayMs) {
        void this.stopTask(task, {
          code: "ServiceSchedulerInitiated",
          reason: `Task failed ELB health checks in (target-group ${targetGroup.arn})`,
          failure: !task.everHealthy,
          graceful: true,
        });
      }
    }

    const alive = this.aliveTasks(service.name);
    const current = alive.filter((task) => task.deploymentId === primary.id && !this.onDrainingHost(task));
    const others = alive.filter((task) => !current.includes(task));

    // Scale in: the primary has more tasks than desired; stop the least useful first.
    if (current.length > desired) {
      const excess = [...current].sort((a, b) => Number(this.isHealthy(a)) - Number(this.isHealthy(b)) || b.createdAt - a.createdAt).slice(0, current.length - desired);
      for (const task of excess) {
        void this.stopTask(task, { code: "ServiceSchedulerInitiated", reason: `Scaling activity initiated by (deployment ${primary.id})`, failure: false, graceful: true });
      }
    }

    // Launch what the primary lacks, within maximumPercent and after any backoff.
    const canLaunch = primary.rolloutState !== "FAILED" && now >= service.nextLaunchAt;
    const missing = desired - Math.min(current.length, desired);
    if (canLaunch && missing > 0) {
      const room = maxTotal - this.aliveTasks(service.name).length;
      const count = Math.min(missing, Math.max(0, room));
      if (count > 0) {
        const started = Array.from({ length: count }, () => this.createTask(service, primary));
        this.events.emit("service", service.name, `(service ${service.name}) has started ${count} tasks: ${started.map((task) => `(task ${task.id})`).join(" ")}.`, {
          tasks: started.map((task) => task.id),
        });
      }
    }

    // Retire old-deployment and draining-host tasks while enough healthy tasks remain.
    let healthy = this.aliveTasks(service.name).filter((task) => this.isHealthy(task)).length;
    const retire = [...others].sort((a, b) => Number(this.isHealthy(a)) - Number(this.isHealthy(b)));
    for (const task of retire) {
      const taskHealthy = this.isHealthy(task);
      if (taskHealthy && healthy - 1 < minHealthy) continue;
      if (taskHealthy) healthy -= 1;
      const draining = this.onDrainingHost(task);
      const deployment = service.deployments.find((candidate) => candidate.id === task.deploymentId);
      void this.stopTask(task, {
        code: "ServiceSchedulerInitiated",
        reason: draining ? `Container instance ${task.hostId ?? ""} is draining` : `Scaling activity initiated by (deployment ${deployment?.id ?? primary.id})`,
        failure: false,
        graceful: true,
      });
    }

    // Deployment completed: the primary alone runs the desired count, all healthy.
    const primaryHealthy = this.aliveTasks(service.name).filter((task) => task.deploymentId === primary.id && this.isHealthy(task)).length;
    const othersLeft = this.aliveTasks(service.name).some((task) => task.deploymentId !== primary.id);
    if (primary.rolloutState === "IN_PROGRESS" && primaryHealthy >= desired && !othersLeft) {
      primary.rolloutState = "COMPLETED";
      primary.rolloutStateReason = "ECS deployment completed.";
      primary.updatedAt = now;
      service.lastGoodTaskDefinition = primary.taskDefinition;
      service.deployments = [primary];
      this.events.emit("deployment", service.name, `(service ${service.name}) (deployment ${primary.id}) deployment completed.`, {
        deploymentId: primary.id,
        taskDefinition: taskDefinitionName(primary.taskDefinition),
      });
    }
    if (primary.rolloutState !== "IN_PROGRESS" && !othersLeft) {
      service.deployments = service.deployments.filter((deployment) => deployment === primary || this.aliveTasks(service.name).some((task) => task.deploymentId === deployment.id));
    }

    const running = this.runningTasks(service.name).length;
    const steady = primary.rolloutState === "COMPLETED" && running === desired && alive.length === desired && alive.every((task) => this.isHealthy(task));
    if (steady && !service.steady) this.events.emit("service", service.name, `(service ${service.name}) has reached a steady state.`);
    service.steady = steady;
  }

  private createTask(service: Service, deployment: Deployment): Task {
    const task: Task = {
      id: newTaskId(),
      service: service.name,
      deploymentId: deployment.id,
      taskDefinition: deployment.taskDefinition,
      lastStatus: "PENDING",
      desiredStatus: "RUNNING",
      hostId: null,
      createdAt: Date.now(),
      startedAt: null,
      stoppedAt: null,
      stopCode: null,
      stoppedReason: null,
      pid: null,
      port: null,
      process: null,
      everHealthy: false,
      dbPassword: null,
      exitCode: null,
      exitSignal: null,
      registered: false,
    };
    this.tasks.set(task.id, task);
    return task;
  }

  /** Places waiting tasks, oldest first; reports "unable to place" at most once per interval per service. */
  private placePending(now: number): void {
    const waiting = [...this.tasks.values()].filter((task) => task.lastStatus === "PENDING" && task.hostId === null && task.desiredStatus === "RUNNING").sort((a, b) => a.createdAt - b.createdAt);
    for (const task of waiting) {
      const hosts = [...this.hosts.values()].map((host) => ({ ...host, used: this.usedSlots(host.id) }));
      const perHost = new Map<string, number>();
      for (const other of this.aliveTasks(task.service)) if (other.hostId) perHost.set(other.hostId, (perHost.get(other.hostId) ?? 0) + 1);
      const hostId = chooseHost(hosts, perHost);
      if (!hostId) {
        const service = this.services.get(task.service);
        if (service && now - service.lastUnableToPlaceEventAt >= this.tuning.unableToPlaceEventIntervalMs) {
          service.lastUnableToPlaceEventAt = now;
          const closest = hosts.filter((host) => host.status === "ACTIVE").sort((a, b) => b.capacity - b.used - (a.capacity - a.used))[0];
          const detail = closest
            ? `The closest matching (container-instance ${closest.id}) has insufficient CPU units available.`
            : "No Container Instances were found in your cluster.";
          this.events.emit("service", task.service, `(service ${task.service}) was unable to place a task because no container instance met all of its requirements. ${detail} For more information, see the Troubleshooting section.`, {
            pending: waiting.filter((candidate) => candidate.service === task.service).length,
          });
        }
        continue;
      }
      task.hostId = hostId;
      void this.provision(task);
    }
  }

  private async provision(task: Task): Promise<void> {
    task.lastStatus = "PROVISIONING";
    await new Promise((resolve) => setTimeout(resolve, this.tuning.provisionMs));
    if (task.desiredStatus === "STOPPED" || this.shuttingDown) return this.finalize(task);
    const service = this.mustGet(task.service);

    if (!this.options.secrets.canRead(service.name)) {
      return this.failStart(
        task,
        `ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 1 time(s): failed to fetch secret arn:aws:secretsmanager:local:000000000000:secret:gameday-lab/${service.name}/db from secrets manager: AccessDeniedException: User: arn:aws:sts::000000000000:assumed-role/${service.name}-execution-role/${task.id} is not authorized to perform: secretsmanager:GetSecretValue on resource: arn:aws:secretsmanager:local:000000000000:secret:gameday-lab/${service.name}/db because no identity-based policy allows the secretsmanager:GetSecretValue action`,
      );
    }
    if (this.blocks.get(service.name)?.has("nat-gateway-down")) {
      await new Promise((resolve) => setTimeout(resolve, this.tuning.natTimeoutMs));
      if (stopRequested(task) || this.shuttingDown) return this.finalize(task);
      if (this.blocks.get(service.name)?.has("nat-gateway-down")) {
        return this.failStart(
          task,
          `CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref 000000000000.dkr.ecr.local.amazonaws.com/gameday-target:${taskDefinitionName(task.taskDefinition).replace(":", "-")}: failed to do request: Head "https://000000000000.dkr.ecr.local.amazonaws.com/v2/gameday-target/manifests/${task.taskDefinition.family}-${task.taskDefinition.revision}": dial tcp 52.94.1.17:443: i/o timeout`,
        );
      }
    }

    const password = this.options.secrets.get(service.name).password;
    task.dbPassword = password;
    let child: TaskProcess;
    try {
      child = new TaskProcess({ bundlePath: this.options.bundlePath, env: this.options.taskEnv(task, password), startTimeoutMs: this.tuning.taskStartTimeoutMs });
    } catch (error) {
      return this.failStart(task, `CannotStartContainerError: ${error instanceof Error ? error.message : String(error)}`);
    }
    task.process = child;
    task.pid = child.pid;
    task.lastStatus = "PENDING";
    void child.exited.then((info) => this.onExit(task, info.code, info.signal));

    let port: number;
    try {
      port = await child.ready;
    } catch {
      // Exit before ready is handled by onExit; a timeout means the container never came up.
      if (child.running && task.desiredStatus === "RUNNING") {
        await this.stopTask(task, { code: "TaskFailedToStart", reason: "Essential container in task exited", failure: true, graceful: false });
      }
      return;
    }
    if (stopRequested(task) || !child.running) return;
    task.port = port;
    task.lastStatus = "RUNNING";
    task.startedAt = Date.now();
    const host = task.hostId ? this.hosts.get(task.hostId) : undefined;
    this.events.emit("task-started", task.service, `Task ${task.id} (${taskDefinitionName(task.taskDefinition)}) started on ${task.hostId ?? "?"} (${host?.availabilityZone ?? "?"}), pid ${child.pid}, port ${port}`, {
      taskId: task.id,
      pid: child.pid,
      port,
      hostId: task.hostId,
    });
    const group = this.options.targetGroups.get(task.service);
    if (group) {
      group.register(task.id, port);
      task.registered = true;
    }
    for (const listener of this.startListeners) listener(task);
  }

  private failStart(task: Task, reason: string): void {
    task.desiredStatus = "STOPPED";
    task.stopCode = "TaskFailedToStart";
    task.stoppedReason = reason;
    this.finalize(task);
    this.events.emit("service", task.service, `(service ${task.service}) failed to launch a task with (error ${reason.split(":")[0] ?? reason}).`, { taskId: task.id });
    this.countFailure(task, "tasks failed to start");
  }

  /** The container died on its own (crash, SIGKILL by a fault). ECS notices after a delay; the ALB keeps routing meanwhile. */
  private onExit(task: Task, code: number | null, signal: NodeJS.Signals | null): void {
    task.exitCode = code ?? (signal ? 128 + (signal === "SIGKILL" ? 9 : 15) : null);
    task.exitSignal = signal;
    if (task.desiredStatus === "STOPPED") return;
    const delay = task.registered ? this.tuning.taskStopReportDelayMs : 0;
    setTimeout(() => {
      if (task.lastStatus === "STOPPED") return;
      task.desiredStatus = "STOPPED";
      task.stopCode = "EssentialContainerExited";
      task.stoppedReason = "Essential container in task exited";
      this.options.targetGroups.get(task.service)?.remove(task.id);
      task.registered = false;
      this.finalize(task);
      if (!task.everHealthy) this.countFailure(task, "tasks failed to start");
      this.requestReconcile();
    }, delay);
  }

  /** Stops a task the way ECS does: deregister and drain, SIGTERM, SIGKILL after the stop timeout. */
  async stopTask(task: Task, request: StopRequest): Promise<void> {
    if (task.desiredStatus === "STOPPED" || task.lastStatus === "STOPPED") return;
    task.desiredStatus = "STOPPED";
    task.stopCode = request.code;
    task.stoppedReason = request.reason;
    const group = this.options.targetGroups.get(task.service);
    if (task.registered && group) {
      if (request.graceful) {
        task.lastStatus = "DEACTIVATING";
        await group.deregister(task.id, this.tuning.deregistrationDelayMs);
      } else {
        group.remove(task.id);
      }
      task.registered = false;
    }
    if (task.process?.running) {
      task.lastStatus = "STOPPING";
      if (request.graceful) await task.process.stop(this.tuning.stopTimeoutMs);
      else {
        task.process.signal("SIGKILL");
        await task.process.exited;
      }
    }
    if (task.lastStatus !== "PROVISIONING") this.finalize(task);
    if (request.failure) this.countFailure(task, request.code === "ServiceSchedulerInitiated" ? "tasks failed health checks" : "tasks failed to start");
    this.requestReconcile();
  }

  private finalize(task: Task): void {
    if (task.lastStatus === "STOPPED") return;
    task.lastStatus = "STOPPED";
    task.desiredStatus = "STOPPED";
    task.stoppedAt = Date.now();
    task.stopCode ??= "ServiceSchedulerInitiated";
    task.stoppedReason ??= "Task stopped by the scheduler";
    if (task.process && !task.process.running) task.pid = task.process.pid;
    this.events.emit("task-stopped", task.service, `Task ${task.id} (${taskDefinitionName(task.taskDefinition)}) stopped: ${task.stoppedReason}`, {
      taskId: task.id,
      stopCode: task.stopCode,
      stoppedReason: task.stoppedReason,
      exitCode: task.exitCode,
      pid: task.pid,
      hostId: task.hostId,
      // What the container said last, as its CloudWatch log stream would show (why a release crashed).
      ...(task.exitCode !== null && task.exitCode !== 0 && task.process ? { lastLogLines: task.process.recentLogs().slice(-3) } : {}),
    });
    if (task.stopCode !== "TaskFailedToStart") {
      this.events.emit("service", task.service, `(service ${task.service}) has stopped 1 running tasks: (task ${task.id}).`, { taskId: task.id });
    }
  }

  private countFailure(task: Task, why: string): void {
    const service = this.services.get(task.service);
    if (!service) return;
    service.consecutiveFailures += 1;
    service.nextLaunchAt = Date.now() + launchBackoffMs(service.consecutiveFailures, this.tuning.restartBackoff.baseMs, this.tuning.restartBackoff.maxMs);
    const deployment = service.deployments.find((candidate) => candidate.id === task.deploymentId);
    if (!deployment || deployment.rolloutState !== "IN_PROGRESS") return;
    deployment.failedTasks += 1;
    deployment.updatedAt = Date.now();
    const minimum = this.tuning.deployment.circuitBreakerMinThreshold;
    if (!circuitBreakerTripped(deployment.failedTasks, service.desiredCount, minimum)) return;
    deployment.rolloutState = "FAILED";
    deployment.rolloutStateReason = `ECS deployment circuit breaker: ${why}.`;
    this.events.emit("deployment", service.name, `(service ${service.name}) (deployment ${deployment.id}) deployment failed: ${why}.`, {
      deploymentId: deployment.id,
      failedTasks: deployment.failedTasks,
      threshold: circuitBreakerThreshold(service.desiredCount, minimum),
    });
    if (deployment.isRollback || deployment !== service.deployments[0]) return;
    this.events.emit("deployment", service.name, `(service ${service.name}) ECS deployment circuit breaker: ${why}. Automatically rolling back to ${taskDefinitionName(service.lastGoodTaskDefinition)}.`, {
      deploymentId: deployment.id,
    });
    this.rollback(service.name, `ECS deployment circuit breaker: ${why}`);
  }

  // ------------------------------------------------------------ autoscaling

  private autoscale(): void {
    const now = Date.now();
    for (const service of this.services.values()) {
      const scaling = service.autoscaling;
      if (!scaling.enabled || scaling.suspended) continue;
      const decision = targetTracking({
        currentDesired: service.desiredCount,
        averageCpu: this.options.cpuAverage(service.name, this.tuning.autoscaling.windowSeconds),
        targetCpu: this.tuning.autoscaling.targetCpuPercent,
        minCount: scaling.minCount,
        maxCount: scaling.maxCount,
        nowMs: now,
        lastScaleOutAtMs: scaling.lastScaleOutAt,
        lastScaleInAtMs: scaling.lastScaleInAt,
        scaleOutCooldownMs: this.tuning.autoscaling.scaleOutCooldownMs,
        scaleInCooldownMs: this.tuning.autoscaling.scaleInCooldownMs,
      });
      if (!decision.direction || decision.desired === service.desiredCount) continue;
      if (decision.direction === "out") scaling.lastScaleOutAt = now;
      else scaling.lastScaleInAt = now;
      this.setDesiredCount(service.name, decision.desired, `target tracking policy ${service.name}-cpu${this.tuning.autoscaling.targetCpuPercent} (${decision.reason})`);
    }
  }

  /** Manual scaling keeps the policy's bounds around the new count, so the policy does not undo it at once. */
  scaleService(serviceName: string, desired: number, why: string): void {
    const service = this.mustGet(serviceName);
    service.autoscaling.minCount = Math.min(service.autoscaling.minCount, desired);
    service.autoscaling.maxCount = Math.max(service.autoscaling.maxCount, desired);
    this.setDesiredCount(serviceName, desired, why);
  }

  // ------------------------------------------------------------ views

  taskView(task: Task): TaskView {
    const host = task.hostId ? this.hosts.get(task.hostId) : undefined;
    const state = this.options.targetGroups.get(task.service)?.stateOf(task.id);
    return {
      id: task.id,
      service: task.service,
      lastStatus: task.lastStatus,
      desiredStatus: task.desiredStatus,
      healthStatus: task.lastStatus === "STOPPED" ? "UNKNOWN" : state === "healthy" ? "HEALTHY" : state === "unhealthy" ? "UNHEALTHY" : "UNKNOWN",
      taskDefinition: taskDefinitionName(task.taskDefinition),
      hostId: task.hostId,
      availabilityZone: host?.availabilityZone ?? null,
      startedAt: iso(task.startedAt),
      stoppedAt: iso(task.stoppedAt),
      stopCode: task.stopCode,
      stoppedReason: task.stoppedReason,
      pid: task.pid,
    };
  }

  counts(serviceName: string): { running: number; pending: number; desired: number } {
    const alive = this.aliveTasks(serviceName);
    return {
      running: alive.filter((task) => task.lastStatus === "RUNNING").length,
      pending: alive.filter((task) => task.lastStatus === "PENDING" || task.lastStatus === "PROVISIONING" || task.lastStatus === "ACTIVATING").length,
      desired: this.services.get(serviceName)?.desiredCount ?? 0,
    };
  }

  serviceViews(): ServiceView[] {
    return [...this.services.values()].map((service) => {
      const counts = this.counts(service.name);
      const deployments = service.deployments.map((deployment, index): DeploymentView => {
        const tasks = this.aliveTasks(service.name).filter((task) => task.deploymentId === deployment.id);
        return {
          id: deployment.id,
          status: index === 0 ? "PRIMARY" : deployment.status === "INACTIVE" ? "INACTIVE" : "ACTIVE",
          rolloutState: deployment.rolloutState,
          rolloutStateReason: deployment.rolloutStateReason,
          taskDefinition: taskDefinitionName(deployment.taskDefinition),
          desiredCount: index === 0 ? service.desiredCount : tasks.length,
          runningCount: tasks.filter((task) => task.lastStatus === "RUNNING").length,
          pendingCount: tasks.filter((task) => task.lastStatus !== "RUNNING").length,
          failedTasks: deployment.failedTasks,
          createdAt: new Date(deployment.createdAt).toISOString(),
          updatedAt: new Date(deployment.updatedAt).toISOString(),
        };
      });
      return {
        name: service.name,
        status: "ACTIVE",
        desiredCount: service.desiredCount,
        runningCount: counts.running,
        pendingCount: counts.pending,
        taskDefinition: taskDefinitionName(service.deployments[0]?.taskDefinition ?? service.lastGoodTaskDefinition),
        deployments,
      };
    });
  }

  hostViews(): HostView[] {
    return [...this.hosts.values()].map((host) => ({
      id: host.id,
      availabilityZone: host.availabilityZone,
      lifecycle: host.lifecycle,
      status: host.status,
      capacity: host.capacity,
      used: this.usedSlots(host.id),
    }));
  }

  /** Steady: every service's primary deployment completed with the desired count running and healthy. */
  isSteady(): boolean {
    return [...this.services.values()].every((service) => service.steady);
  }

  // ------------------------------------------------------------ shutdown

  /** Stops every task (SIGTERM, SIGKILL after `graceMs`) and the scheduler. */
  async shutdown(graceMs: number): Promise<void> {
    this.shuttingDown = true;
    if (this.reconcileTimer) clearInterval(this.reconcileTimer);
    if (this.scalingTimer) clearInterval(this.scalingTimer);
    const stopping = [...this.tasks.values()]
      .filter((task) => task.lastStatus !== "STOPPED")
      .map(async (task) => {
        task.desiredStatus = "STOPPED";
        task.stopCode ??= "UserInitiated";
        task.stoppedReason ??= "The local lab is shutting down";
        this.options.targetGroups.get(task.service)?.remove(task.id);
        if (task.process?.running) await task.process.stop(graceMs);
        this.finalize(task);
      });
    await Promise.all(stopping);
  }

  /** Pids of every task process still alive (the state file records them for crash cleanup). */
  livePids(): number[] {
    return [...this.tasks.values()].filter((task) => task.process?.running).map((task) => task.process?.pid ?? 0).filter((pid) => pid > 0);
  }
}
