/**
 * Fault flags on tasks, through the target service's own `PUT /_fault` endpoint. Several
 * faults may touch one task (latency and CPU stress at once): the flags are composed (any
 * health failure, the strongest stress, the largest delay) and sent whole, each time with a
 * lease that ends with the last fault's lease, so a task clears its flags by itself even if
 * the lab is gone.
 */
import type { Task } from "../fleet/model";

/** Flags one fault asks of one task. */
export interface TaskFlags {
  healthFail?: boolean;
  cpuStressPercent?: number;
  latencyMs?: number;
  jitterMs?: number;
}

interface Contribution {
  flags: TaskFlags;
  expiresAtMs: number;
}

export class FlagComposer {
  private readonly secret: string;
  private readonly contributions = new Map<string, Map<string, Contribution>>();
  private readonly tasks = new Map<string, Task>();
  private readonly cleared = new Set<string>();
  /** One push at a time per task, each sending the flags as they are when it goes out: a late PUT can never undo a DELETE. */
  private readonly queues = new Map<string, Promise<void>>();
  private readonly timeoutMs: number;

  constructor(secret: string, timeoutMs = 1500) {
    this.secret = secret;
    this.timeoutMs = timeoutMs;
  }

  /** Applies one fault's flags to a task; resolves once the task acknowledged them. */
  async set(task: Task, faultId: string, flags: TaskFlags, expiresAtMs: number): Promise<void> {
    // A fault that already ended adds nothing (a task that started during its revert).
    if (this.cleared.has(faultId)) return;
    const perTask = this.contributions.get(task.id) ?? new Map<string, Contribution>();
    perTask.set(faultId, { flags, expiresAtMs });
    this.contributions.set(task.id, perTask);
    this.tasks.set(task.id, task);
    await this.push(task);
  }

  /** Withdraws a fault from every task it touched; tasks keep the other faults' flags. */
  async clearFault(faultId: string): Promise<void> {
    this.cleared.add(faultId);
    const touched: Task[] = [];
    for (const [taskId, perTask] of this.contributions) {
      if (!perTask.delete(faultId)) continue;
      const task = this.tasks.get(taskId);
      if (task) touched.push(task);
      if (perTask.size === 0) this.contributions.delete(taskId);
    }
    await Promise.all(touched.map((task) => this.push(task).catch(() => undefined)));
    for (const task of touched) if (!this.contributions.has(task.id)) this.tasks.delete(task.id);
  }

  /** Faults currently flagging a task (tests and topology explain why a task misbehaves). */
  faultsOn(taskId: string): string[] {
    return [...(this.contributions.get(taskId)?.keys() ?? [])];
  }

  private compose(taskId: string): { body: Record<string, number | boolean>; leaseSeconds: number } | null {
    const perTask = this.contributions.get(taskId);
    if (!perTask || perTask.size === 0) return null;
    const now = Date.now();
    let healthFail = false;
    let cpuStressPercent = 0;
    let latencyMs = 0;
    let jitterMs = 0;
    let expiresAtMs = now;
    for (const { flags, expiresAtMs: expires } of perTask.values()) {
      if (expires <= now) continue;
      healthFail ||= flags.healthFail ?? false;
      cpuStressPercent = Math.max(cpuStressPercent, flags.cpuStressPercent ?? 0);
      latencyMs = Math.max(latencyMs, flags.latencyMs ?? 0);
      jitterMs = Math.max(jitterMs, flags.jitterMs ?? 0);
      expiresAtMs = Math.max(expiresAtMs, expires);
    }
    if (expiresAtMs <= now) return null;
    const leaseSeconds = Math.min(3600, Math.max(1, Math.ceil((expiresAtMs - now) / 1000)));
    return { body: { healthFail, cpuStressPercent, latencyMs, jitterMs }, leaseSeconds };
  }

  private push(task: Task): Promise<void> {
    const previous = this.queues.get(task.id) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.send(task));
    this.queues.set(task.id, next);
    void next.finally(() => {
      if (this.queues.get(task.id) === next) this.queues.delete(task.id);
    }).catch(() => undefined);
    return next;
  }

  private async send(task: Task): Promise<void> {
    if (task.port === null || !task.process?.running) return;
    const composed = this.compose(task.id);
    const url = `http://127.0.0.1:${task.port}/_fault`;
    const response = await fetch(url, {
      method: composed ? "PUT" : "DELETE",
      headers: { "x-fault-secret": this.secret, "content-type": "application/json" },
      body: composed ? JSON.stringify({ ...composed.body, leaseSeconds: composed.leaseSeconds }) : undefined,
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`task ${task.id} refused its fault flags: HTTP ${response.status}`);
  }
}
