"use client";

import { useMemo, useState, type PointerEvent } from "react";
import { formatUtcTime, formatValue } from "@/lib/client/format";
import type { FaultWindow } from "@/lib/client/runs";
import type { ChartRow } from "./chart-rows";
import { linePath, timeTicks, valueDomain, valueTicks } from "./chart-scale";
import type { ChartSpec } from "./dashboard";

/** Props of one plot: rows already thinned to the point budget. */
export interface LinePlotProps {
  spec: ChartSpec;
  rows: readonly ChartRow[];
  fromMs: number;
  toMs: number;
  faultWindows: readonly FaultWindow[];
}

/** The plot's own coordinate space; the SVG stretches it to the box, lines keep their width. */
const WIDTH = 1000;
const HEIGHT = 100;
const tickTime = (value: number) => formatUtcTime(value).slice(0, 8);

/** Index of the row nearest to instant `t` (rows sorted by time). */
function nearestRow(rows: readonly ChartRow[], t: number): number {
  let low = 0;
  let high = rows.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((rows[middle]?.t ?? 0) < t) low = middle + 1;
    else high = middle;
  }
  const before = rows[low - 1];
  return before && Math.abs(before.t - t) < Math.abs((rows[low]?.t ?? 0) - t) ? low - 1 : low;
}

/**
 * A line chart drawn as plain SVG: grid, fault windows shaded, one path per line, the axes'
 * labels as HTML around it so text keeps its size while the plot stretches to its box. Hovering
 * reads out the values at the nearest instant.
 */
export function LinePlot({ spec, rows, fromMs, toMs, faultWindows }: LinePlotProps) {
  const [hover, setHover] = useState<number | null>(null);
  const keys = useMemo(() => spec.lines.map((line) => line.key), [spec.lines]);
  const allowDecimals = spec.unit !== "count";
  const domain = useMemo(() => valueDomain(rows, keys, spec.yDomain, allowDecimals), [rows, keys, spec.yDomain, allowDecimals]);
  const span = Math.max(1, toMs - fromMs);
  const x = (t: number) => ((t - fromMs) / span) * WIDTH;
  const y = (value: number) => HEIGHT - ((Math.min(Math.max(value, domain[0]), domain[1]) - domain[0]) / Math.max(1e-9, domain[1] - domain[0])) * HEIGHT;
  const paths = spec.lines.map((line) => ({ line, d: linePath(rows, line.key, x, y, line.step ?? false) }));
  const yTicks = valueTicks(domain, 3, allowDecimals);
  const xTicks = timeTicks(fromMs, toMs, 4);
  const share = (t: number) => `${(((t - fromMs) / span) * 100).toFixed(2)}%`;
  const hovered = hover === null ? undefined : rows[hover];

  function onPointerMove(event: PointerEvent<HTMLDivElement>) {
    if (rows.length === 0) return;
    const box = event.currentTarget.getBoundingClientRect();
    const t = fromMs + ((event.clientX - box.left) / Math.max(1, box.width)) * span;
    setHover(nearestRow(rows, t));
  }

  return (
    <div className="plot">
      <div className="plot-y" aria-hidden="true">
        {yTicks.map((tick) => (
          <span key={tick} style={{ top: `${(y(tick) / HEIGHT) * 100}%` }}>
            {formatValue(tick, spec.unit)}
          </span>
        ))}
      </div>
      <div className="plot-area" onPointerMove={onPointerMove} onPointerLeave={() => setHover(null)}>
        <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} preserveAspectRatio="none" aria-hidden="true" focusable="false">
          {yTicks.map((tick) => (
            <line key={tick} className="plot-grid" x1={0} x2={WIDTH} y1={y(tick)} y2={y(tick)} vectorEffect="non-scaling-stroke" />
          ))}
          {faultWindows.map((window) => {
            const left = x(Math.max(window.fromMs, fromMs));
            const right = x(Math.min(Math.max(window.toMs, window.fromMs + 1000), toMs));
            return right > left ? <rect key={window.runId} className={`plot-fault${window.open ? " open" : ""}`} x={left} width={right - left} y={0} height={HEIGHT} vectorEffect="non-scaling-stroke" /> : null;
          })}
          {paths.map(({ line, d }) => (
            <path key={line.key} d={d} fill="none" stroke={line.color} strokeWidth={1.6} strokeDasharray={line.dashed ? "4 3" : undefined} vectorEffect="non-scaling-stroke" />
          ))}
          {hovered ? <line className="plot-cursor" x1={x(hovered.t)} x2={x(hovered.t)} y1={0} y2={HEIGHT} vectorEffect="non-scaling-stroke" /> : null}
        </svg>
        {faultWindows.map((window) =>
          window.label && window.toMs > fromMs ? (
            <span key={window.runId} className="plot-fault-label" aria-hidden="true" style={{ left: share(Math.max(window.fromMs, fromMs)) }}>
              {window.label}
            </span>
          ) : null,
        )}
        {hovered ? (
          <div className="plot-readout" style={x(hovered.t) > WIDTH / 2 ? { right: `calc(100% - ${share(hovered.t)} + 6px)` } : { left: `calc(${share(hovered.t)} + 6px)` }}>
            <div className="mono">{formatUtcTime(hovered.t)} UTC</div>
            {spec.lines.map((line) => {
              const value = hovered[line.key];
              return (
                <div key={line.key}>
                  <span className="legend-swatch" style={{ background: line.color }} /> {line.label} <strong className="mono">{typeof value === "number" ? formatValue(value, spec.unit) : "—"}</strong>
                </div>
              );
            })}
          </div>
        ) : null}
      </div>
      <div className="plot-x" aria-hidden="true">
        {xTicks.map((tick) => (
          <span key={tick} style={{ left: share(tick) }}>
            {tickTime(tick)}
          </span>
        ))}
      </div>
    </div>
  );
}
