/**
 * Runs faults: validates parameters against the scenario's limits, refuses a fault that
 * claims what another active one holds, injects, enforces the lease with the daemon's own
 * timer, and reverts on lease end, stop, halt-all and shutdown. Every fault records the
 * instants it really took effect and was really reverted (ground truth for scoring), and
 * every change is persisted so a daemon that dies is cleaned up at the next start.
 */
import { randomBytes } from "node:crypto";
import type { ActionState, CheckView, RunHandleView, RunOutcome, RunSpec, RunStatusView, ScenarioSpec } from "../api/schemas";
import { invalidFrom, LabFailure } from "../errors";
import type { EventLog } from "../events";
import { SCENARIO_PARAMS } from "../../../contract/params";
import { SCENARIOS } from "./scenarios";
import type { FaultHandle, FaultRecord, ScenarioContext, ScenarioImplementation } from "./types";

interface Runtime {
  record: FaultRecord;
  implementation: ScenarioImplementation<unknown>;
  memory: Map<string, unknown>;
  timers: Set<NodeJS.Timeout>;
  injection: Promise<void> | null;
  ending: Promise<void> | null;
  leaseTimer: NodeJS.Timeout | undefined;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function newFaultId(): string {
  return `fault-${randomBytes(8).toString("hex")}`;
}

export interface FaultManagerOptions {
  context: ScenarioContext;
  events: EventLog;
  /** Called after every change, with every record (the state file keeps them). */
  persist: (records: FaultRecord[]) => void;
  /** Records from a previous daemon, already ended, so their status still answers. */
  history?: FaultRecord[];
}

const HISTORY_KEPT = 500;

export class FaultManager {
  private readonly runtimes = new Map<string, Runtime>();
  private readonly byRunId = new Map<string, string>();
  private readonly history = new Map<string, FaultRecord>();
  private readonly options: FaultManagerOptions;
  private sweeper: NodeJS.Timeout | undefined;

  constructor(options: FaultManagerOptions) {
    this.options = options;
    for (const record of options.history ?? []) {
      this.history.set(record.id, record);
      this.byRunId.set(record.runId, record.id);
    }
    // A backstop to the per-fault lease timers: a late or lost timer still ends its fault.
    this.sweeper = setInterval(() => this.sweep(), 1000);
  }

  private records(): FaultRecord[] {
    return [...this.history.values(), ...[...this.runtimes.values()].map((runtime) => runtime.record)];
  }

  private save(): void {
    this.options.persist(this.records());
  }

  private parse(spec: ScenarioSpec): Record<string, unknown> {
    const schema = SCENARIO_PARAMS[spec.scenarioId];
    const result = schema.safeParse(spec.params);
    if (!result.success) throw invalidFrom(result.error, `parameters for ${spec.scenarioId}`);
    return result.data;
  }

  private implementation(spec: ScenarioSpec): ScenarioImplementation<unknown> {
    return SCENARIOS[spec.scenarioId] as unknown as ScenarioImplementation<unknown>;
  }

  private conflicts(implementation: ScenarioImplementation<unknown>, params: unknown): { claim: string; holder: FaultRecord }[] {
    const wanted = implementation.claims(params);
    const found: { claim: string; holder: FaultRecord }[] = [];
    for (const runtime of this.runtimes.values()) {
      if (runtime.record.phase === "ended") continue;
      const held = runtime.implementation.claims(runtime.record.params);
      for (const claim of wanted) if (held.includes(claim)) found.push({ claim, holder: runtime.record });
    }
    return found;
  }

  /** Starts a fault; a second call with the same run id returns the first fault's handle. */
  start(spec: RunSpec): RunHandleView {
    const existing = this.byRunId.get(spec.runId);
    if (existing) {
      const record = this.find(existing);
      if (record.scenarioId !== spec.scenarioId) throw new LabFailure("conflict", `Run ${spec.runId} already exists for ${record.scenarioId}`);
      return this.handleOf(record);
    }
    const params = this.parse(spec);
    const implementation = this.implementation(spec);
    const conflicts = this.conflicts(implementation, params);
    if (conflicts.length > 0) {
      const first = conflicts[0];
      throw new LabFailure("conflict", `${spec.scenarioId} needs ${first?.claim ?? "a resource"} held by active fault ${first?.holder.id ?? "?"} (${first?.holder.scenarioId ?? "?"}); stop it first`, {
        conflicts: conflicts.map((conflict) => ({ claim: conflict.claim, faultId: conflict.holder.id })),
      });
    }
    const now = Date.now();
    const record: FaultRecord = {
      id: newFaultId(),
      runId: spec.runId,
      scenarioId: spec.scenarioId,
      params,
      tags: spec.tags,
      startedAt: now,
      leaseExpiresAt: now + spec.durationSeconds * 1000,
      phase: "initiating",
      outcome: null,
      reason: null,
      injectedAt: null,
      revertedAt: null,
      actions: implementation.actions(params).map((action, index) => ({ actionId: `${index + 1}-${action.split(":").at(-1) ?? action}`, action, state: "pending", startedAt: null, endedAt: null })),
      state: {},
    };
    const runtime: Runtime = { record, implementation, memory: new Map(), timers: new Set(), injection: null, ending: null, leaseTimer: undefined };
    this.runtimes.set(record.id, runtime);
    this.byRunId.set(record.runId, record.id);
    runtime.leaseTimer = setTimeout(() => void this.end(record.id, "completed", "lease expired"), spec.durationSeconds * 1000);
    this.options.events.emit("fault", null, `Fault ${record.id} (${record.scenarioId}) started for run ${record.runId}, lease ${spec.durationSeconds} s`, {
      faultId: record.id,
      runId: record.runId,
      scenarioId: record.scenarioId,
      params,
    });
    this.save();
    runtime.injection = this.inject(runtime);
    return this.handleOf(record);
  }

  private handleFor(runtime: Runtime): FaultHandle<unknown> {
    const { record } = runtime;
    return {
      id: record.id,
      params: record.params,
      leaseExpiresAt: record.leaseExpiresAt,
      state: record.state,
      memory: runtime.memory,
      markInjected: () => {
        record.injectedAt ??= Date.now();
        if (record.phase === "injecting") record.phase = "active";
      },
      action: (action: string, state: ActionState) => {
        const entry = record.actions.find((candidate) => candidate.action === action);
        if (!entry) return;
        const now = Date.now();
        entry.state = state;
        if (state === "running" || state === "initiating") entry.startedAt ??= now;
        if (["completed", "stopped", "failed", "cancelled", "skipped"].includes(state)) {
          entry.startedAt ??= now;
          entry.endedAt ??= now;
        }
      },
      later: (delayMs: number, step: () => Promise<void> | void) => {
        const timer = setTimeout(() => {
          runtime.timers.delete(timer);
          if (runtime.ending) return;
          Promise.resolve(step()).then(
            () => this.save(),
            (error: unknown) => this.note(record, `A later step of ${record.scenarioId} failed: ${error instanceof Error ? error.message : String(error)}`),
          );
        }, delayMs);
        runtime.timers.add(timer);
      },
      get ending() {
        return runtime.ending !== null;
      },
      note: (message: string, data: Record<string, unknown> = {}) => this.note(record, message, data),
    };
  }

  private note(record: FaultRecord, message: string, data: Record<string, unknown> = {}): void {
    this.options.events.emit("fault", null, `[${record.id} ${record.scenarioId}] ${message}`, { faultId: record.id, runId: record.runId, ...data });
  }

  private async inject(runtime: Runtime): Promise<void> {
    const { record } = runtime;
    record.phase = "injecting";
    try {
      await runtime.implementation.inject(this.options.context, this.handleFor(runtime));
      if (runtime.ending) return;
      record.injectedAt ??= Date.now();
      record.phase = "active";
      for (const action of record.actions) {
        if (action.state === "pending") {
          action.state = "running";
          action.startedAt = record.injectedAt;
        }
      }
      this.note(record, `injected at ${new Date(record.injectedAt).toISOString()}`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.note(record, `injection failed: ${message}`);
      void this.end(record.id, "failed", `injection failed: ${message}`);
    } finally {
      this.save();
    }
  }

  /**
   * Ends a fault (idempotent): waits for an injection in progress, reverts, records the
   * revert instant. A fault halted before it took effect ends as cancelled.
   */
  end(faultId: string, outcome: RunOutcome, reason: string): Promise<void> {
    const runtime = this.runtimes.get(faultId);
    if (!runtime) return Promise.resolve();
    if (runtime.ending) return runtime.ending;
    runtime.ending = this.finish(runtime, outcome, reason);
    return runtime.ending;
  }

  private async finish(runtime: Runtime, outcome: RunOutcome, reason: string): Promise<void> {
    const { record } = runtime;
    if (runtime.leaseTimer) clearTimeout(runtime.leaseTimer);
    for (const timer of runtime.timers) clearTimeout(timer);
    runtime.timers.clear();
    if (runtime.injection && record.phase === "injecting") await runtime.injection.catch(() => undefined);
    const injected = record.injectedAt !== null;
    record.phase = "reverting";
    let finalOutcome: RunOutcome = injected || outcome === "failed" ? outcome : "cancelled";
    let finalReason = reason;
    try {
      await runtime.implementation.revert(this.options.context, this.handleFor(runtime));
    } catch (error) {
      finalOutcome = "failed";
      finalReason = `${reason}; revert failed: ${error instanceof Error ? error.message : String(error)}`;
    }
    const now = Date.now();
    record.revertedAt = now;
    record.phase = "ended";
    record.outcome = finalOutcome;
    record.reason = finalReason;
    const actionState: ActionState = finalOutcome === "completed" ? "completed" : finalOutcome === "stopped" ? "stopped" : finalOutcome === "cancelled" ? "cancelled" : "failed";
    for (const action of record.actions) {
      if (action.endedAt !== null) continue;
      action.state = action.startedAt === null ? (finalOutcome === "failed" ? "failed" : "cancelled") : actionState;
      action.endedAt = now;
    }
    this.note(record, `ended (${finalOutcome}): ${finalReason}; reverted at ${new Date(now).toISOString()}`, { outcome: finalOutcome });
    this.runtimes.delete(record.id);
    this.history.set(record.id, record);
    while (this.history.size > HISTORY_KEPT) {
      const oldest = this.history.keys().next().value;
      if (oldest === undefined) break;
      this.history.delete(oldest);
    }
    this.save();
  }

  async stop(faultId: string, reason: string): Promise<void> {
    this.find(faultId);
    await this.end(faultId, "stopped", reason);
  }

  /** Reverts every active fault at once; returns their ids. */
  async haltAll(reason: string): Promise<string[]> {
    const ids = [...this.runtimes.keys()];
    await Promise.all(ids.map((id) => this.end(id, "stopped", `halt-all: ${reason}`)));
    return ids;
  }

  activeIds(): string[] {
    return [...this.runtimes.keys()];
  }

  private sweep(): void {
    const now = Date.now();
    for (const runtime of this.runtimes.values()) {
      if (!runtime.ending && runtime.record.leaseExpiresAt <= now) void this.end(runtime.record.id, "completed", "lease expired");
    }
  }

  private find(faultId: string): FaultRecord {
    const record = this.runtimes.get(faultId)?.record ?? this.history.get(faultId);
    if (!record) throw new LabFailure("not-found", `No fault ${faultId} in this lab`);
    return record;
  }

  handleOf(record: FaultRecord): RunHandleView {
    return { runId: record.runId, kind: "local", externalId: record.id, startedAt: new Date(record.startedAt).toISOString(), leaseExpiresAt: new Date(record.leaseExpiresAt).toISOString() };
  }

  status(faultId: string): RunStatusView {
    const record = this.find(faultId);
    return {
      externalId: record.id,
      phase: record.phase,
      outcome: record.outcome,
      reason: record.reason,
      injectedAt: iso(record.injectedAt),
      revertedAt: iso(record.revertedAt),
      leaseExpiresAt: new Date(record.leaseExpiresAt).toISOString(),
      actions: record.actions.map((action) => ({ ...action, startedAt: iso(action.startedAt), endedAt: iso(action.endedAt) })),
    };
  }

  /** Readiness of a scenario now: parameters, conflicts, and the scenario's own checks. */
  preflight(spec: ScenarioSpec): CheckView[] {
    const checks: CheckView[] = [];
    let params: Record<string, unknown>;
    try {
      params = this.parse(spec);
      checks.push({ id: "params", label: "Parameters within safe limits", status: "pass", detail: `Parameters accepted: ${JSON.stringify(params)}` });
    } catch (error) {
      checks.push({ id: "params", label: "Parameters within safe limits", status: "fail", detail: error instanceof Error ? error.message : String(error) });
      return checks;
    }
    checks.push({ id: "lease", label: "Lease", status: "pass", detail: `The lab reverts the fault ${spec.durationSeconds} s after it starts, whatever happens` });
    const implementation = this.implementation(spec);
    const conflicts = this.conflicts(implementation, params);
    checks.push(
      conflicts.length === 0
        ? { id: "conflicts", label: "No conflicting fault", status: "pass", detail: "No active fault holds what this scenario needs" }
        : {
            id: "conflicts",
            label: "No conflicting fault",
            status: "fail",
            detail: conflicts.map((conflict) => `${conflict.claim} is held by ${conflict.holder.id} (${conflict.holder.scenarioId})`).join("; "),
          },
    );
    checks.push(...(implementation.preflight?.(this.options.context, params) ?? []));
    return checks;
  }

  /** Ends every fault for shutdown and stops the sweeper. */
  async close(reason: string): Promise<string[]> {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = undefined;
    return this.haltAll(reason);
  }
}
