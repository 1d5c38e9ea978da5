"use client";

import { memo, useMemo } from "react";
import { formatUtcTime } from "@/lib/client/format";
import type { LiveState, SeriesState } from "@/lib/client/live-state";
import { faultWindows } from "@/lib/client/runs";
import { newestPointAt, staleAfterMs } from "./chart-rows";
import { DASHBOARD } from "./dashboard";
import { MetricChart } from "./metric-chart";

/**
 * Chart windows to pick from; the stream accepts 60..3600 s. The local lab's hub keeps 15
 * minutes of 1-second points; CloudWatch's 1-minute points make longer windows useful.
 */
export function windowChoices(labKind: "local" | "aws"): { seconds: number; label: string }[] {
  return labKind === "local"
    ? [
        { seconds: 60, label: "1 min" },
        { seconds: 300, label: "5 min" },
        { seconds: 900, label: "15 min" },
      ]
    : [
        { seconds: 900, label: "15 min" },
        { seconds: 1800, label: "30 min" },
        { seconds: 3600, label: "1 h" },
      ];
}

/** A fault window is named on the chart only when it is wide enough for the label to be read. */
const LABEL_MIN_SHARE = 0.18;

/** Props of the dashboard grid. */
export interface MetricsGridProps {
  metrics: LiveState["metrics"];
  runs: LiveState["runs"];
  labKind: LiveState["labKind"];
  pollPeriodSeconds: number;
  /** The stream is down: say so instead of "loading". */
  waiting: boolean;
  /** The window the charts are drawn over. */
  windowSeconds: number;
  /**
   * The window button shown pressed: the one just clicked, ahead of `windowSeconds` when the
   * redraw over the new window is deferred so the click paints at once.
   */
  pickedWindowSeconds?: number;
  onWindowChange: (seconds: number) => void;
  /** Blind trainees see no fault windows at all: when a fault started is what they must find. */
  shadeFaults: boolean;
  /** Name the fault windows (never for a blind viewer). */
  nameFaults: boolean;
}

function oldestPointAt(series: Readonly<Record<string, SeriesState>>): number | null {
  let oldest: number | null = null;
  for (const entry of Object.values(series)) {
    const t = entry.points[0]?.t;
    if (t !== undefined && (oldest === null || t < oldest)) oldest = t;
  }
  return oldest;
}

function MetricsGridView({ metrics, runs, labKind, pollPeriodSeconds, waiting, windowSeconds, pickedWindowSeconds = windowSeconds, onWindowChange, shadeFaults, nameFaults }: MetricsGridProps) {
  const { series, periodSeconds, at } = metrics;
  const allKeys = useMemo(() => Object.keys(series), [series]);
  const newest = newestPointAt(series, allKeys);
  // The x range follows the data, not the wall clock, so charts move only when data arrives;
  // until a full window is held it starts at the oldest point instead of leaving a blank.
  const toMs = newest ?? 0;
  const fromMs = Math.max(toMs - windowSeconds * 1000, oldestPointAt(series) ?? -Infinity);
  const windows = useMemo(
    () =>
      shadeFaults
        ? faultWindows(runs, toMs, { named: nameFaults }).map((window) => ({
            ...window,
            label: (Math.min(window.toMs, toMs) - Math.max(window.fromMs, fromMs)) / Math.max(1, toMs - fromMs) >= LABEL_MIN_SHARE ? window.label : "",
          }))
        : [],
    [shadeFaults, nameFaults, runs, toMs, fromMs],
  );
  const visibleFaults = shadeFaults && newest !== null ? faultWindows(runs, toMs, { named: nameFaults }).filter((window) => window.toMs >= fromMs) : [];
  const stale = staleAfterMs(pollPeriodSeconds, periodSeconds);
  // About one redraw per pixel of a ~300 px wide chart, never more than once a second.
  const redrawEveryMs = Math.max(1000, Math.round((windowSeconds * 1000) / 300));
  const loading = at === null;

  return (
    <section className="panel" aria-labelledby="metrics-title">
      <div className="panel-head">
        <h2 id="metrics-title">Metrics</h2>
        <span className="muted small">
          {labKind === "local" ? "local lab" : "CloudWatch"} · {periodSeconds} s points · polled every {pollPeriodSeconds} s
          {shadeFaults ? (
            <>
              {" · "}
              <span className="fault-key" aria-hidden="true" /> fault in effect
            </>
          ) : null}
        </span>
        <div className="segmented" role="group" aria-label="Chart window">
          {windowChoices(labKind).map((choice) => (
            <button key={choice.seconds} type="button" className="button small" aria-pressed={pickedWindowSeconds === choice.seconds} onClick={() => onWindowChange(choice.seconds)}>
              {choice.label}
            </button>
          ))}
        </div>
      </div>
      {nameFaults && visibleFaults.length ? (
        <ul className="fault-legend" aria-label="Faults in this window">
          {visibleFaults.map((window) => (
            <li key={window.runId}>
              <span className="fault-key" aria-hidden="true" /> {window.label} <span className="mono">{formatUtcTime(window.fromMs).slice(0, 8)}</span> → <span className="mono">{window.open ? "now" : formatUtcTime(window.toMs).slice(0, 8)}</span>
            </li>
          ))}
        </ul>
      ) : null}
      {loading ? (
        <div className="chart-grid" aria-busy="true">
          {DASHBOARD.map((spec) => (
            <div key={spec.id} className="chart-card skeleton">
              <span className="chart-title">{spec.title}</span>
              <div className="chart-body chart-empty">{waiting ? "Waiting for the live stream…" : "Loading…"}</div>
            </div>
          ))}
        </div>
      ) : (
        <div className="chart-grid">
          {DASHBOARD.map((spec) => (
            <MetricChart
              key={spec.id}
              spec={spec}
              series={series}
              fromMs={fromMs}
              toMs={toMs}
              faultWindows={windows}
              periodSeconds={periodSeconds}
              staleAfterMs={stale}
              redrawEveryMs={redrawEveryMs}
            />
          ))}
        </div>
      )}
    </section>
  );
}

/** Re-renders when metrics or runs change, not on fleet, alarm or timeline messages. */
export const MetricsGrid = memo(MetricsGridView);
