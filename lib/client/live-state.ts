/**
 * The browser's picture of one game day, folded from the live stream (`LiveEvent`s) and from
 * the answers of the browser's own calls (a launch returns its run, an entry returns itself).
 * Pure: `reduceLive(state, action)` returns a new state and never reads the clock, so every
 * rule below is unit-tested without a browser.
 */
import type { RunView } from "@/lib/gameday/schemas";
import type { AlarmState, AlarmStateValue, MetricPoint, Series, ServiceGraph, Topology, TraceSummary } from "@/lib/lab/types";
import type { LiveEvent } from "@/lib/live/events";
import type { GameDayStatus } from "@/lib/gameday/vocabulary";
import type { TimelineEventView } from "@/lib/timeline/schemas";

/** Where the EventSource stands; "down" means the browser gave up and we retry by hand. */
export type ConnectionStatus = "connecting" | "open" | "reconnecting" | "down";

/** The game day's own state, as the `gameday` live event carries it. */
export interface GameDayLiveStatus {
  status: GameDayStatus;
  startedAt: string | null;
  endedAt: string | null;
  haltedAt: string | null;
  haltedReason: string | null;
}

/** One metric series held for the charts; oldest point first. */
export interface SeriesState {
  label: string;
  points: MetricPoint[];
  /** The metrics source failed to read this series on its last answer (what it said), else null. */
  failure?: string | null;
}

/** An alarm that changed state while this page was open (or was already in ALARM when it opened). */
export interface AlarmChange {
  name: string;
  from: AlarmStateValue | null;
  to: AlarmStateValue;
  /** The alarm's own state-change instant (CloudWatch StateUpdatedTimestamp). */
  at: string;
  reason: string;
}

/** Everything the game-day page shows live. */
export interface LiveState {
  connection: ConnectionStatus;
  labKind: "local" | "aws";
  /** How often the server polls metrics upstream: 1 s on the local lab, the metric resolution in AWS. */
  pollPeriodSeconds: number;
  /** The server says this viewer is a blind trainee: no scenario names, no fault windows. */
  blind: boolean;
  /** Server clock minus browser clock, so countdowns agree with the server's lease. */
  serverOffsetMs: number;
  gameDay: GameDayLiveStatus;
  /** In launch order. */
  runs: RunView[];
  lab: { at: string; reachable: boolean; detail: string; staleSources: string[] } | null;
  /** The console's own database, once the server has said it was lost; null while all is well. */
  database: { at: string; reachable: boolean; detail: string } | null;
  metrics: { at: string | null; periodSeconds: number; windowSeconds: number; series: Record<string, SeriesState> };
  alarms: { at: string; alarms: AlarmState[] } | null;
  /** Newest first, at most MAX_ALARM_CHANGES. */
  alarmChanges: AlarmChange[];
  fleet: { at: string; topology: Topology } | null;
  traces: { at: string; graph: ServiceGraph; samples: TraceSummary[] } | null;
  /** In id order (the order of commit), without duplicates. */
  timeline: TimelineEventView[];
  /** Browser clock (ms) of the last message of any kind, heartbeats included. */
  lastMessageAt: number | null;
  /** Messages that did not match the live schema (a server/browser version skew). */
  rejectedMessages: number;
}

export type LiveAction =
  | { type: "event"; event: LiveEvent; receivedAt: number }
  | { type: "connection"; status: ConnectionStatus }
  | { type: "rejected" }
  | { type: "runs"; runs: RunView[] }
  | { type: "timeline"; events: TimelineEventView[] }
  | { type: "gameday"; gameDay: GameDayLiveStatus }
  | { type: "window"; windowSeconds: number };

export const MAX_ALARM_CHANGES = 50;

/** What the server page knows before the stream opens. */
export interface LiveSeed {
  labKind: "local" | "aws";
  blind: boolean;
  windowSeconds: number;
  gameDay: GameDayLiveStatus;
  runs: RunView[];
  timeline: TimelineEventView[];
}

export function initialLiveState(seed: LiveSeed): LiveState {
  return {
    connection: "connecting",
    labKind: seed.labKind,
    pollPeriodSeconds: seed.labKind === "local" ? 1 : 60,
    blind: seed.blind,
    serverOffsetMs: 0,
    gameDay: seed.gameDay,
    runs: upsertRuns([], seed.runs),
    lab: null,
    database: null,
    metrics: { at: null, periodSeconds: seed.labKind === "local" ? 1 : 60, windowSeconds: seed.windowSeconds, series: {} },
    alarms: null,
    alarmChanges: [],
    fleet: null,
    traces: null,
    timeline: appendTimeline([], seed.timeline),
    lastMessageAt: null,
    rejectedMessages: 0,
  };
}

const PHASE_RANK: Record<RunView["status"], number> = { pending: 0, initiating: 1, injecting: 2, active: 3, reverting: 4, ended: 5 };

const INSTANTS = ["startedAt", "injectedAt", "revertedAt", "endedAt", "leaseExpiresAt", "recoveredAt"] as const;

/**
 * A run seen twice (stream, poll, launch answer) may arrive out of order. Phases only move
 * forward on the server, so an older phase is a stale copy and is ignored; within a phase the
 * newer copy wins, but a ground-truth instant once known is never forgotten.
 */
export function mergeRun(held: RunView | undefined, incoming: RunView): RunView {
  if (!held) return incoming;
  if (PHASE_RANK[incoming.status] < PHASE_RANK[held.status]) return held;
  const merged: RunView = { ...incoming };
  for (const key of INSTANTS) merged[key] = incoming[key] ?? held[key];
  return merged;
}

export function upsertRuns(held: readonly RunView[], incoming: readonly RunView[]): RunView[] {
  const byId = new Map(held.map((run) => [run.id, run]));
  for (const run of incoming) byId.set(run.id, mergeRun(byId.get(run.id), run));
  return [...byId.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
}

/** Timeline ids are Postgres bigints as decimal strings: compare as numbers, not as text. */
export function compareTimelineIds(a: string, b: string): number {
  const left = BigInt(a);
  const right = BigInt(b);
  return left < right ? -1 : left > right ? 1 : 0;
}

/**
 * Appends events, dropping ones already held. An entry posted by this browser can arrive
 * both as the POST's answer and on the stream; a reconnect may also replay the backlog.
 */
export function appendTimeline(held: readonly TimelineEventView[], incoming: readonly TimelineEventView[]): TimelineEventView[] {
  if (incoming.length === 0) return held as TimelineEventView[];
  const known = new Set(held.map((event) => event.id));
  const fresh = incoming.filter((event) => {
    if (known.has(event.id)) return false;
    known.add(event.id);
    return true;
  });
  if (fresh.length === 0) return held as TimelineEventView[];
  const last = held.at(-1);
  const inOrder = fresh.every((event, index) => compareTimelineIds(event.id, (index === 0 ? last?.id : fresh[index - 1]?.id) ?? "0") > 0);
  const merged = [...held, ...fresh];
  return inOrder ? merged : merged.sort((a, b) => compareTimelineIds(a.id, b.id));
}

/** Merges new points into a series: a point with a `t` already held replaces it (the newest period fills up). */
export function mergePoints(held: readonly MetricPoint[], incoming: readonly MetricPoint[]): MetricPoint[] {
  if (incoming.length === 0) return held as MetricPoint[];
  const byTime = new Map<number, MetricPoint>();
  const last = held.at(-1);
  const sortedIncoming = [...incoming].sort((a, b) => a.t - b.t);
  // Common case: every new point is at or after the newest held one; touch only the tail.
  if (!last || (sortedIncoming[0]?.t ?? Infinity) >= last.t) {
    const result = held.slice();
    for (const point of sortedIncoming) {
      const tail = result.at(-1);
      if (tail && tail.t === point.t) result[result.length - 1] = point;
      else result.push(point);
    }
    return result;
  }
  for (const point of held) byTime.set(point.t, point);
  for (const point of sortedIncoming) byTime.set(point.t, point);
  return [...byTime.values()].sort((a, b) => a.t - b.t);
}

function newestTime(series: Record<string, SeriesState>): number | null {
  let newest: number | null = null;
  for (const entry of Object.values(series)) {
    const t = entry.points.at(-1)?.t;
    if (t !== undefined && (newest === null || t > newest)) newest = t;
  }
  return newest;
}

/**
 * Drops points older than the window, measured back from the newest point (data time, not
 * the browser's clock, so a skewed laptop clock cannot empty the charts). Series whose
 * points all stay keep their identity, so charts that did not change do not re-render.
 */
export function trimSeries(series: Record<string, SeriesState>, windowSeconds: number): Record<string, SeriesState> {
  const newest = newestTime(series);
  if (newest === null) return series;
  const keepFrom = newest - windowSeconds * 1000;
  let changed = false;
  const next: Record<string, SeriesState> = {};
  for (const [id, entry] of Object.entries(series)) {
    const first = entry.points.findIndex((point) => point.t >= keepFrom);
    if (first === 0) next[id] = entry;
    else {
      changed = true;
      next[id] = { ...entry, points: first === -1 ? [] : entry.points.slice(first) };
    }
  }
  return changed ? next : series;
}

export function mergeSeries(held: Record<string, SeriesState>, incoming: readonly Series[], replace: boolean, windowSeconds: number): Record<string, SeriesState> {
  const next: Record<string, SeriesState> = replace ? {} : { ...held };
  for (const series of incoming) {
    const sorted = [...series.points].sort((a, b) => a.t - b.t);
    const previous = replace ? undefined : next[series.id];
    const failure = series.status === "failed" ? (series.messages?.join("; ") || "the metrics source could not read it") : null;
    next[series.id] = { label: series.label, points: previous ? mergePoints(previous.points, sorted) : sorted, failure };
  }
  return trimSeries(next, windowSeconds);
}

/** State changes between two alarm snapshots; on the first snapshot, the alarms already firing. */
export function alarmChanges(previous: readonly AlarmState[] | null, current: readonly AlarmState[]): AlarmChange[] {
  const before = new Map((previous ?? []).map((alarm) => [alarm.name, alarm.state]));
  const changes: AlarmChange[] = [];
  for (const alarm of current) {
    const from = before.get(alarm.name) ?? null;
    const changed = previous === null ? alarm.state === "ALARM" : from !== alarm.state && !(from === null && alarm.state === "OK");
    if (changed) changes.push({ name: alarm.name, from, to: alarm.state, at: alarm.updatedAt, reason: alarm.reason });
  }
  return changes.sort((a, b) => b.at.localeCompare(a.at));
}

function applyEvent(state: LiveState, event: LiveEvent, receivedAt: number): LiveState {
  const base = { ...state, lastMessageAt: receivedAt };
  switch (event.type) {
    case "hello":
      return {
        ...base,
        labKind: event.labKind,
        pollPeriodSeconds: event.pollPeriodSeconds,
        blind: event.blind,
        serverOffsetMs: Date.parse(event.serverTime) - receivedAt,
      };
    case "gameday": {
      const { id: _id, ...status } = event.gameDay;
      return { ...base, gameDay: status };
    }
    case "run":
      return { ...base, runs: upsertRuns(state.runs, [event.run]) };
    case "lab":
      return { ...base, lab: { at: event.at, reachable: event.reachable, detail: event.detail, staleSources: event.staleSources } };
    case "database":
      return { ...base, database: { at: event.at, reachable: event.reachable, detail: event.detail } };
    case "metrics":
      return {
        ...base,
        metrics: {
          ...state.metrics,
          at: event.at,
          periodSeconds: event.periodSeconds,
          series: mergeSeries(state.metrics.series, event.series, event.replace, state.metrics.windowSeconds),
        },
      };
    case "alarms": {
      const changes = alarmChanges(state.alarms?.alarms ?? null, event.alarms);
      return {
        ...base,
        alarms: { at: event.at, alarms: event.alarms },
        alarmChanges: changes.length ? [...changes, ...state.alarmChanges].slice(0, MAX_ALARM_CHANGES) : state.alarmChanges,
      };
    }
    case "fleet":
      return { ...base, fleet: { at: event.at, topology: event.topology } };
    case "traces":
      return { ...base, traces: { at: event.at, graph: event.graph, samples: event.samples } };
    case "timeline":
      return { ...base, timeline: appendTimeline(state.timeline, [event.event]) };
    case "heartbeat":
      return base;
  }
}

export function reduceLive(state: LiveState, action: LiveAction): LiveState {
  switch (action.type) {
    case "event":
      return applyEvent(state, action.event, action.receivedAt);
    case "connection":
      return state.connection === action.status ? state : { ...state, connection: action.status };
    case "rejected":
      return { ...state, rejectedMessages: state.rejectedMessages + 1 };
    case "runs":
      return { ...state, runs: upsertRuns(state.runs, action.runs) };
    case "timeline":
      return { ...state, timeline: appendTimeline(state.timeline, action.events) };
    case "gameday":
      return { ...state, gameDay: action.gameDay };
    case "window":
      return { ...state, metrics: { ...state.metrics, windowSeconds: action.windowSeconds, series: trimSeries(state.metrics.series, action.windowSeconds) } };
  }
}
