"use client";

import { useState } from "react";
import { Dialog } from "@/components/ui/dialog";
import { apiCall } from "@/lib/client/api";
import { formatDuration, formatUtcDateTime, formatUtcTime } from "@/lib/client/format";
import { describeParams, isLiveRun, leaseProgress, leaseRemainingMs, phaseIndex, RUN_PHASES } from "@/lib/client/runs";
import { RunAnswerSchema } from "@/lib/client/schemas";
import { useNow } from "@/lib/client/use-now";
import { StopRunSchema, type RunView } from "@/lib/gameday/schemas";
import { ReasonForm } from "./reason-form";

/** Props of one run's card. */
export interface RunCardProps {
  run: RunView;
  /** Server clock minus browser clock. */
  serverOffsetMs: number;
  /** Facilitators may stop it. */
  canStop: boolean;
  /** What it affects, when the viewer may know. */
  blastRadius: string | null;
  onChanged: (run: RunView) => void;
}

const OUTCOME_TONE: Record<string, string> = { completed: "ok", stopped: "warn", failed: "bad", cancelled: "" };

function Countdown({ run, serverOffsetMs }: { run: RunView; serverOffsetMs: number }) {
  const now = useNow();
  if (now === 0) return null;
  const serverNow = now + serverOffsetMs;
  const remaining = leaseRemainingMs(run, serverNow);
  const progress = leaseProgress(run, serverNow);
  if (remaining === null) return null;
  return (
    <>
      <span className="countdown" title={run.leaseExpiresAt ? `Lease ends ${formatUtcDateTime(run.leaseExpiresAt)}` : undefined} data-testid="lease-countdown">
        {remaining > 0 ? `${formatDuration(remaining)} left` : "lease over"}
      </span>
      {progress !== null ? (
        <div className="lease" role="progressbar" aria-label="Lease used" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(progress * 100)} style={{ flexBasis: "100%" }}>
          <span style={{ width: `${progress * 100}%` }} />
        </div>
      ) : null}
    </>
  );
}

export function RunCard({ run, serverOffsetMs, canStop, blastRadius, onChanged }: RunCardProps) {
  const [stopping, setStopping] = useState(false);
  const live = isLiveRun(run);
  const current = phaseIndex(run.status);
  const instants: [string, string | null][] = [
    ["launched", run.createdAt],
    ["started", run.startedAt],
    ["injected", run.injectedAt],
    ["reverted", run.revertedAt],
    ["recovered", run.recoveredAt],
    ["ended", run.endedAt],
  ];

  return (
    <article className={`run-card ${live ? "live" : "ended"} phase-${run.status}${run.outcome ? ` outcome-${run.outcome}` : ""}`} data-testid="run-card" data-run-id={run.id} data-status={run.status} aria-label={`${run.label}: ${run.status}`}>
      <div className="run-top">
        <span className="run-label">{run.label}</span>
        <span className={`badge ${live ? (run.status === "active" || run.status === "injecting" ? "solid-bad" : "warn") : (OUTCOME_TONE[run.outcome ?? ""] ?? "")}`} data-testid="run-status">
          {live ? run.status : `ended · ${run.outcome ?? "?"}`}
        </span>
        {run.params ? <span className="muted small mono">{describeParams(run.params)}</span> : null}
        <Countdown run={run} serverOffsetMs={serverOffsetMs} />
        {canStop && live ? (
          <button type="button" className="button small danger" onClick={() => setStopping(true)} data-testid="stop-run">
            Stop…
          </button>
        ) : null}
      </div>
      <ol className="phases" aria-label="Phases">
        {RUN_PHASES.map((phase, index) => (
          <li key={phase} className={`${index < current || (phase === "ended" && run.status === "ended") ? "done" : ""}${index === current && live ? ` current phase-${phase}` : ""}`} aria-current={index === current ? "step" : undefined}>
            {phase}
          </li>
        ))}
      </ol>
      {blastRadius ? <div className="small muted">Blast radius: {blastRadius}</div> : null}
      <div className="instants">
        {instants.map(([name, value]) =>
          value ? (
            <span key={name} title={formatUtcDateTime(value)}>
              {name} <strong>{formatUtcTime(value)}</strong>
            </span>
          ) : null,
        )}
        <span>UTC · lease {run.durationSeconds} s</span>
      </div>
      {run.stopReason || run.statusReason ? <div className="small">{run.stopReason ? `Stopped: ${run.stopReason}` : run.statusReason}</div> : null}
      <StopRunDialog open={stopping} onClose={() => setStopping(false)} run={run} onStopped={onChanged} />
    </article>
  );
}

function StopRunDialog({ open, onClose, run, onStopped }: { open: boolean; onClose: () => void; run: RunView; onStopped: (run: RunView) => void }) {
  return (
    <Dialog open={open} onClose={onClose} title={`Stop ${run.label}`} testId="stop-dialog">
      <StopRunForm run={run} onClose={onClose} onStopped={onStopped} />
    </Dialog>
  );
}

function StopRunForm({ run, onClose, onStopped }: { run: RunView; onClose: () => void; onStopped: (run: RunView) => void }) {
  return (
    <ReasonForm
      fieldId="stop-reason"
      intro="The fault is reverted now; the reason goes on the timeline. Other runs keep going."
      schema={StopRunSchema}
      send={async (body) => onStopped((await apiCall(`/api/runs/${run.id}/stop`, RunAnswerSchema, { body })).run)}
      failure="The run could not be stopped."
      submitLabel="Stop this run"
      pendingLabel="Stopping…"
      submitClassName="button danger"
      onClose={onClose}
    />
  );
}
