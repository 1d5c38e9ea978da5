/**
 * The lab port: the one interface the console uses to observe and break a target stack.
 *
 * Two adapters implement it: `lib/lab/local` (an HTTP client of the local-lab daemon) and
 * `lib/lab/aws` (FIS, CloudWatch, ECS, X-Ray, Secrets Manager, IAM). The shapes that cross
 * it are the shared contract's (`contract/lab.ts`), which the local lab answers in too.
 */
import type { AlarmState, Check, LabEvent, LabEventFeed, LabHealth, LabKind, LabPace, MetricQuery, RemediationAction, RunHandle, RunSpec, RunStatus, ScenarioSpec, Series, Topology, Traces } from "@/contract/lab";

export * from "@/contract/lab";

export interface HaltAllOptions {
  /** AWS only: also engage the account's FIS safety lever so no new experiment can start. */
  engageSafetyLever?: boolean;
}

/**
 * The lab port. Every method resolves to values that satisfy the schemas above, or rejects
 * with a `LabError` (see `./errors.ts`) whose code tells the console what to show.
 */
export interface Lab {
  readonly kind: LabKind;
  health(): Promise<LabHealth>;
  topology(): Promise<Topology>;
  preflight(spec: ScenarioSpec): Promise<Check[]>;
  /** Idempotent per `runId`: a second call with the same run id returns the first handle. */
  start(spec: RunSpec): Promise<RunHandle>;
  stop(handle: RunHandle, reason: string): Promise<void>;
  /** Stops every fault this console started; returns the external ids it stopped. */
  haltAll(reason: string, options?: HaltAllOptions): Promise<string[]>;
  status(handle: RunHandle): Promise<RunStatus>;
  metrics(queries: MetricQuery[], from: Date, to: Date): Promise<Series[]>;
  alarms(): Promise<AlarmState[]>;
  events(since: Date): Promise<LabEvent[]>;
  /**
   * The events of `events(since)` with the state of each source they come from, so a source
   * that fails (a missing permission, a throttled API) is shown as stale instead of the
   * whole feed failing. Optional: labs with a single source need not implement it.
   */
  eventFeed?(since: Date): Promise<LabEventFeed>;
  traces(from: Date, to: Date): Promise<Traces>;
  remediate(action: RemediationAction): Promise<void>;
  /**
   * Sets how fast the lab's health checks, drains, task starts and scaling run, from the next
   * health check and task start on. Optional: only the local lab has a pace; AWS runs at
   * its own real timings.
   */
  setPace?(pace: LabPace): Promise<void>;
}
