"use client";

import { formatUtcTime } from "@/lib/client/format";
import { memo } from "react";
import type { AlarmChange, LiveState } from "@/lib/client/live-state";
import type { AlarmState } from "@/lib/lab/types";

const ORDER: Record<AlarmState["state"], number> = { ALARM: 0, INSUFFICIENT_DATA: 1, OK: 2 };
const COMPARISON: Record<AlarmState["comparison"], string> = {
  GreaterThanThreshold: ">",
  GreaterThanOrEqualToThreshold: "≥",
  LessThanThreshold: "<",
  LessThanOrEqualToThreshold: "≤",
};

/** What the alarm watches: a composite's rule, a math alarm's expression, or a metric and statistic. */
function condition(alarm: AlarmState): string {
  if (alarm.kind === "composite") return `rule: ${alarm.rule ?? alarm.metricName}`;
  const watched = alarm.kind === "math" ? (alarm.expression?.expression ?? alarm.metricName) : `${alarm.metricName} ${alarm.stat}`;
  return `${watched} ${COMPARISON[alarm.comparison]} ${alarm.threshold} for ${alarm.evaluationPeriods}×${alarm.periodSeconds}s`;
}

/** Props of the alarms panel. */
export interface AlarmsPanelProps {
  alarms: LiveState["alarms"];
  changes: readonly AlarmChange[];
  /** The stream is down: say so instead of "loading". */
  waiting: boolean;
}

/** Every alarm of the target with its state, firing ones first, and the state changes seen. */
function AlarmsPanelView({ alarms: snapshot, changes, waiting }: AlarmsPanelProps) {
  const alarms = snapshot ? [...snapshot.alarms].sort((a, b) => ORDER[a.state] - ORDER[b.state] || a.name.localeCompare(b.name)) : null;
  const firing = alarms?.filter((alarm) => alarm.state === "ALARM").length ?? 0;
  return (
    <section className="panel" aria-labelledby="alarms-title" data-testid="alarms-panel">
      <div className="panel-head">
        <h2 id="alarms-title">Alarms</h2>
        {alarms ? <span className={`badge ${firing ? "solid-bad" : "ok"}`}>{firing ? `${firing} in ALARM` : "all OK"}</span> : null}
        {snapshot ? <span className="muted small">as of {formatUtcTime(snapshot.at)} UTC</span> : null}
      </div>
      {alarms === null ? (
        <p className="loading">{waiting ? "Waiting for the live stream…" : "Loading alarms…"}</p>
      ) : alarms.length === 0 ? (
        <p className="empty">This target reports no alarms.</p>
      ) : (
        <>
          {/* Firing alarms get a full row with their reason; the quiet ones fold into chips. */}
          {alarms.filter((alarm) => alarm.state === "ALARM").length ? (
            <ul className="alarm-list">
              {alarms
                .filter((alarm) => alarm.state === "ALARM")
                .map((alarm) => (
                  <li key={alarm.name} data-testid="alarm-row" data-state={alarm.state}>
                    <div className="row" style={{ gap: 8 }}>
                      <strong className="state-ALARM">ALARM</strong>
                      <span className="alarm-name">{alarm.name}</span>
                      <span className="mono small muted" style={{ marginLeft: "auto" }} title={formatUtcTime(alarm.updatedAt)}>
                        since {formatUtcTime(alarm.updatedAt).slice(0, 8)}
                      </span>
                    </div>
                    <div className="mono small">{condition(alarm)}</div>
                    <div className="small muted">{alarm.reason}</div>
                  </li>
                ))}
            </ul>
          ) : null}
          <div className="alarm-chips" aria-label="Alarms not firing">
            {alarms
              .filter((alarm) => alarm.state !== "ALARM")
              .map((alarm) => (
                <span key={alarm.name} className={`alarm-chip state-${alarm.state}`} title={`${alarm.state}: ${condition(alarm)}${alarm.description ? ` — ${alarm.description}` : ""}`} data-testid="alarm-row" data-state={alarm.state}>
                  <span className={`dot ${alarm.state === "OK" ? "ok" : ""}`} aria-hidden="true" />
                  {alarm.name}
                  <span className="sr-only"> {alarm.state}</span>
                </span>
              ))}
          </div>
        </>
      )}
      <h3>State changes</h3>
      {changes.length === 0 ? (
        <p className="muted small" style={{ margin: 0 }}>
          None since this page opened.
        </p>
      ) : (
        <ul className="check-list" data-testid="alarm-changes">
          {changes.slice(0, 12).map((change) => (
            <li key={`${change.name}-${change.at}-${change.to}`} style={{ gridTemplateColumns: "92px 1fr" }}>
              <span className="mono small muted">{formatUtcTime(change.at)}</span>
              <span>
                {change.name}: <span className={`state-${change.from ?? "OK"}`}>{change.from ?? "—"}</span> → <strong className={`state-${change.to}`}>{change.to}</strong>
                <span className="muted small"> {change.reason}</span>
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Re-renders only when the alarms or their changes do, not on every metric tick. */
export const AlarmsPanel = memo(AlarmsPanelView);
