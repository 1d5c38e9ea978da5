"use client";

import { memo, useEffect, useMemo, useRef, useState } from "react";
import { useTimelineEntry } from "@/lib/client/use-timeline-entry";
import { formatUtcTime } from "@/lib/client/format";
import { canCorrect, supersededBy } from "@/lib/client/timeline";
import { COMPONENTS, FAILURE_MODES, type Component, type FailureMode } from "@/lib/scenarios/diagnosis";
import { TIMELINE_KINDS, kindLabel, type EntryKind } from "@/lib/timeline/kinds";
import type { TimelineEventView } from "@/lib/timeline/schemas";

/** One key per common entry: responders are busy. */
const SHORTCUTS: Partial<Record<EntryKind, string>> = {
  detected: "d",
  acknowledged: "a",
  hypothesis: "h",
  "root-cause": "r",
  action: "x",
  "status-update": "s",
  mitigated: "m",
  resolved: "v",
};

/** Props of the evidence log. */
export interface EvidenceLogProps {
  gameDayId: string;
  viewerUserId: string;
  /** What the server lets this viewer write (none: read-only). */
  kinds: readonly EntryKind[];
  /** The viewer's view of the timeline (their team's entries, and the game day's own). */
  events: readonly TimelineEventView[];
  open: boolean;
  teamName: (teamId: string | null) => string | null;
  onAppended: (event: TimelineEventView) => void;
}

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));
}

/**
 * What responders saw, thought and did, one click (or key) per entry with optional words;
 * the server stamps each with its own instant. A correction is a new entry pointing at the
 * old one, which stays on the record.
 */
function EvidenceLogView({ gameDayId, viewerUserId, kinds, events, open, teamName, onAppended }: EvidenceLogProps) {
  const [kind, setKind] = useState<EntryKind | null>(null);
  const [body, setBody] = useState("");
  const [component, setComponent] = useState<Component | "">("");
  const [failureMode, setFailureMode] = useState<FailureMode | "">("");
  const [correcting, setCorrecting] = useState<TimelineEventView | null>(null);
  const { pending, errors, write } = useTimelineEntry(gameDayId);
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const canWrite = open && kinds.length > 0;

  useEffect(() => {
    if (!canWrite) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      const chosen = kinds.find((entry) => SHORTCUTS[entry] === event.key.toLowerCase());
      if (!chosen) return;
      event.preventDefault();
      setKind(chosen);
      bodyRef.current?.focus();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [canWrite, kinds]);

  const people = useMemo(() => events.filter((event) => TIMELINE_KINDS[event.kind].evidence || event.kind === "note").toReversed(), [events]);
  const superseded = useMemo(() => supersededBy(events), [events]);

  async function submit(chosen: EntryKind) {
    const typed = body;
    const words = typed.trim() || kindLabel(chosen);
    await write(
      {
        kind: chosen,
        body: words,
        ...(chosen === "root-cause" && component ? { component } : {}),
        ...(chosen === "root-cause" && failureMode ? { failureMode } : {}),
        ...(correcting ? { correctsId: correcting.id } : {}),
      },
      (event) => {
        onAppended(event);
        // Words typed while the entry was saving belong to the next entry: keep them.
        setBody((current) => (current === typed ? "" : current));
        setKind(null);
        setCorrecting(null);
      },
    );
  }

  return (
    <section className="panel evidence" aria-labelledby="evidence-title" tabIndex={0}>
      <div className="panel-head">
        <h2 id="evidence-title">Incident log</h2>
        <span className="muted small">{canWrite ? "one click, or its key; words optional" : open ? "read-only" : "closed"}</span>
      </div>
      {canWrite ? (
        <form
          className="stack"
          onSubmit={(event) => {
            event.preventDefault();
            if (kind) void submit(kind);
          }}
          noValidate
          aria-label="New log entry"
        >
          {correcting ? (
            <div className="row small" style={{ gap: 6 }}>
              <span className="badge warn">correcting #{correcting.id}</span>
              <button type="button" className="button small ghost" onClick={() => setCorrecting(null)}>
                Cancel
              </button>
            </div>
          ) : null}
          <div className="field">
            <label htmlFor="evidence-body">What you see, think or did (optional)</label>
            <textarea id="evidence-body" ref={bodyRef} value={body} maxLength={4000} rows={2} onChange={(event) => setBody(event.target.value)} placeholder="5xx on /api since 10:04; healthy hosts 2 of 4" />
          </div>
          {kind === "root-cause" ? (
            <div className="row" style={{ gap: 8 }}>
              <div className="field grow">
                <label htmlFor="evidence-component">Component</label>
                <select id="evidence-component" value={component} onChange={(event) => setComponent(event.target.value as Component | "")}>
                  <option value="">—</option>
                  {Object.entries(COMPONENTS).map(([id, label]) => (
                    <option key={id} value={id}>
                      {label}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field grow">
                <label htmlFor="evidence-mode">Failure mode</label>
                <select id="evidence-mode" value={failureMode} onChange={(event) => setFailureMode(event.target.value as FailureMode | "")}>
                  <option value="">—</option>
                  {Object.entries(FAILURE_MODES).map(([id, label]) => (
                    <option key={id} value={id}>
                      {label}
                    </option>
                  ))}
                </select>
              </div>
            </div>
          ) : null}
          <div className="row wrap" style={{ gap: 6 }} role="group" aria-label="Log as">
            {kinds.map((entry) => (
              <button
                key={entry}
                type="button"
                className={`button small${kind === entry ? " primary" : ""}`}
                disabled={pending}
                aria-keyshortcuts={SHORTCUTS[entry]}
                data-testid={`log-${entry}`}
                onClick={() => (entry === "root-cause" && kind !== "root-cause" ? setKind(entry) : void submit(entry))}
              >
                {kindLabel(entry)}
                {SHORTCUTS[entry] ? <kbd>{SHORTCUTS[entry]?.toUpperCase()}</kbd> : null}
              </button>
            ))}
          </div>
          {kind === "root-cause" ? (
            <div>
              <button type="submit" className="button primary small" disabled={pending} data-testid="log-root-cause-submit">
                Log root cause
              </button>
            </div>
          ) : null}
          {errors.form || errors.body || errors.component ? (
            <div className="banner error" role="alert">
              {errors.form ?? errors.body ?? errors.component}
            </div>
          ) : null}
        </form>
      ) : null}
      <ol className="evidence-list" aria-label="Log entries" data-testid="evidence-list">
        {people.length === 0 ? <li className="muted small">No entries yet.</li> : null}
        {people.map((event) => (
          <li key={event.id} className={superseded.has(event.id) ? "superseded" : undefined} data-kind={event.kind}>
            <span className="muted small mono">{formatUtcTime(event.at)}</span> <span className="badge">{kindLabel(event.kind)}</span>{" "}
            {event.actorName ? <strong>{event.actorName}</strong> : null}
            {teamName(event.teamId) ? <span className="muted small"> · {teamName(event.teamId)}</span> : null}
            <div>{event.body}</div>
            {canWrite && canCorrect(event, viewerUserId) && !superseded.has(event.id) ? (
              <button type="button" className="button small ghost" onClick={() => setCorrecting(event)}>
                Correct
              </button>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** Re-renders when the log or what the viewer may write changes, not on every metrics frame. */
export const EvidenceLog = memo(EvidenceLogView);
