import "server-only";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { superviseRuns } from "@/lib/gameday/supervise-runs";
import { scenarioTitle } from "@/lib/gameday/scenario-title";
import { isLabError } from "@/lib/lab/errors";
import { standardQueries } from "@/lib/lab/metrics";
import type { Lab, LabEvent, LabEventKind, Topology } from "@/lib/lab/types";
import { getScenario } from "@/lib/scenarios";
import { STEADY_STATE } from "@/lib/scenarios/common";
import { evaluateSteadyState, latestValues } from "@/lib/scenarios/steady-state";
import { appendTimelineEvent } from "@/lib/timeline/append-event";
import type { TimelineKind } from "@/lib/timeline/kinds";
import type { Cadence } from "./cadence";
import type { FramePayload } from "./frames";
import { RunRecoveryTracker, SteadyStateTracker } from "./steady-state-tracker";

const LAB_EVENT_KIND: Partial<Record<LabEventKind, TimelineKind & ("alarm" | "task.started" | "task.stopped" | "deployment" | "scaling" | "service-event" | "target-health" | "host")>> = {
  service: "service-event",
  "task-started": "task.started",
  "task-stopped": "task.stopped",
  deployment: "deployment",
  scaling: "scaling",
  alarm: "alarm",
  host: "host",
  "target-health": "target-health",
  // "fault" events duplicate what the run's phases already record.
};

/** Frames older than this (or than the metric window) are pruned; the newest of each type is always kept. */
const MIN_FRAME_RETENTION_MS = 20 * 60_000;
/** Lab events are re-read with this overlap; their ids make the overlap harmless. */
const EVENT_OVERLAP_MS = 30_000;
/** Runs whose recovery is still watched after they end. */
const RECOVERY_HORIZON_MS = 15 * 60_000;
/** Runs older than this are not snapshotted any more (the lab no longer has their data). */
const SNAPSHOT_HORIZON_MS = 6 * 60 * 60_000;

type Due = "metrics" | "fleet" | "alarms" | "events" | "traces";

function describeError(error: unknown): string {
  if (isLabError(error)) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

function fleetFingerprint(topology: Topology): string {
  return JSON.stringify({ ...topology, capturedAt: null });
}

/**
 * The one upstream poller of a game day (elected across console instances). Each tick it
 * keeps runs in step with the lab, reads metrics, fleet, alarms and traces and writes them as
 * frames for every instance's viewers, records lab events and steady-state transitions on the
 * timeline, marks runs recovered, and snapshots the metrics around finished runs.
 */
export class GameDayPoller {
  private timer: NodeJS.Timeout | null = null;
  private stopped = true;
  private readonly lastRun = new Map<Due, number>();
  private topology: Topology | null = null;
  private metricsInitialised = false;
  private lastFleet = "";
  private lastAlarms = "";
  private labReachable: boolean | null = null;
  private eventsSince: Date | null = null;
  private readonly steady: SteadyStateTracker;
  private readonly recoveries = new Map<string, RunRecoveryTracker>();
  private lastHousekeeping = 0;
  private lastPrune = 0;
  /** Upstream calls made, by lab method: the proof that viewers do not add upstream load. */
  readonly upstreamCalls = new Map<string, number>();

  constructor(
    private readonly gameDayId: string,
    private readonly lab: Lab,
    private readonly cadence: Cadence,
    private readonly now: () => number = Date.now,
  ) {
    this.steady = new SteadyStateTracker({ lostAfterMs: cadence.lostAfterMs, stableMs: cadence.stableMs });
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const loop = async () => {
      if (this.stopped) return;
      const began = this.now();
      await this.tick().catch((error: unknown) => {
        console.error(JSON.stringify({ level: "error", msg: "live poller tick failed", gameDayId: this.gameDayId, error: describeError(error) }));
      });
      if (this.stopped) return;
      this.timer = setTimeout(() => void loop(), Math.max(50, this.cadence.tickMs - (this.now() - began)));
    };
    void loop();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private count(method: string): void {
    this.upstreamCalls.set(method, (this.upstreamCalls.get(method) ?? 0) + 1);
  }

  private due(what: Due, everyMs: number, now: number): boolean {
    const last = this.lastRun.get(what);
    if (last !== undefined && now - last < everyMs - 50) return false;
    this.lastRun.set(what, now);
    return true;
  }

  private async writeFrame(payload: FramePayload): Promise<void> {
    await db().liveFrame.create({ data: { gameDayId: this.gameDayId, type: payload.type, payload: payload } });
  }

  async tick(): Promise<void> {
    const now = this.now();
    const gameDay = await db().gameDay.findUnique({ where: { id: this.gameDayId }, select: { status: true, startedAt: true } });
    if (!gameDay) {
      this.stop();
      return;
    }
    const running = gameDay.status === "running";
    try {
      if (running) {
        this.count("status");
        await superviseRuns(this.gameDayId, this.lab, new Date(now));
      }
      if (!this.topology || this.due("fleet", this.cadence.fleetEveryMs, now)) await this.pollFleet();
      if (this.due("metrics", this.cadence.metricsEveryMs, now)) await this.pollMetrics(now, running);
      if (this.due("alarms", this.cadence.alarmsEveryMs, now)) await this.pollAlarms();
      if (running && this.due("events", this.cadence.eventsEveryMs, now)) await this.pollEvents(gameDay.startedAt ?? new Date(now), now);
      if (this.due("traces", this.cadence.tracesEveryMs, now)) await this.pollTraces(now);
      await this.markReachable(true, running, "reachable");
    } catch (error) {
      if (!isLabError(error)) throw error;
      await this.markReachable(false, running, describeError(error));
    }
    if (now - this.lastHousekeeping >= 10_000) {
      this.lastHousekeeping = now;
      await this.persistSnapshots(now).catch((error: unknown) => {
        if (!isLabError(error)) throw error;
      });
    }
    if (now - this.lastPrune >= 60_000) {
      this.lastPrune = now;
      await this.pruneFrames(now);
    }
  }

  private async pollFleet(): Promise<void> {
    this.count("topology");
    const topology = await this.lab.topology();
    this.topology = topology;
    const fingerprint = fleetFingerprint(topology);
    if (fingerprint === this.lastFleet) return;
    this.lastFleet = fingerprint;
    await this.writeFrame({ type: "fleet", topology });
  }

  private async pollMetrics(now: number, running: boolean): Promise<void> {
    if (!this.topology) return;
    const { periodSeconds, resendSeconds, windowSeconds } = this.cadence;
    const from = new Date(now - (this.metricsInitialised ? resendSeconds : windowSeconds) * 1000);
    this.count("metrics");
    const series = await this.lab.metrics(standardQueries(this.topology, periodSeconds), from, new Date(now));
    await this.writeFrame({ type: "metrics", periodSeconds, replace: !this.metricsInitialised, series });
    this.metricsInitialised = true;
    if (running) await this.judgeSteadyState(latestValues(series, now - Math.max(10, periodSeconds * 3) * 1000), now);
  }

  private async pollAlarms(): Promise<void> {
    this.count("alarms");
    const alarms = await this.lab.alarms();
    const fingerprint = JSON.stringify(alarms);
    if (fingerprint === this.lastAlarms) return;
    this.lastAlarms = fingerprint;
    await this.writeFrame({ type: "alarms", alarms });
  }

  private async pollTraces(now: number): Promise<void> {
    this.count("traces");
    const lookbackMs = Math.max(5 * 60_000, this.cadence.tracesEveryMs * 2);
    const traces = await this.lab.traces(new Date(now - lookbackMs), new Date(now));
    await this.writeFrame({ type: "traces", graph: traces.graph, samples: traces.samples });
  }

  private async pollEvents(startedAt: Date, now: number): Promise<void> {
    const since = new Date(Math.max(startedAt.getTime(), this.eventsSince?.getTime() ?? now - 10 * 60_000));
    this.count("events");
    const events = (await this.lab.events(since)).filter((event) => Date.parse(event.at) >= startedAt.getTime() && LAB_EVENT_KIND[event.kind]);
    if (events.length === 0) return;
    const recorded = await db().timelineEvent.findMany({
      where: { gameDayId: this.gameDayId, labEventId: { in: events.map((event) => event.id) } },
      select: { labEventId: true },
    });
    const seen = new Set(recorded.map((row) => row.labEventId));
    const fresh = events.filter((event) => !seen.has(event.id)).sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    for (const event of fresh) await this.recordLabEvent(event);
    const newest = Math.max(...events.map((event) => Date.parse(event.at)));
    this.eventsSince = new Date(newest - EVENT_OVERLAP_MS);
  }

  private async recordLabEvent(event: LabEvent): Promise<void> {
    const kind = LAB_EVENT_KIND[event.kind];
    if (!kind) return;
    try {
      await appendTimelineEvent({
        gameDayId: this.gameDayId,
        kind,
        at: new Date(event.at),
        body: event.message,
        labEventId: event.id,
        data: { ...event.data, labEventId: event.id, labKind: event.kind, service: event.service },
      });
    } catch (error) {
      // Another poller (during a hand-over) recorded it first.
      if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")) throw error;
    }
  }

  private async judgeSteadyState(latest: Map<string, number>, now: number): Promise<void> {
    const transition = this.steady.observe(evaluateSteadyState(STEADY_STATE, latest), now);
    if (transition) {
      const failing = transition.verdict.failing.map((result) => `${result.label} (${result.detail})`).join("; ");
      await appendTimelineEvent({
        gameDayId: this.gameDayId,
        kind: transition.kind === "lost" ? "steady-state.lost" : "steady-state.regained",
        at: new Date(transition.atMs),
        body: transition.kind === "lost" ? `Steady state lost: ${failing}` : "Steady state regained: every check holds",
        data: { checks: transition.verdict.results.map((result) => ({ label: result.label, status: result.status, detail: result.detail })) },
      });
    }
    await this.trackRecoveries(latest, now);
  }

  private async trackRecoveries(latest: Map<string, number>, now: number): Promise<void> {
    const runs = await db().run.findMany({
      where: {
        gameDayId: this.gameDayId,
        injectedAt: { not: null },
        recoveredAt: null,
        OR: [{ endedAt: null }, { endedAt: { gte: new Date(now - RECOVERY_HORIZON_MS) } }],
      },
    });
    for (const run of runs) {
      const definition = getScenario(run.scenarioId);
      const injectedAt = run.injectedAt;
      if (!definition || !injectedAt) continue;
      let tracker = this.recoveries.get(run.id);
      if (!tracker) this.recoveries.set(run.id, (tracker = new RunRecoveryTracker(injectedAt.getTime(), this.cadence.stableMs)));
      const recoveredAtMs = tracker.observe(evaluateSteadyState(definition.recovery.checks, latest), now);
      if (recoveredAtMs === null) continue;
      await db().$transaction(async (tx) => {
        const { count } = await tx.run.updateMany({ where: { id: run.id, recoveredAt: null }, data: { recoveredAt: new Date(recoveredAtMs) } });
        if (count === 0) return;
        const seconds = Math.round((recoveredAtMs - injectedAt.getTime()) / 1000);
        await appendTimelineEvent(
          {
            gameDayId: this.gameDayId,
            runId: run.id,
            kind: "run.recovered",
            at: new Date(recoveredAtMs),
            body: `${scenarioTitle(run.scenarioId)}: recovered ${seconds} s after injection (${definition.recovery.description})`,
            data: { scenarioId: run.scenarioId, secondsAfterInjection: seconds },
          },
          tx,
        );
      });
      this.recoveries.delete(run.id);
    }
  }

  private async markReachable(reachable: boolean, running: boolean, detail: string): Promise<void> {
    if (this.labReachable === reachable) return;
    const previous = this.labReachable;
    this.labReachable = reachable;
    await this.writeFrame({ type: "lab", reachable, detail });
    if (!running || (previous === null && reachable)) return;
    await appendTimelineEvent({
      gameDayId: this.gameDayId,
      kind: reachable ? "lab.reachable" : "lab.unreachable",
      body: reachable ? `The ${this.lab.kind === "aws" ? "AWS" : "local"} lab answers again` : `The ${this.lab.kind === "aws" ? "AWS" : "local"} lab cannot be reached: ${detail}`,
      data: { detail },
    });
  }

  /** Keeps the series around each finished run, so reports do not depend on the lab's retention. */
  private async persistSnapshots(now: number): Promise<void> {
    const { snapshotMarginMs, snapshotPeriodSeconds } = this.cadence;
    const runs = await db().run.findMany({
      where: {
        gameDayId: this.gameDayId,
        startedAt: { not: null },
        endedAt: { lte: new Date(now - snapshotMarginMs), gte: new Date(now - SNAPSHOT_HORIZON_MS) },
        snapshots: { none: {} },
      },
      take: 3,
    });
    if (runs.length === 0) return;
    this.count("topology");
    const topology = this.topology ?? (await this.lab.topology());
    for (const run of runs) {
      const from = new Date((run.injectedAt ?? run.startedAt ?? run.createdAt).getTime() - snapshotMarginMs);
      const to = new Date((run.endedAt ?? new Date(now)).getTime() + snapshotMarginMs);
      this.count("metrics");
      const series = await this.lab.metrics(standardQueries(topology, snapshotPeriodSeconds), from, to);
      await db().metricSnapshot.create({
        data: { runId: run.id, fromAt: from, toAt: to, periodSeconds: snapshotPeriodSeconds, series: series },
      });
    }
  }

  private async pruneFrames(now: number): Promise<void> {
    await db().$executeRaw`
      DELETE FROM "LiveFrame"
      WHERE "gameDayId" = ${this.gameDayId}
        AND "at" < ${new Date(now - Math.max(MIN_FRAME_RETENTION_MS, (this.cadence.windowSeconds + 300) * 1000))}
        AND "id" NOT IN (SELECT max("id") FROM "LiveFrame" WHERE "gameDayId" = ${this.gameDayId} GROUP BY "type")`;
  }
}
