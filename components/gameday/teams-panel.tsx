"use client";

import { memo, useMemo } from "react";
import { apiCall } from "@/lib/client/api";
import { formatUtcTime } from "@/lib/client/format";
import { GameDayAnswerSchema, type GameDayWire } from "@/lib/client/schemas";
import { useSubmission } from "@/lib/client/use-submission";
import { TIMELINE_KINDS, kindLabel } from "@/lib/timeline/kinds";
import { isKind, type TimelineEventView } from "@/lib/timeline/schemas";

/** Props of the teams panel. */
export interface TeamsPanelProps {
  gameDay: GameDayWire;
  events: readonly TimelineEventView[];
  onGameDay: (next: GameDayWire) => void;
}

interface TeamProgress {
  entries: TimelineEventView[];
  runbookId: string | null;
  stepsDone: number;
  stepsSkipped: number;
}

function progressByTeam(events: readonly TimelineEventView[]): Map<string, TeamProgress> {
  const teams = new Map<string, TeamProgress>();
  const steps = new Map<string, string>();
  for (const event of events) {
    if (!event.teamId) continue;
    const team = teams.get(event.teamId) ?? { entries: [], runbookId: null, stepsDone: 0, stepsSkipped: 0 };
    teams.set(event.teamId, team);
    if (isKind(event, "runbook.chosen")) team.runbookId = event.data.runbookId;
    else if (isKind(event, "runbook.step")) steps.set(`${event.teamId}:${event.data.runbookId}:${event.data.stepId}`, event.data.status);
    else if (TIMELINE_KINDS[event.kind].evidence || event.kind === "note") team.entries.push(event);
  }
  for (const [key, status] of steps) {
    const [teamId, runbookId] = key.split(":");
    const team = teamId ? teams.get(teamId) : undefined;
    if (!team || team.runbookId !== runbookId) continue;
    if (status === "done") team.stepsDone += 1;
    if (status === "skipped") team.stepsSkipped += 1;
  }
  return teams;
}

/**
 * Every team's log and runbook progress side by side, for the facilitator, with the switch
 * that allows or stops each team's remediation actions.
 */
function TeamsPanelView({ gameDay, events, onGameDay }: TeamsPanelProps) {
  const progress = useMemo(() => progressByTeam(events), [events]);
  const { pending, error, submit } = useSubmission();
  if (gameDay.teams.length === 0) return null;

  const setRemediation = (teamId: string, remediationAllowed: boolean) =>
    submit(async () => {
      const { gameDay: next } = await apiCall(`/api/teams/${teamId}`, GameDayAnswerSchema, { method: "PATCH", body: { remediationAllowed } });
      onGameDay(next);
    }, "The team could not be updated.");

  return (
    <section className="panel" aria-labelledby="teams-title" data-testid="teams-panel">
      <div className="panel-head">
        <h2 id="teams-title">Teams</h2>
      </div>
      {error ? (
        <div className="banner error" role="alert">
          {error}
        </div>
      ) : null}
      <div className="split-2">
        {gameDay.teams.map((team) => {
          const mine = progress.get(team.id);
          return (
            <div key={team.id} className="stack" data-testid={`team-${team.name}`}>
              <div className="row">
                <strong>{team.name}</strong>
                <label className="row small" style={{ gap: 6 }}>
                  <input type="checkbox" checked={team.remediationAllowed} disabled={pending} onChange={(event) => void setRemediation(team.id, event.target.checked)} />
                  may remediate
                </label>
              </div>
              <div className="small muted">
                {mine?.runbookId ? `Runbook ${mine.runbookId}: ${mine.stepsDone} done, ${mine.stepsSkipped} skipped` : "No runbook chosen"}
              </div>
              <ol className="evidence-list">
                {(mine?.entries ?? []).slice(-6).map((entry) => (
                  <li key={entry.id}>
                    <span className="muted small mono">{formatUtcTime(entry.at)}</span> <span className="badge">{kindLabel(entry.kind)}</span> {entry.body}
                  </li>
                ))}
                {mine?.entries.length ? null : <li className="muted small">No entries yet.</li>}
              </ol>
            </div>
          );
        })}
      </div>
    </section>
  );
}

export const TeamsPanel = memo(TeamsPanelView);
