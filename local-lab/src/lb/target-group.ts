/**
 * A target group: the tasks of one service registered with the load balancer, each health
 * checked on its own schedule (GET /healthz with a timeout, a new connection each time, as
 * an ALB does). Only healthy targets receive requests; a deregistered target drains: no new
 * requests, in-flight ones finish, and it leaves once idle or when the delay runs out.
 */
import http from "node:http";
import type { TargetHealthView, TargetState } from "../api/schemas";
import type { EventLog } from "../events";
import { initialHealth, nextHealth, type CheckResult, type HealthState } from "./health";

export interface HealthCheckSettings {
  path: string;
  intervalMs: number;
  timeoutMs: number;
  healthyThreshold: number;
  unhealthyThreshold: number;
}

/** One registered target (a task's port on 127.0.0.1). */
export interface Target {
  taskId: string;
  port: number;
  health: HealthState;
  draining: boolean;
  inFlight: number;
  timer: NodeJS.Timeout | undefined;
  checking: boolean;
  /** When the target last became unhealthy (null while it is not). */
  unhealthySince: number | null;
}

export function checkOnce(port: number, path: string, timeoutMs: number): Promise<CheckResult> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (result: CheckResult) => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    const request = http.get({ host: "127.0.0.1", port, path, agent: false, headers: { "user-agent": "ELB-HealthChecker/2.0" } }, (response) => {
      response.resume();
      const status = response.statusCode ?? 0;
      done(status >= 200 && status < 400 ? { ok: true } : { ok: false, kind: "status", status });
    });
    request.setTimeout(timeoutMs, () => {
      request.destroy();
      done({ ok: false, kind: "timeout" });
    });
    request.on("error", (error: NodeJS.ErrnoException) => done({ ok: false, kind: "connection", message: error.code ?? error.message }));
  });
}

export class TargetGroup {
  readonly service: string;
  readonly arn: string;
  readonly dimension: string;
  private readonly settings: HealthCheckSettings;
  private readonly events: EventLog;
  private readonly targets = new Map<string, Target>();
  private cursor = 0;
  private readonly listeners = new Set<(taskId: string, state: HealthState["state"]) => void>();

  constructor(service: string, arn: string, dimension: string, settings: HealthCheckSettings, events: EventLog) {
    this.service = service;
    this.arn = arn;
    this.dimension = dimension;
    this.settings = settings;
    this.events = events;
  }

  /** Told whenever a target turns healthy or unhealthy (the scheduler replaces unhealthy tasks). */
  onHealthChange(listener: (taskId: string, state: HealthState["state"]) => void): void {
    this.listeners.add(listener);
  }

  register(taskId: string, port: number): void {
    if (this.targets.has(taskId)) return;
    const target: Target = { taskId, port, health: initialHealth(), draining: false, inFlight: 0, timer: undefined, checking: false, unhealthySince: null };
    this.targets.set(taskId, target);
    this.events.emit("target-health", this.service, `(service ${this.service}) registered 1 targets in (target-group ${this.arn})`, { taskId, port });
    // The first check right away: ALB starts checking as soon as a target registers.
    this.schedule(target, 0);
  }

  private schedule(target: Target, delayMs: number): void {
    target.timer = setTimeout(() => {
      void this.check(target);
    }, delayMs);
  }

  private async check(target: Target): Promise<void> {
    if (target.draining || !this.targets.has(target.taskId)) return;
    target.checking = true;
    const result = await checkOnce(target.port, this.settings.path, this.settings.timeoutMs);
    target.checking = false;
    if (target.draining || !this.targets.has(target.taskId)) return;
    const before = target.health.state;
    target.health = nextHealth(target.health, result, this.settings);
    if (target.health.state !== before) target.unhealthySince = target.health.state === "unhealthy" ? Date.now() : null;
    if (target.health.state !== before && target.health.state !== "initial") {
      const message =
        target.health.state === "healthy"
          ? `(service ${this.service}) (task ${target.taskId}) (port ${target.port}) is healthy in (target-group ${this.arn})`
          : `(service ${this.service}) (task ${target.taskId}) (port ${target.port}) is unhealthy in (target-group ${this.arn}) due to (reason ${target.health.description ?? "Health checks failed"}).`;
      this.events.emit("target-health", this.service, message, { taskId: target.taskId, state: target.health.state, reason: target.health.reason });
      for (const listener of this.listeners) listener(target.taskId, target.health.state);
    }
    this.schedule(target, this.settings.intervalMs);
  }

  /**
   * Stops routing to the target and resolves once it is idle (no request in flight) or
   * `delayMs` has passed, whichever comes first, as ALB's deregistration delay does.
   */
  async deregister(taskId: string, delayMs: number): Promise<void> {
    const target = this.targets.get(taskId);
    if (!target) return;
    target.draining = true;
    if (target.timer) clearTimeout(target.timer);
    this.events.emit("target-health", this.service, `(service ${this.service}) deregistered 1 targets in (target-group ${this.arn})`, { taskId, port: target.port });
    const deadline = Date.now() + delayMs;
    while (Date.now() < deadline && target.inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 25));
    this.targets.delete(taskId);
  }

  /** Drops a target at once (its task is gone; nothing can drain). */
  remove(taskId: string): void {
    const target = this.targets.get(taskId);
    if (!target) return;
    if (target.timer) clearTimeout(target.timer);
    this.targets.delete(taskId);
    this.events.emit("target-health", this.service, `(service ${this.service}) deregistered 1 targets in (target-group ${this.arn})`, { taskId, port: target.port });
  }

  /** The next healthy target, round robin; undefined when none is healthy. */
  pick(): Target | undefined {
    const healthy = [...this.targets.values()].filter((target) => !target.draining && target.health.state === "healthy");
    if (healthy.length === 0) return undefined;
    this.cursor = (this.cursor + 1) % healthy.length;
    return healthy[this.cursor];
  }

  stateOf(taskId: string): TargetState | null {
    const target = this.targets.get(taskId);
    if (!target) return null;
    return target.draining ? "draining" : target.health.state;
  }

  /** How long the target has been unhealthy, in ms (0 when it is not). */
  unhealthyForMs(taskId: string, nowMs = Date.now()): number {
    const since = this.targets.get(taskId)?.unhealthySince;
    return since === null || since === undefined ? 0 : nowMs - since;
  }

  counts(): { healthy: number; unhealthy: number } {
    let healthy = 0;
    let unhealthy = 0;
    for (const target of this.targets.values()) {
      if (target.draining) continue;
      if (target.health.state === "healthy") healthy += 1;
      else if (target.health.state === "unhealthy") unhealthy += 1;
    }
    return { healthy, unhealthy };
  }

  views(): TargetHealthView[] {
    return [...this.targets.values()].map((target) => ({
      targetId: `${target.taskId}:${target.port}`,
      service: this.service,
      state: target.draining ? "draining" : target.health.state,
      reason: target.draining ? "Target.DeregistrationInProgress" : target.health.reason,
      description: target.draining ? "Target deregistration is in progress" : target.health.description,
    }));
  }

  close(): void {
    for (const target of this.targets.values()) if (target.timer) clearTimeout(target.timer);
    this.targets.clear();
  }
}
