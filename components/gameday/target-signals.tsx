"use client";

import { useDeferredValue } from "react";
import { MetricsGrid } from "@/components/charts/metrics-grid";
import type { LiveGameDay } from "@/lib/client/use-live-game-day";
import { AlarmsPanel } from "./alarms-panel";
import { FleetPanel } from "./fleet-panel";
import { ServiceMapPanel, TracesPanel } from "./service-map";

/** A blind viewer's charts get no runs; one constant, so the memoized grid sees the same value every frame. */
const NO_RUNS: LiveGameDay["state"]["runs"] = [];

/** The dashboard's charts; a blind viewer gets no fault windows or names on them. */
export function LiveMetrics({ live, blind }: { live: LiveGameDay; blind: boolean }) {
  const { state } = live;
  // Each second's frame redraws the charts in an interruptible render, so a click or a
  // keystroke never waits behind it.
  const metrics = useDeferredValue(state.metrics);
  // A new chart window redraws every chart over the new range: deferred too, while the
  // clicked button shows pressed in the click's own paint.
  const windowSeconds = useDeferredValue(live.windowSeconds);
  return (
    <MetricsGrid
      metrics={metrics}
      runs={blind ? NO_RUNS : state.runs}
      labKind={state.labKind}
      pollPeriodSeconds={state.pollPeriodSeconds}
      waiting={state.connection === "down"}
      windowSeconds={windowSeconds}
      pickedWindowSeconds={live.windowSeconds}
      onWindowChange={live.setWindowSeconds}
      shadeFaults={!blind}
      nameFaults={!blind}
    />
  );
}

/** The target's own signals beside the charts: alarms, traces, the service map and the fleet. */
export function TargetPanels({ live }: { live: LiveGameDay }) {
  const { state } = live;
  const waiting = state.connection === "down";
  // Like the charts: the panels follow each frame without holding up input.
  const alarms = useDeferredValue(state.alarms);
  const alarmChanges = useDeferredValue(state.alarmChanges);
  const traces = useDeferredValue(state.traces);
  const fleet = useDeferredValue(state.fleet);
  return (
    <div className="live-late">
      <div className="split-2">
        <AlarmsPanel alarms={alarms} changes={alarmChanges} waiting={waiting} />
        <TracesPanel traces={traces} waiting={waiting} />
      </div>
      <ServiceMapPanel traces={traces} waiting={waiting} />
      <FleetPanel fleet={fleet} waiting={waiting} />
    </div>
  );
}
