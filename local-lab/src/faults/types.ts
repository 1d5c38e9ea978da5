/**
 * What a scenario implementation gets to work with, and what it must provide: inject (make
 * the fault real), revert (undo it, whatever state the lab is in by then) and its own
 * readiness checks. The manager owns leases, phases, instants and persistence.
 */
import type { ActionState, CheckView, RunOutcome, RunPhase, ScenarioId } from "../api/schemas";
import type { Tuning } from "../config";
import type { DatabaseControl } from "../db/control";
import type { LabDatabase } from "../db/postgres";
import type { SecretStore } from "../db/secrets";
import type { EventLog } from "../events";
import type { Fleet } from "../fleet/fleet";
import type { LoadBalancer } from "../lb/load-balancer";
import type { WebAcl } from "../lb/waf";
import type { FlagComposer } from "./flags";

/** The lab's parts a scenario may act on. */
export interface ScenarioContext {
  fleet: Fleet;
  flags: FlagComposer;
  waf: WebAcl;
  internalLoadBalancer: LoadBalancer;
  database: DatabaseControl;
  postgres: LabDatabase;
  secrets: SecretStore;
  events: EventLog;
  tuning: Tuning;
}

/** One step of a fault with its real instants (FIS's action, or the lab's equivalent). */
export interface ActionRecord {
  actionId: string;
  action: string;
  state: ActionState;
  startedAt: number | null;
  endedAt: number | null;
}

/** A fault as the manager keeps it (and persists it in the state file). */
export interface FaultRecord {
  id: string;
  runId: string;
  scenarioId: ScenarioId;
  params: Record<string, unknown>;
  tags: Record<string, string>;
  startedAt: number;
  leaseExpiresAt: number;
  phase: RunPhase;
  outcome: RunOutcome | null;
  reason: string | null;
  injectedAt: number | null;
  revertedAt: number | null;
  actions: ActionRecord[];
  /** Scenario data needed to revert, JSON only (persisted); secrets never go here. */
  state: Record<string, unknown>;
}

/** The view of its fault a scenario's inject and revert get. */
export interface FaultHandle<P> {
  readonly id: string;
  readonly params: P;
  readonly leaseExpiresAt: number;
  /** Persisted revert data. */
  readonly state: Record<string, unknown>;
  /** In-memory only (e.g. a rotated password); lost with the daemon, like the effects it guards. */
  readonly memory: Map<string, unknown>;
  /** Records the instant the fault really took effect (default: when inject resolves). */
  markInjected(): void;
  /** Marks an action's progress with the real instant. */
  action(action: string, state: ActionState): void;
  /** Runs a later step of the fault unless it has ended by then (Spot reclaim after the warning). */
  later(delayMs: number, step: () => Promise<void> | void): void;
  /** True once the fault is being reverted: long inject steps stop early. */
  readonly ending: boolean;
  /** Writes a fault event on the lab's event stream. */
  note(message: string, data?: Record<string, unknown>): void;
}

export interface ScenarioImplementation<P> {
  id: ScenarioId;
  /** Actions in the order they happen; their names read like FIS actions. */
  actions: (params: P) => string[];
  /** Resources this fault owns while active: a second fault claiming one is refused (conflict). */
  claims: (params: P) => string[];
  inject(context: ScenarioContext, fault: FaultHandle<P>): Promise<void>;
  revert(context: ScenarioContext, fault: FaultHandle<P>): Promise<void>;
  preflight?(context: ScenarioContext, params: P): CheckView[];
}
