"use client";

import { memo, useMemo, useState } from "react";
import { formatUtcDateTime, formatUtcTime } from "@/lib/client/format";
import { canCorrect, kindTone, matchesFilter, newestFirst, supersededBy, type TimelineFilter } from "@/lib/client/timeline";
import type { RunView } from "@/lib/gameday/schemas";
import type { EntryKind } from "@/lib/timeline/kinds";
import type { TimelineEventView } from "@/lib/timeline/schemas";
import { TimelineEntryForm } from "./timeline-entry-form";

/** Props of the timeline panel. */
export interface TimelinePanelProps {
  gameDayId: string;
  events: readonly TimelineEventView[];
  runs: readonly RunView[];
  viewerUserId: string;
  /** Kinds this viewer may write; empty for observers. */
  kinds: readonly EntryKind[];
  /** The timeline closes when the game day ends. */
  open: boolean;
  teamName: (teamId: string | null) => string | null;
  onAppended: (event: TimelineEventView) => void;
}

const FILTERS: { value: TimelineFilter; label: string }[] = [
  { value: "all", label: "All" },
  { value: "people", label: "People" },
  { value: "faults", label: "Faults" },
  { value: "system", label: "System" },
];

/**
 * The game day's one ordered record, newest on top. Append-only: a correction is a new
 * entry pointing at the old one, which stays visible, struck through, as superseded.
 */
function TimelinePanelView({ gameDayId, events, runs, viewerUserId, kinds, open, teamName, onAppended }: TimelinePanelProps) {
  const [filter, setFilter] = useState<TimelineFilter>("all");
  const [correcting, setCorrecting] = useState<TimelineEventView | null>(null);
  const superseded = useMemo(() => supersededBy(events), [events]);
  const shown = useMemo(() => newestFirst(events.filter((event) => matchesFilter(event, filter))), [events, filter]);
  const byId = useMemo(() => new Map(events.map((event) => [event.id, event])), [events]);

  return (
    <section className="panel timeline" aria-labelledby="timeline-title" data-testid="timeline-panel">
      <div className="panel-head">
        <h2 id="timeline-title">Timeline</h2>
        <span className="muted small">
          {events.length} {events.length === 1 ? "entry" : "entries"} · UTC
        </span>
        <div className="segmented" role="group" aria-label="Show">
          {FILTERS.map((entry) => (
            <button key={entry.value} type="button" className="button small" aria-pressed={filter === entry.value} onClick={() => setFilter(entry.value)}>
              {entry.label}
            </button>
          ))}
        </div>
      </div>
      {/* The entry box sits above the list, where it stays on screen: the sidebar is sized for
          its stuck position, so before the page scrolls its bottom edge lies below the window. */}
      {kinds.length && open ? (
        <TimelineEntryForm
          key={correcting?.id ?? "new"}
          gameDayId={gameDayId}
          kinds={kinds}
          runs={runs}
          correcting={correcting}
          onCancelCorrection={() => setCorrecting(null)}
          onAppended={(event) => {
            onAppended(event);
            setCorrecting(null);
          }}
        />
      ) : kinds.length ? (
        <p className="muted small">The timeline is closed: the game day has ended.</p>
      ) : null}
      {shown.length === 0 ? (
        <p className="empty">{events.length === 0 ? "Nothing on the timeline yet. Launches, faults, alarms, task changes and people's entries appear here as they happen." : "No entries match this filter."}</p>
      ) : (
        <ol className="timeline-list" aria-label="Timeline entries, newest first" data-testid="timeline-list" tabIndex={0}>
          {shown.map((event) => {
            const correctedBy = superseded.get(event.id);
            const corrects = event.correctsId ? byId.get(event.correctsId) : undefined;
            const team = teamName(event.teamId);
            return (
              <li key={event.id} className={`${correctedBy ? "superseded" : ""}${event.source === "user" ? " person" : ""}`} data-testid="timeline-entry" data-kind={event.kind} data-id={event.id}>
                <time className="t-time" dateTime={event.at} title={formatUtcDateTime(event.at)}>
                  {formatUtcTime(event.at)}
                </time>
                <div className="t-head">
                  <span className={`badge ${kindTone(event.kind)}`}>{event.kind}</span>
                  <span className="muted">
                    {event.actorName ?? "system"}
                    {team ? ` · ${team}` : ""}
                  </span>
                  <span className="muted small mono">#{event.id}</span>
                  {open && canCorrect(event, viewerUserId) && kinds.length ? (
                    <button type="button" className="button small ghost" onClick={() => setCorrecting(event)} aria-label={`Correct entry ${event.id}`}>
                      Correct
                    </button>
                  ) : null}
                </div>
                <div className="t-body">{event.body}</div>
                {correctedBy ? <div className="t-note">Superseded by #{correctedBy}</div> : null}
                {event.correctsId ? (
                  <div className="t-note">
                    Corrects #{event.correctsId}
                    {corrects ? `: “${corrects.body.length > 80 ? `${corrects.body.slice(0, 79)}…` : corrects.body}”` : ""}
                  </div>
                ) : null}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

/** Re-renders when the timeline or the runs change. */
export const TimelinePanel = memo(TimelinePanelView);
