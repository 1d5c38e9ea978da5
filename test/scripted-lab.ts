/**
 * A lab whose world the test scripts: it implements the port honestly (leases, phases,
 * halt-all, metrics per period) over values the test sets, and counts every call. Used to
 * drive the live pipeline and the run use cases without real processes; the real adapters
 * pass the shared contract suite on their own.
 */
import { LabError } from "@/lib/lab/errors";
import type {
  AlarmState,
  Check,
  Lab,
  LabEvent,
  LabEventFeed,
  LabHealth,
  LabPace,
  MetricQuery,
  RemediationAction,
  RunHandle,
  RunSpec,
  RunStatus,
  Series,
  Topology,
  Traces,
} from "@/lib/lab/types";

interface ScriptedRun {
  handle: RunHandle;
  injectedAt: string;
  revertedAt: string | null;
  outcome: RunStatus["outcome"];
  reason: string | null;
}

export class ScriptedLab implements Lab {
  readonly kind = "local" as const;
  /** Current value per metric key (series id), reported for every period asked. */
  values: Record<string, number> = {
    requests: 20,
    target5xx: 0,
    elb5xx: 0,
    elb4xx: 0,
    latencyP50: 0.01,
    latencyP95: 0.03,
    latencyP99: 0.05,
    runningTasks: 2,
    pendingTasks: 0,
    desiredTasks: 2,
    cpu: 5,
    memory: 20,
    probe_public: 100,
    probe_db: 100,
    probe_backend: 100,
    healthyHosts: 2,
    unhealthyHosts: 0,
    dbConnections: 4,
  };
  labEvents: LabEvent[] = [];
  /** The alarm-history source's failure, as a lab with several event sources reports it; null: every source answers. */
  alarmHistoryFailure: string | null = null;
  reachable = true;
  readonly calls = new Map<string, number>();
  readonly runs = new Map<string, ScriptedRun>();
  readonly remediations: RemediationAction[] = [];
  /** Every pace the console set, in order. */
  readonly paces: LabPace[] = [];
  private counter = 0;

  private called(method: string): void {
    this.calls.set(method, (this.calls.get(method) ?? 0) + 1);
    if (!this.reachable) throw new LabError("unreachable", "the scripted lab is down");
  }

  callsTo(method: string): number {
    return this.calls.get(method) ?? 0;
  }

  health(): Promise<LabHealth> {
    return Promise.resolve({ reachable: this.reachable, detail: this.reachable ? "ok" : "down" });
  }

  topology(): Promise<Topology> {
    this.called("topology");
    const now = new Date().toISOString();
    return Promise.resolve({
      kind: "local",
      cluster: "lab",
      loadBalancer: { dimension: "app/lab/1", url: "http://127.0.0.1:1", targetGroups: [{ service: "api", dimension: "targetgroup/api/1" }] },
      capturedAt: now,
      services: [{ name: "api", status: "ACTIVE", desiredCount: 2, runningCount: this.values.runningTasks ?? 2, pendingCount: 0, taskDefinition: "api:1", deployments: [] }],
      tasks: [],
      hosts: [],
      targets: [],
      database: { identifier: "lab-db", engine: "postgres", status: "available", writer: "lab-a" },
    });
  }

  preflight(): Promise<Check[]> {
    this.called("preflight");
    return Promise.resolve([{ id: "scripted", label: "Scripted lab ready", status: "pass", detail: "always ready" }]);
  }

  start(spec: RunSpec): Promise<RunHandle> {
    this.called("start");
    const existing = [...this.runs.values()].find((run) => run.handle.runId === spec.runId);
    if (existing) return Promise.resolve(existing.handle);
    if (spec.durationSeconds < 1) throw new LabError("invalid", "a run needs a lease");
    this.counter += 1;
    const startedAt = new Date();
    const handle: RunHandle = {
      runId: spec.runId,
      kind: "local",
      externalId: `fault-${this.counter}`,
      startedAt: startedAt.toISOString(),
      leaseExpiresAt: new Date(startedAt.getTime() + spec.durationSeconds * 1000).toISOString(),
    };
    this.runs.set(handle.externalId, { handle, injectedAt: startedAt.toISOString(), revertedAt: null, outcome: null, reason: null });
    return Promise.resolve(handle);
  }

  private end(run: ScriptedRun, outcome: NonNullable<RunStatus["outcome"]>, reason: string): void {
    if (run.revertedAt) return;
    run.revertedAt = new Date().toISOString();
    run.outcome = outcome;
    run.reason = reason;
  }

  stop(handle: RunHandle, reason: string): Promise<void> {
    this.called("stop");
    const run = this.runs.get(handle.externalId);
    if (!run) throw new LabError("not-found", `no fault ${handle.externalId}`);
    this.end(run, "stopped", reason);
    return Promise.resolve();
  }

  haltAll(reason: string): Promise<string[]> {
    this.called("haltAll");
    const halted: string[] = [];
    for (const run of this.runs.values()) {
      if (run.revertedAt) continue;
      this.end(run, "stopped", reason);
      halted.push(run.handle.externalId);
    }
    return Promise.resolve(halted);
  }

  status(handle: RunHandle): Promise<RunStatus> {
    this.called("status");
    const run = this.runs.get(handle.externalId);
    if (!run) throw new LabError("not-found", `no fault ${handle.externalId}`);
    if (!run.revertedAt && Date.now() >= Date.parse(run.handle.leaseExpiresAt)) this.end(run, "completed", "lease ended");
    return Promise.resolve({
      externalId: handle.externalId,
      phase: run.revertedAt ? "ended" : "active",
      outcome: run.outcome,
      reason: run.reason,
      injectedAt: run.injectedAt,
      revertedAt: run.revertedAt,
      leaseExpiresAt: run.handle.leaseExpiresAt,
      actions: [{ actionId: "inject", action: "scripted", state: run.revertedAt ? "completed" : "running", startedAt: run.injectedAt, endedAt: run.revertedAt }],
    });
  }

  metrics(queries: MetricQuery[], from: Date, to: Date): Promise<Series[]> {
    this.called("metrics");
    return Promise.resolve(
      queries.map((query) => {
        const periodMs = query.periodSeconds * 1000;
        const newest = Math.floor(to.getTime() / periodMs) * periodMs;
        const oldest = Math.max(Math.floor(from.getTime() / periodMs) * periodMs, newest - 5 * periodMs);
        const points = [];
        for (let t = oldest; t <= newest; t += periodMs) points.push({ t, v: this.values[query.id] ?? 0 });
        return { id: query.id, label: query.label ?? query.id, points };
      }),
    );
  }

  alarms(): Promise<AlarmState[]> {
    this.called("alarms");
    const probe = this.values.probe_public ?? 100;
    return Promise.resolve([
      {
        name: "lab-probe-availability",
        description: "Probe availability below 99 %",
        state: probe < 99 ? "ALARM" : "OK",
        reason: `probe at ${probe} %`,
        updatedAt: new Date(0).toISOString(),
        namespace: "GameDay/Probe",
        metricName: "Availability",
        dimensions: { Check: "public" },
        stat: "Average",
        threshold: 99,
        comparison: "LessThanThreshold",
        evaluationPeriods: 1,
        periodSeconds: 1,
      },
    ]);
  }

  events(since: Date): Promise<LabEvent[]> {
    this.called("events");
    return Promise.resolve(this.labEvents.filter((event) => Date.parse(event.at) >= since.getTime()));
  }

  async eventFeed(since: Date): Promise<LabEventFeed> {
    const events = await this.events(since);
    const stale = this.alarmHistoryFailure;
    return {
      events,
      sources: [
        { id: "service-events", label: "Service events", status: "ok", reason: null, lastReadAt: new Date().toISOString() },
        { id: "alarm-history", label: "Alarm history", status: stale ? "stale" : "ok", reason: stale, lastReadAt: null },
      ],
    };
  }

  traces(): Promise<Traces> {
    this.called("traces");
    return Promise.resolve({
      graph: {
        nodes: [
          { id: "client", name: "client", type: "client", requests: 10, errors: 0, averageLatencyMs: 12 },
          { id: "api", name: "api", type: "service", requests: 10, errors: 0, averageLatencyMs: 10 },
        ],
        edges: [{ source: "client", target: "api", requests: 10, errors: 0, averageLatencyMs: 12, p95LatencyMs: 20 }],
      },
      samples: [],
    });
  }

  remediate(action: RemediationAction): Promise<void> {
    this.called("remediate");
    this.remediations.push(action);
    return Promise.resolve();
  }

  setPace(pace: LabPace): Promise<void> {
    this.called("setPace");
    this.paces.push(pace);
    return Promise.resolve();
  }
}
