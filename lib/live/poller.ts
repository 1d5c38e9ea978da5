import "server-only";
import { db } from "@/lib/db/client";
import { SteadyStateJudge } from "@/lib/gameday/judge-steady-state";
import { snapshotRunMetrics } from "@/lib/gameday/snapshot-run-metrics";
import { superviseRuns } from "@/lib/gameday/supervise-runs";
import { isLabError } from "@/lib/lab/errors";
import { standardQueries } from "@/lib/lab/metrics";
import type { Lab, Topology } from "@/lib/lab/types";
import { latestValues } from "@/lib/scenarios/steady-state";
import { recordLabEvents, recordLabReachability } from "@/lib/timeline/record-lab-events";
import type { Cadence } from "./cadence";
import type { FramePayload } from "./frames";

/** Frames older than this (or than the metric window) are pruned; the newest of each type is always kept. */
const MIN_FRAME_RETENTION_MS = 20 * 60_000;
/** Lab events are re-read with this overlap; their ids make the overlap harmless. */
const EVENT_OVERLAP_MS = 30_000;

type Due = "metrics" | "fleet" | "alarms" | "events" | "traces";

function describeError(error: unknown): string {
  if (isLabError(error)) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

function fleetFingerprint(topology: Topology): string {
  return JSON.stringify({ ...topology, capturedAt: null });
}

/**
 * The one upstream poller of a game day (elected across console instances, and kept alive by
 * the supervisor whether or not anyone watches). Each tick it reads metrics, fleet, alarms
 * and traces and writes them as frames for every instance's viewers. What the readings mean
 * for the record (run phases, lab events, steady state, recoveries, snapshots) is decided by
 * the domain's use cases, which the poller only schedules and feeds.
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
  /** Event sources the lab could not read on the last events poll, each "label: why". */
  private staleSources: string[] = [];
  private eventsSince: Date | null = null;
  private readonly judge: SteadyStateJudge;
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
    this.judge = new SteadyStateJudge(gameDayId, { lostAfterMs: cadence.lostAfterMs, stableMs: cadence.stableMs });
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
    if (running) await this.judge.observe(latestValues(series, now - Math.max(10, periodSeconds * 3) * 1000), now);
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
    // A lab with several event sources says which could not be read; the rest still count.
    const { events, sources } = this.lab.eventFeed ? await this.lab.eventFeed(since) : { events: await this.lab.events(since), sources: [] };
    const stale = sources.filter((source) => source.status === "stale").map((source) => `${source.label}: ${source.reason ?? "unreadable"}`);
    if (stale.join("\n") !== this.staleSources.join("\n")) {
      this.staleSources = stale;
      await this.writeFrame({ type: "lab", reachable: true, detail: "reachable", staleSources: stale });
    }
    await recordLabEvents(this.gameDayId, startedAt, events);
    if (events.length === 0) return;
    const newest = Math.max(...events.map((event) => Date.parse(event.at)));
    this.eventsSince = new Date(newest - EVENT_OVERLAP_MS);
  }

  private async markReachable(reachable: boolean, running: boolean, detail: string): Promise<void> {
    if (this.labReachable === reachable) return;
    const previous = this.labReachable;
    this.labReachable = reachable;
    await this.writeFrame({ type: "lab", reachable, detail, staleSources: reachable ? this.staleSources : [] });
    if (!running || (previous === null && reachable)) return;
    await recordLabReachability(this.gameDayId, this.lab.kind, reachable, detail);
  }

  private async persistSnapshots(now: number): Promise<void> {
    // The fleet poll runs first on every tick, so the topology is known unless the lab is down.
    if (!this.topology) return;
    const taken = await snapshotRunMetrics(this.gameDayId, this.lab, this.topology, { marginMs: this.cadence.snapshotMarginMs, periodSeconds: this.cadence.periodSeconds }, now);
    for (let index = 0; index < taken.length; index += 1) this.count("metrics");
  }

  private async pruneFrames(now: number): Promise<void> {
    await db().$executeRaw`
      DELETE FROM "LiveFrame"
      WHERE "gameDayId" = ${this.gameDayId}
        AND "at" < ${new Date(now - Math.max(MIN_FRAME_RETENTION_MS, (this.cadence.windowSeconds + 300) * 1000))}
        AND "id" NOT IN (SELECT max("id") FROM "LiveFrame" WHERE "gameDayId" = ${this.gameDayId} GROUP BY "type")`;
  }
}
