"use client";

import { useState } from "react";
import { apiCall } from "@/lib/client/api";
import { useSubmission } from "@/lib/client/use-submission";
import { fieldErrorsOf } from "@/lib/client/form";
import { GameDayAnswerSchema, type GameDayWire } from "@/lib/client/schemas";
import { UpdateGameDaySchema } from "@/lib/gameday/schemas";
import { LAB_PACES, type LabPace } from "@/contract/lab";

/** Props of the settings form. */
export interface SettingsFormProps {
  gameDay: GameDayWire;
  onGameDay: (gameDay: GameDayWire) => void;
}

/** What each pace means to the people in the room, one line each. */
const PACE_EXPLANATIONS: Record<LabPace, { label: string; line: string }> = {
  realistic: { label: "Realistic", line: "AWS's timings: health checks every 30 s, 2 failures to go unhealthy, 30 s draining, tens of seconds per task start. For game days." },
  fast: { label: "Fast", line: "Seconds instead of minutes: a killed task is back before anyone can react. For demos and tests." },
};

/** `YYYY-MM-DDTHH:MM` in UTC for a datetime-local input that the page labels as UTC. */
function toUtcInput(iso: string | null): string {
  return iso ? iso.slice(0, 16) : "";
}

/**
 * Title, goal, blind mode, schedule (UTC), the local lab's pace (fixed once the game day
 * starts) and team log sharing. The environment is fixed once planned.
 */
export function SettingsForm({ gameDay, onGameDay }: SettingsFormProps) {
  const [title, setTitle] = useState(gameDay.title);
  const [description, setDescription] = useState(gameDay.description);
  const [blindMode, setBlindMode] = useState(gameDay.blindMode);
  const [scheduled, setScheduled] = useState(toUtcInput(gameDay.scheduledFor));
  const [labPace, setLabPace] = useState<LabPace>(gameDay.labPace);
  const [shareTeamLogs, setShareTeamLogs] = useState(gameDay.shareTeamLogs);
  const { pending, errors, setErrors, submit: send } = useSubmission();
  const [saved, setSaved] = useState(false);
  const closed = gameDay.status === "ended" || gameDay.status === "cancelled";
  const running = gameDay.status === "running";
  const planning = gameDay.status === "draft" || gameDay.status === "scheduled";

  async function submit() {
    // Send only what changed: blind mode, for one, cannot change while the game day runs.
    const scheduledFor = scheduled ? `${scheduled}:00Z` : null;
    const changes = {
      ...(title !== gameDay.title ? { title } : {}),
      ...(description !== gameDay.description ? { description } : {}),
      ...(blindMode !== gameDay.blindMode ? { blindMode } : {}),
      ...(scheduled !== toUtcInput(gameDay.scheduledFor) ? { scheduledFor } : {}),
      ...(labPace !== gameDay.labPace ? { labPace } : {}),
      ...(shareTeamLogs !== gameDay.shareTeamLogs ? { shareTeamLogs } : {}),
    };
    if (Object.keys(changes).length === 0) {
      setErrors({ form: "Nothing changed." });
      return;
    }
    const parsed = UpdateGameDaySchema.safeParse(changes);
    if (!parsed.success) {
      setErrors(fieldErrorsOf(parsed.error));
      return;
    }
    setSaved(false);
    await send(async () => {
      onGameDay((await apiCall(`/api/gamedays/${gameDay.id}`, GameDayAnswerSchema, { method: "PATCH", body: parsed.data })).gameDay);
      setSaved(true);
    }, "The changes could not be saved.");
  }

  return (
    <section className="panel" aria-labelledby="settings-title">
      <div className="panel-head">
        <h2 id="settings-title">Game day</h2>
        <span className="badge">{gameDay.environment === "aws" ? "AWS" : "Local lab"}</span>
      </div>
      <form
        className="stack"
        style={{ gap: 8 }}
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
        noValidate
      >
        <div className="field">
          <label htmlFor="settings-title-input">Title</label>
          <input id="settings-title-input" value={title} onChange={(event) => setTitle(event.target.value)} aria-invalid={errors.title ? true : undefined} disabled={closed} />
          {errors.title ? <span className="error">{errors.title}</span> : null}
        </div>
        <div className="field">
          <label htmlFor="settings-description">Goal and steady state</label>
          <textarea id="settings-description" rows={3} value={description} onChange={(event) => setDescription(event.target.value)} disabled={closed} />
        </div>
        <div className="row" style={{ gap: 12 }}>
          <div className="field">
            <label htmlFor="settings-scheduled">Scheduled for (UTC)</label>
            <input id="settings-scheduled" type="datetime-local" value={scheduled} onChange={(event) => setScheduled(event.target.value)} disabled={closed} aria-invalid={errors.scheduledFor ? true : undefined} />
            {errors.scheduledFor ? <span className="error">{errors.scheduledFor}</span> : null}
          </div>
          <label className="row small" style={{ gap: 6 }}>
            <input type="checkbox" checked={blindMode} onChange={(event) => setBlindMode(event.target.checked)} disabled={closed || running} /> Blind mode: trainees do not see which scenario runs
            {running ? <span className="muted">(fixed while the game day runs)</span> : null}
          </label>
        </div>
        {gameDay.environment === "local" ? (
          <fieldset className="field" disabled={!planning} aria-describedby={planning ? undefined : "settings-pace-fixed"}>
            <legend>Lab pace</legend>
            {LAB_PACES.map((pace) => (
              <label key={pace} className="row small" style={{ gap: 6, alignItems: "baseline" }}>
                <input type="radio" name="settings-lab-pace" value={pace} checked={labPace === pace} onChange={() => setLabPace(pace)} />
                <span>
                  <strong>{PACE_EXPLANATIONS[pace].label}</strong> <span className="muted">{PACE_EXPLANATIONS[pace].line}</span>
                </span>
              </label>
            ))}
            {planning ? null : (
              <span id="settings-pace-fixed" className="muted small">
                Fixed once the game day has started.
              </span>
            )}
            {errors.labPace ? <span className="error">{errors.labPace}</span> : null}
          </fieldset>
        ) : null}
        <label className="row small" style={{ gap: 6 }}>
          <input type="checkbox" checked={shareTeamLogs} onChange={(event) => setShareTeamLogs(event.target.checked)} disabled={closed} /> Share team logs: trainees see every team&apos;s entries and runbook progress
        </label>
        {errors.form ? (
          <div className="banner error" role="alert">
            {errors.form}
          </div>
        ) : null}
        {saved ? (
          <div className="banner ok" role="status">
            Saved.
          </div>
        ) : null}
        <div>
          <button type="submit" className="button small primary" disabled={pending || closed}>
            Save
          </button>
        </div>
      </form>
    </section>
  );
}
