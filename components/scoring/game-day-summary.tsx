import type { GameDayScores } from "@/lib/scoring/schemas";
import { CAPABILITIES, CAPABILITY_LABELS } from "@/lib/scoring/vocabulary";
import { RatingBadge } from "./rating-badge";

const VERDICT: Record<string, string> = {
  mitigated: "mitigated (credited)",
  "mitigated-by-other-team": "another team's fix",
  "fault-expired": "fault expired",
  "recovered-on-its-own": "recovered on its own",
  held: "held (self-healing)",
  "not-recovered": "not recovered",
  "no-impact": "no visible impact",
};

/** Every run of the game day with the teams side by side, then each team's ratings per capability: count and spread, never a mean time. */
export function GameDaySummary({ scores }: { scores: GameDayScores }) {
  const teamName = (id: string) => scores.teams.find((team) => team.id === id)?.name ?? id;
  if (scores.runs.length === 0) return <p className="empty">No run has injected a fault yet: nothing to score.</p>;
  return (
    <div className="stack">
      <div className="table-wrap" role="region" aria-label="Scores per run and team, scrollable" tabIndex={0}>
        <table className="table" aria-label="Scores per run and team">
          <thead>
            <tr>
              <th>Run</th>
              <th>Team</th>
              <th>Total</th>
              {CAPABILITIES.map((capability) => (
                <th key={capability}>{CAPABILITY_LABELS[capability]}</th>
              ))}
              <th>Mitigation</th>
              <th>Flags</th>
            </tr>
          </thead>
          <tbody>
            {scores.runs.flatMap((run) =>
              run.teams.map((team, index) => (
                <tr key={`${run.runId}-${team.teamId}`}>
                  <td>{index === 0 ? run.scenarioTitle : ""}</td>
                  <td>{teamName(team.teamId)}</td>
                  <td className="mono">
                    {team.total.toFixed(1)}
                    {team.overridden ? <span className="muted"> (set by facilitator)</span> : null}
                  </td>
                  {CAPABILITIES.map((capability) => (
                    <td key={capability}>
                      <RatingBadge rating={team.ratings[capability] ?? null} label={CAPABILITY_LABELS[capability]} />
                    </td>
                  ))}
                  <td>{VERDICT[team.mitigation] ?? team.mitigation}</td>
                  <td>{team.flags > 0 ? <span className="badge warn">{team.flags}</span> : "—"}</td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      </div>
      <h3>Per capability across this game day</h3>
      <div className="table-wrap" role="region" aria-label="Ratings per capability and team, scrollable" tabIndex={0}>
        <table className="table" aria-label="Ratings per capability and team">
          <thead>
            <tr>
              <th>Team</th>
              {CAPABILITIES.map((capability) => (
                <th key={capability}>{CAPABILITY_LABELS[capability]}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {scores.capabilities.map((team) => (
              <tr key={team.teamId}>
                <td>{teamName(team.teamId)}</td>
                {team.capabilities.map((entry) => (
                  <td key={entry.capability} className="mono" title={`${entry.count} rated run(s)`}>
                    {entry.count === 0 ? "—" : `P${entry.spread.P ?? 0} S${entry.spread.S ?? 0} M${entry.spread.M ?? 0} U${entry.spread.U ?? 0}`}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
