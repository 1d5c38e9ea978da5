"use client";

import { MetricsGrid } from "@/components/charts/metrics-grid";
import type { LiveGameDay } from "@/lib/client/use-live-game-day";
import { AlarmsPanel } from "./alarms-panel";
import { FleetPanel } from "./fleet-panel";
import { ServiceMapPanel, TracesPanel } from "./service-map";

/** The dashboard's charts; a blind viewer gets no fault windows or names on them. */
export function LiveMetrics({ live, blind }: { live: LiveGameDay; blind: boolean }) {
  const { state } = live;
  return (
    <MetricsGrid
      metrics={state.metrics}
      runs={blind ? [] : state.runs}
      labKind={state.labKind}
      pollPeriodSeconds={state.pollPeriodSeconds}
      waiting={state.connection === "down"}
      windowSeconds={live.windowSeconds}
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
  return (
    <div className="live-late">
      <div className="split-2">
        <AlarmsPanel alarms={state.alarms} changes={state.alarmChanges} waiting={waiting} />
        <TracesPanel traces={state.traces} waiting={waiting} />
      </div>
      <ServiceMapPanel traces={state.traces} waiting={waiting} />
      <FleetPanel fleet={state.fleet} waiting={waiting} />
    </div>
  );
}
