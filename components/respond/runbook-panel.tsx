"use client";

import { memo, useMemo, useState } from "react";
import { apiCall } from "@/lib/client/api";
import { formatUtcTime } from "@/lib/client/format";
import { TimelineEntryAnswerSchema } from "@/lib/client/schemas";
import { useSubmission } from "@/lib/client/use-submission";
import type { RunbookView } from "@/lib/runbook/schemas";
import { isKind, type TimelineEventView } from "@/lib/timeline/schemas";

const PHASES = ["detect", "diagnose", "mitigate", "verify"] as const;

/** Props of the runbook panel. */
export interface RunbookPanelProps {
  gameDayId: string;
  runbooks: readonly RunbookView[];
  /** The runbook the scenario calls for, when the viewer may know the scenario; null in blind mode. */
  suggested: string | null;
  /** The team's own entries: its runbook choices and step records. */
  events: readonly TimelineEventView[];
  /** Trainees work the runbook; observers and facilitators read it. */
  canWork: boolean;
  onAppended: (event: TimelineEventView) => void;
}

/** The team's current runbook (its newest choice, else the suggested one) and, per step, its newest record. */
function progressOf(events: readonly TimelineEventView[], suggested: string | null) {
  let chosen: string | null = null;
  let chosenAt: string | null = null;
  const steps = new Map<string, { status: "todo" | "done" | "skipped"; at: string; note: string | null; by: string | null }>();
  for (const event of events) {
    if (isKind(event, "runbook.chosen")) {
      chosen = event.data.runbookId;
      chosenAt = event.at;
    } else if (isKind(event, "runbook.step")) {
      steps.set(`${event.data.runbookId}:${event.data.stepId}`, { status: event.data.status, at: event.at, note: event.data.note, by: event.actorName });
    }
  }
  return { current: chosen ?? suggested, chosenAt, steps };
}

/**
 * The runbook a team works from: steps grouped detect → diagnose → mitigate → verify, each
 * ticked with the instant it was done and an optional note. In blind mode the team picks the
 * runbook it believes fits; that choice and every tick are evidence.
 */
function RunbookPanelView({ gameDayId, runbooks, suggested, events, canWork, onAppended }: RunbookPanelProps) {
  const progress = useMemo(() => progressOf(events, suggested), [events, suggested]);
  const [notes, setNotes] = useState<Record<string, string>>({});
  const { pending, error, submit } = useSubmission();
  const runbook = runbooks.find((candidate) => candidate.id === progress.current) ?? null;

  const choose = (runbookId: string) =>
    submit(async () => {
      const { event } = await apiCall(`/api/gamedays/${gameDayId}/runbook`, TimelineEntryAnswerSchema, { body: { runbookId } });
      onAppended(event);
    }, "The runbook could not be chosen.");

  const mark = (stepId: string, status: "done" | "skipped" | "todo") =>
    runbook &&
    submit(async () => {
      const note = notes[stepId]?.trim();
      const { event } = await apiCall(`/api/gamedays/${gameDayId}/runbook/steps`, TimelineEntryAnswerSchema, {
        body: { runbookId: runbook.id, stepId, status, ...(note ? { note } : {}) },
      });
      onAppended(event);
      setNotes((current) => ({ ...current, [stepId]: "" }));
    }, "The step could not be recorded.");

  return (
    <section className="panel runbook" aria-labelledby="runbook-title">
      <div className="panel-head">
        <h2 id="runbook-title">Runbook</h2>
        {progress.chosenAt ? <span className="muted small">chosen {formatUtcTime(progress.chosenAt)}</span> : null}
      </div>
      {canWork ? (
        <div className="field">
          <label htmlFor="runbook-choice">{suggested ? "Runbook" : "Which runbook fits what you see?"}</label>
          <select id="runbook-choice" value={runbook?.id ?? ""} disabled={pending} onChange={(event) => event.target.value && void choose(event.target.value)}>
            <option value="">— choose —</option>
            {runbooks.map((candidate) => (
              <option key={candidate.id} value={candidate.id}>
                {candidate.title}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {error ? (
        <div className="banner error" role="alert">
          {error}
        </div>
      ) : null}
      {runbook ? (
        <div className="stack">
          {PHASES.map((phase) => {
            const steps = runbook.steps.filter((step) => step.phase === phase);
            if (steps.length === 0) return null;
            return (
              <div key={phase}>
                <h3 className="runbook-phase">{phase}</h3>
                <ul className="runbook-steps">
                  {steps.map((step) => {
                    const record = progress.steps.get(`${runbook.id}:${step.id}`);
                    const done = record?.status === "done";
                    return (
                      <li key={step.id} data-testid={`step-${step.id}`} data-status={record?.status ?? "todo"}>
                        <label className="row" style={{ gap: 8, alignItems: "flex-start" }}>
                          <input type="checkbox" checked={done} disabled={!canWork || pending} onChange={() => void mark(step.id, done ? "todo" : "done")} />
                          <span>
                            <strong>{step.title}</strong> <span className={`badge${step.tier === "essential" ? " warn" : ""}`}>{step.tier}</span>
                            {record && record.status !== "todo" ? (
                              <span className="muted small">
                                {" "}
                                · {record.status} {formatUtcTime(record.at)}
                                {record.by ? ` by ${record.by}` : ""}
                              </span>
                            ) : null}
                            <div className="small">{step.detail}</div>
                            {step.local ? <div className="small muted">Local lab: {step.local}</div> : null}
                            {step.aws ? <code className="small">{step.aws}</code> : null}
                            {record?.note ? <div className="small">Note: {record.note}</div> : null}
                          </span>
                        </label>
                        {canWork ? (
                          <div className="row" style={{ gap: 6 }}>
                            <input
                              aria-label={`Note for ${step.title}`}
                              value={notes[step.id] ?? ""}
                              maxLength={1000}
                              placeholder="note (optional)"
                              onChange={(event) => setNotes((current) => ({ ...current, [step.id]: event.target.value }))}
                            />
                            {!record || record.status === "todo" ? (
                              <button type="button" className="button small ghost" disabled={pending} onClick={() => void mark(step.id, "skipped")}>
                                Skip
                              </button>
                            ) : null}
                          </div>
                        ) : null}
                      </li>
                    );
                  })}
                </ul>
              </div>
            );
          })}
        </div>
      ) : (
        <p className="muted small">{canWork ? "Choose the runbook that fits the symptoms." : "No runbook chosen yet."}</p>
      )}
    </section>
  );
}

/** Re-renders when the team's entries or the suggestion change, not on every metrics frame. */
export const RunbookPanel = memo(RunbookPanelView);
