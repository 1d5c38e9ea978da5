"use client";

import { useState } from "react";
import { useTimelineEntry } from "@/lib/client/use-timeline-entry";
import type { RunView } from "@/lib/gameday/schemas";
import { kindLabel, type EntryKind } from "@/lib/timeline/kinds";
import type { TimelineEventView } from "@/lib/timeline/schemas";

/** Props of the entry form. */
export interface TimelineEntryFormProps {
  gameDayId: string;
  kinds: readonly EntryKind[];
  runs: readonly RunView[];
  /** The entry being corrected, if any: the new entry points at it. */
  correcting: TimelineEventView | null;
  onCancelCorrection: () => void;
  onAppended: (event: TimelineEventView) => void;
}

function initialKind(kinds: readonly EntryKind[], correcting: TimelineEventView | null): EntryKind {
  const match = kinds.find((kind) => kind === correcting?.kind);
  return match ?? kinds[0] ?? "note";
}

/** Writes an entry; Ctrl/⌘+Enter sends. */
export function TimelineEntryForm({ gameDayId, kinds, runs, correcting, onCancelCorrection, onAppended }: TimelineEntryFormProps) {
  const [kind, setKind] = useState<EntryKind>(() => initialKind(kinds, correcting));
  const [body, setBody] = useState(correcting?.body ?? "");
  const [runId, setRunId] = useState(correcting?.runId ?? "");
  const { pending, errors, write } = useTimelineEntry(gameDayId);

  async function submit() {
    await write({ kind, body, ...(runId ? { runId } : {}), ...(correcting ? { correctsId: correcting.id } : {}) }, (event) => {
      onAppended(event);
      setBody("");
    });
  }

  return (
    <form
      className="timeline-form"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
      noValidate
      aria-label={correcting ? `Correct entry ${correcting.id}` : "New timeline entry"}
    >
      {correcting ? (
        <div className="row small" style={{ gap: 6 }}>
          <span className="badge warn">correcting #{correcting.id}</span>
          <span className="muted">the original stays on the record, marked superseded</span>
          <button type="button" className="button small ghost" onClick={onCancelCorrection}>
            Cancel
          </button>
        </div>
      ) : null}
      <div className="row" style={{ gap: 8 }}>
        <div className="field">
          <label htmlFor="entry-kind">Kind</label>
          <select id="entry-kind" value={kind} onChange={(event) => setKind(kinds.find((entry) => entry === event.target.value) ?? kind)}>
            {kinds.map((entry) => (
              <option key={entry} value={entry}>
                {kindLabel(entry)}
              </option>
            ))}
          </select>
        </div>
        {runs.length ? (
          <div className="field grow">
            <label htmlFor="entry-run">About run (optional)</label>
            <select id="entry-run" value={runId} onChange={(event) => setRunId(event.target.value)}>
              <option value="">—</option>
              {runs.map((run) => (
                <option key={run.id} value={run.id}>
                  {run.label}
                </option>
              ))}
            </select>
          </div>
        ) : null}
      </div>
      <div className="field">
        <label htmlFor="entry-body">Entry</label>
        <textarea
          id="entry-body"
          value={body}
          maxLength={4000}
          onChange={(event) => setBody(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
              event.preventDefault();
              void submit();
            }
          }}
          aria-invalid={errors.body ? true : undefined}
          aria-describedby="entry-body-note"
          placeholder={kind === "detected" ? "5xx on /api since 10:04, healthy hosts down to 2" : "What you see, think or did"}
        />
        <span className={errors.body ? "error" : "hint"} id="entry-body-note">
          {errors.body ?? "Ctrl+Enter to add · attributed to you, UTC, append-only"}
        </span>
      </div>
      {errors.form || errors.kind || errors.runId || errors.correctsId ? (
        <div className="banner error" role="alert">
          {errors.form ?? errors.kind ?? errors.runId ?? errors.correctsId}
        </div>
      ) : null}
      <div>
        <button type="submit" className="button primary" disabled={pending} data-testid="entry-submit">
          {pending ? "Adding…" : correcting ? "Add correction" : "Add entry"}
        </button>
      </div>
    </form>
  );
}
