"use client";

import { memo, useMemo } from "react";
import { formatAge, formatUtcTime, formatValue } from "@/lib/client/format";
import type { SeriesState } from "@/lib/client/live-state";
import type { FaultWindow } from "@/lib/client/runs";
import { useNow } from "@/lib/client/use-now";
import { buildRows, latestValue, newestPointAt } from "./chart-rows";
import type { ChartSpec } from "./dashboard";
import { LinePlot } from "./line-plot";

/** Props of one dashboard chart. */
export interface MetricChartProps {
  spec: ChartSpec;
  series: Readonly<Record<string, SeriesState>>;
  /** The x range: the window ending at the newest point of the whole dashboard. */
  fromMs: number;
  toMs: number;
  faultWindows: readonly FaultWindow[];
  periodSeconds: number;
  staleAfterMs: number;
  /** Point budget per line; longer windows are thinned keeping the worst values. */
  maxPoints?: number;
  /**
   * Redraw the plot at most this often. On a 15-minute window one pixel is about 3 s, so
   * redrawing every second moves nothing visible and costs the big screen's CPU; the legend's
   * latest values still update with every point.
   */
  redrawEveryMs?: number;
}

/** The age of the chart's newest point, re-rendered on its own so the chart does not redraw every tick. */
function PointAge({ newest, staleAfterMs }: { newest: number | null; staleAfterMs: number }) {
  const now = useNow();
  if (newest === null) return <span className="chart-age muted">no data</span>;
  if (now === 0) return <span className="chart-age muted">…</span>;
  const age = Math.max(0, now - newest);
  const stale = age > staleAfterMs;
  return (
    <span className={`chart-age${stale ? " stale" : ""}`} title={`Newest point at ${formatUtcTime(newest)} UTC`} data-testid="chart-age">
      {stale ? "stale · " : ""}
      {formatAge(age)}
    </span>
  );
}

function MetricChartView({ spec, series, fromMs, toMs, faultWindows, periodSeconds, staleAfterMs, maxPoints = 400, redrawEveryMs = 1000 }: MetricChartProps) {
  const newest = newestPointAt(
    series,
    spec.lines.map((line) => line.key),
  );
  const latest = spec.lines.map((line) => ({ line, value: latestValue(series, line) }));
  const summary = latest.map(({ line, value }) => `${line.label} ${value === null ? "no data" : formatValue(value, spec.unit)}`).join(", ");
  const titleId = `chart-${spec.id}-title`;
  const hasData = newest !== null;
  // A series the metrics source failed to read is a failure to show, not an empty chart.
  const failure = spec.lines.map((line) => series[line.key]?.failure).find(Boolean) ?? null;

  return (
    <figure className="chart-card" aria-labelledby={titleId} data-testid={`chart-${spec.id}`}>
      <figcaption className="chart-head">
        <span id={titleId} className="chart-title">
          {spec.title}
          {spec.perPeriod ? <span className="muted"> / {periodSeconds === 60 ? "min" : `${periodSeconds} s`}</span> : null}
        </span>
        <PointAge newest={newest} staleAfterMs={staleAfterMs} />
      </figcaption>
      <div className="chart-legend">
        {latest.map(({ line, value }) => (
          <span key={line.key} className="legend-item" data-testid={`latest-${line.key}`} data-value={value ?? ""}>
            <span className="legend-swatch" style={{ background: line.color }} aria-hidden="true" />
            {line.label} <strong className="mono">{value === null ? "—" : formatValue(value, spec.unit)}</strong>
          </span>
        ))}
      </div>
      {failure ? (
        <div className="banner warn small" role="status" data-testid={`chart-failure-${spec.id}`}>
          Could not read{hasData ? " the newest points" : ""}: {failure}
        </div>
      ) : null}
      {hasData ? (
        <div className="chart-body" role="img" aria-label={`${spec.title}: ${summary}`}>
          <ChartPlot spec={spec} series={series} fromMs={fromMs} toMs={toMs} faultWindows={faultWindows} maxPoints={maxPoints} frame={Math.floor(toMs / redrawEveryMs)} />
        </div>
      ) : (
        <div className="chart-body chart-empty">{failure ? "No points: the metrics source failed (above)." : "No data yet for this window."}</div>
      )}
    </figure>
  );
}

/** Props of the plot itself. */
interface ChartPlotProps {
  spec: ChartSpec;
  series: Readonly<Record<string, SeriesState>>;
  fromMs: number;
  toMs: number;
  faultWindows: readonly FaultWindow[];
  maxPoints: number;
  /** Changes when the plot is due for a redraw. */
  frame: number;
}

function ChartPlotView({ spec, series, fromMs, toMs, faultWindows, maxPoints }: ChartPlotProps) {
  const rows = useMemo(() => buildRows(series, spec.lines, maxPoints), [series, spec.lines, maxPoints]);
  return <LinePlot spec={spec} rows={rows} fromMs={fromMs} toMs={toMs} faultWindows={faultWindows} />;
}

function windowsKey(windows: readonly FaultWindow[]): string {
  return windows.map((window) => `${window.runId}:${window.fromMs}:${window.open ? "open" : window.toMs}:${window.label}`).join("|");
}

/** Redraw on a new frame, or at once when a fault window starts, ends or is renamed. */
const ChartPlot = memo(ChartPlotView, (previous, next) => previous.frame === next.frame && previous.spec === next.spec && previous.maxPoints === next.maxPoints && windowsKey(previous.faultWindows) === windowsKey(next.faultWindows));

/** Redraw only when one of this chart's own series, the range or the fault windows changed. */
function sameChart(previous: MetricChartProps, next: MetricChartProps): boolean {
  return (
    previous.spec === next.spec &&
    previous.fromMs === next.fromMs &&
    previous.toMs === next.toMs &&
    previous.faultWindows === next.faultWindows &&
    previous.periodSeconds === next.periodSeconds &&
    previous.staleAfterMs === next.staleAfterMs &&
    previous.maxPoints === next.maxPoints &&
    previous.redrawEveryMs === next.redrawEveryMs &&
    previous.spec.lines.every((line) => previous.series[line.key] === next.series[line.key])
  );
}

export const MetricChart = memo(MetricChartView, sameChart);
