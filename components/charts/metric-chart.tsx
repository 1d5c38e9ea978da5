"use client";

import { memo, useMemo } from "react";
import { CartesianGrid, Line, LineChart, ReferenceArea, Tooltip, XAxis, YAxis } from "recharts";
import { formatAge, formatUtcTime, formatValue } from "@/lib/client/format";
import type { SeriesState } from "@/lib/client/live-state";
import type { FaultWindow } from "@/lib/client/runs";
import { useNow } from "@/lib/client/use-now";
import { buildRows, latestValue, newestPointAt } from "./chart-rows";
import type { ChartSpec } from "./dashboard";

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

const tickTime = (value: number) => formatUtcTime(value).slice(0, 8);

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
  return (
    <LineChart responsive data={rows} margin={{ top: 6, right: 8, bottom: 0, left: 0 }} style={{ width: "100%", height: "100%" }} accessibilityLayer={false}>
      <CartesianGrid stroke="#243041" strokeDasharray="2 4" vertical={false} />
      <XAxis
        dataKey="t"
        type="number"
        domain={[fromMs, toMs]}
        allowDataOverflow
        tickFormatter={tickTime}
        stroke="#8b98a8"
        tick={{ fontSize: 10 }}
        minTickGap={40}
        tickLine={false}
      />
      <YAxis
        width={44}
        stroke="#8b98a8"
        tick={{ fontSize: 10 }}
        tickLine={false}
        domain={spec.yDomain ?? [0, "auto"]}
        allowDecimals={spec.unit !== "count"}
        tickFormatter={(value: number) => formatValue(value, spec.unit)}
      />
      {faultWindows.map((window) => (
        <ReferenceArea
          key={window.runId}
          x1={Math.max(window.fromMs, fromMs)}
          x2={Math.min(Math.max(window.toMs, window.fromMs + 1000), toMs)}
          fill="#f85149"
          fillOpacity={window.open ? 0.16 : 0.1}
          stroke="#f85149"
          strokeOpacity={0.35}
          ifOverflow="hidden"
          label={window.label ? { value: window.label, position: "insideTopLeft", fill: "#ffb4ae", fontSize: 10 } : undefined}
        />
      ))}
      <Tooltip
        isAnimationActive={false}
        contentStyle={{ background: "#121821", border: "1px solid #243041", fontSize: 12 }}
        labelFormatter={(value) => `${formatUtcTime(Number(value))} UTC`}
        formatter={(value) => (typeof value === "number" ? formatValue(value, spec.unit) : "—")}
      />
      {spec.lines.map((line) => (
        <Line
          key={line.key}
          dataKey={line.key}
          name={line.label}
          type={line.step ? "stepAfter" : "linear"}
          stroke={line.color}
          strokeWidth={1.6}
          strokeDasharray={line.dashed ? "4 3" : undefined}
          dot={false}
          isAnimationActive={false}
          connectNulls={false}
        />
      ))}
    </LineChart>
  );
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
