"use client";

import { memo, useMemo, useState } from "react";
import { formatErrorRate, formatUtcTime } from "@/lib/client/format";
import type { LiveState } from "@/lib/client/live-state";
import type { TraceSummary } from "@/lib/lab/types";
import { errorTone, layoutServiceMap, NODE_HEIGHT, NODE_WIDTH } from "./service-map-layout";

const TONE_COLOR = { ok: "#3fb950", warn: "#d29922", bad: "#f85149" } as const;

function ms(value: number | null): string {
  return value === null ? "—" : `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`;
}

/** Props of the trace panels. */
export interface TracesPanelProps {
  traces: LiveState["traces"];
  /** The stream is down: say so instead of "loading". */
  waiting: boolean;
}

/** The service map folded from the window's traces: who calls whom, how fast, how often it fails. */
function ServiceMapPanelView({ traces, waiting }: TracesPanelProps) {
  const layout = useMemo(() => (traces ? layoutServiceMap(traces.graph) : null), [traces]);
  return (
    <section className="panel" aria-labelledby="map-title" data-testid="service-map-panel">
      <div className="panel-head">
        <h2 id="map-title">Service map</h2>
        {traces ? <span className="muted small">from traces · as of {formatUtcTime(traces.at)} UTC · edge: average latency · error rate</span> : null}
      </div>
      {!traces || !layout ? (
        <p className="loading">{waiting ? "Waiting for the live stream…" : "Loading traces…"}</p>
      ) : layout.nodes.length === 0 ? (
        <p className="empty">No traces in this window yet.</p>
      ) : (
        <div className="service-map">
          <svg viewBox={`0 0 ${layout.width} ${layout.height}`} role="img" aria-label={`Service map: ${layout.edges.map((edge) => `${edge.source} to ${edge.target}, ${ms(edge.averageLatencyMs)}, ${formatErrorRate(edge.errors, edge.requests)} errors`).join("; ")}`} style={{ maxHeight: 300 }}>
            <defs>
              {Object.entries(TONE_COLOR).map(([tone, color]) => (
                <marker key={tone} id={`arrow-${tone}`} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                  <path d="M 0 0 L 10 5 L 0 10 z" fill={color} />
                </marker>
              ))}
            </defs>
            {layout.edges.map((edge) => {
              const tone = errorTone(edge.errorRate);
              const middle = (edge.x1 + edge.x2) / 2;
              return (
                <g key={`${edge.source}-${edge.target}`}>
                  <title>{`${edge.source} → ${edge.target}: ${edge.requests} requests, ${edge.errors} errors, avg ${ms(edge.averageLatencyMs)}, p95 ${ms(edge.p95LatencyMs)}`}</title>
                  <path d={`M ${edge.x1} ${edge.y1} C ${middle} ${edge.y1}, ${middle} ${edge.y2}, ${edge.x2} ${edge.y2}`} fill="none" stroke={TONE_COLOR[tone]} strokeWidth={tone === "ok" ? 1.5 : 2.5} markerEnd={`url(#arrow-${tone})`} opacity={0.85} />
                  <text className="edge-label" x={middle} y={(edge.y1 + edge.y2) / 2 - 6} textAnchor="middle">
                    {ms(edge.averageLatencyMs)} · {formatErrorRate(edge.errors, edge.requests)}
                  </text>
                </g>
              );
            })}
            {layout.nodes.map((node) => {
              const tone = errorTone(node.errorRate);
              return (
                <g key={node.id} transform={`translate(${node.x} ${node.y})`}>
                  <title>{`${node.name} (${node.type}): ${node.requests} requests, ${node.errors} errors, avg ${ms(node.averageLatencyMs)}`}</title>
                  <rect width={NODE_WIDTH} height={NODE_HEIGHT} rx={6} fill="#18202b" stroke={TONE_COLOR[tone]} strokeWidth={tone === "ok" ? 1 : 2} />
                  <text x={10} y={18} fontSize={12.5} fontWeight={600}>
                    {node.name.length > 20 ? `${node.name.slice(0, 19)}…` : node.name}
                  </text>
                  <text x={10} y={35} fontSize={10.5} fill="#8b98a8" style={{ fill: "#8b98a8" }}>
                    {node.type} · {Math.round(node.requests)} req · {formatErrorRate(node.errors, node.requests)}
                  </text>
                </g>
              );
            })}
          </svg>
        </div>
      )}
    </section>
  );
}

/** The window's exemplar traces, newest first. */
function TracesPanelView({ traces, waiting }: TracesPanelProps) {
  const [onlyErrors, setOnlyErrors] = useState(false);
  const samples = useMemo(() => {
    const list: TraceSummary[] = traces ? [...traces.samples].sort((a, b) => b.at.localeCompare(a.at)) : [];
    return onlyErrors ? list.filter((sample) => sample.hasError || sample.hasFault) : list;
  }, [traces, onlyErrors]);
  return (
    <section className="panel" aria-labelledby="traces-title" data-testid="traces-panel">
      <div className="panel-head">
        <h2 id="traces-title">Exemplar traces</h2>
        <label className="row small muted panel-tools" style={{ gap: 4 }}>
          <input type="checkbox" checked={onlyErrors} onChange={(event) => setOnlyErrors(event.target.checked)} /> errors and faults only
        </label>
      </div>
      {!traces ? (
        <p className="loading">{waiting ? "Waiting for the live stream…" : "Loading traces…"}</p>
      ) : null}
      {traces ? (
        samples.length === 0 ? (
          <p className="muted small">{onlyErrors ? "No failing traces in this window." : "No sampled traces in this window."}</p>
        ) : (
          <div className="scroll-y" style={{ maxHeight: 320 }} role="region" aria-label="Sampled traces, scrollable" tabIndex={0}>
            <table className="table dense" data-testid="trace-samples">
              <thead>
                <tr>
                  <th>Time (UTC)</th>
                  <th>Request and path through</th>
                  <th>Status</th>
                  <th>Duration</th>
                </tr>
              </thead>
              <tbody>
                {samples.slice(0, 40).map((sample) => (
                  <tr key={sample.traceId}>
                    <td className="mono small" title={`trace ${sample.traceId}`}>
                      {formatUtcTime(sample.at)}
                    </td>
                    <td>
                      <span className="mono small">
                        {sample.method ?? ""} {sample.path ?? ""}
                      </span>
                      <div className="muted small">{sample.services.join(" → ")}</div>
                    </td>
                    <td>
                      <span className={`badge ${sample.hasFault ? "bad" : sample.hasError ? "warn" : "ok"}`}>{sample.status ?? (sample.hasFault ? "fault" : "—")}</span>
                    </td>
                    <td className="mono small">{ms(sample.durationMs)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      ) : null}
    </section>
  );
}

/** Both re-render only when a new trace window arrives. */
export const ServiceMapPanel = memo(ServiceMapPanelView);
export const TracesPanel = memo(TracesPanelView);
