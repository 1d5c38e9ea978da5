/**
 * One game day's upstream state as a console instance knows it, rebuilt from frames. Pure:
 * `applyFrame` folds a frame in and says what viewers should receive.
 */
import type { AlarmState, ServiceGraph, Topology, TraceSummary } from "@/lib/lab/types";
import type { LiveEvent } from "./events";
import type { Frame } from "./frames";
import { mergeMetricWindow, windowToSeries, type MetricWindow } from "./metric-window";

export interface HubState {
  periodSeconds: number;
  windowSeconds: number;
  metrics: MetricWindow;
  metricsAt: string | null;
  alarms: { at: string; alarms: AlarmState[] } | null;
  fleet: { at: string; topology: Topology } | null;
  traces: { at: string; graph: ServiceGraph; samples: TraceSummary[] } | null;
  lab: { at: string; reachable: boolean; detail: string; staleSources: string[] } | null;
  lastFrameId: bigint;
}

export function emptyHubState(periodSeconds: number, windowSeconds: number): HubState {
  return { periodSeconds, windowSeconds, metrics: new Map(), metricsAt: null, alarms: null, fleet: null, traces: null, lab: null, lastFrameId: 0n };
}

/** Folds a frame into the state; returns the event to broadcast (null for an old frame). */
export function applyFrame(state: HubState, frame: Frame, nowMs: number): LiveEvent | null {
  if (frame.id <= state.lastFrameId) return null;
  state.lastFrameId = frame.id;
  const at = frame.at.toISOString();
  const payload = frame.payload;
  switch (payload.type) {
    case "metrics":
      state.periodSeconds = payload.periodSeconds;
      state.metrics = mergeMetricWindow(state.metrics, payload.series, { replace: payload.replace, keepFromMs: nowMs - state.windowSeconds * 1000 });
      state.metricsAt = at;
      return { type: "metrics", at, periodSeconds: payload.periodSeconds, replace: payload.replace, series: payload.series };
    case "alarms":
      state.alarms = { at, alarms: payload.alarms };
      return { type: "alarms", at, alarms: payload.alarms };
    case "fleet":
      state.fleet = { at, topology: payload.topology };
      return { type: "fleet", at, topology: payload.topology };
    case "traces":
      state.traces = { at, graph: payload.graph, samples: payload.samples };
      return { type: "traces", at, graph: payload.graph, samples: payload.samples };
    case "lab":
      state.lab = { at, reachable: payload.reachable, detail: payload.detail, staleSources: payload.staleSources };
      return { type: "lab", ...state.lab };
  }
}

/** The state a viewer receives on (re)connect, metrics cut to the viewer's window. */
export function stateEvents(state: HubState, windowSeconds: number, nowMs: number): LiveEvent[] {
  const events: LiveEvent[] = [];
  if (state.lab) events.push({ type: "lab", ...state.lab });
  if (state.metricsAt) {
    events.push({
      type: "metrics",
      at: state.metricsAt,
      periodSeconds: state.periodSeconds,
      replace: true,
      series: windowToSeries(state.metrics, nowMs - Math.min(windowSeconds, state.windowSeconds) * 1000),
    });
  }
  if (state.alarms) events.push({ type: "alarms", ...state.alarms });
  if (state.fleet) events.push({ type: "fleet", ...state.fleet });
  if (state.traces) events.push({ type: "traces", ...state.traces });
  return events;
}
