import { formatUtcDateTime } from "@/lib/client/format";
import type { TeamHistory } from "@/lib/scoring/schemas";
import { CAPABILITY_LABELS } from "@/lib/scoring/vocabulary";
import { RatingBadge } from "./rating-badge";

const TREND_WORDS = { improving: "improving", steady: "steady", declining: "declining", "too-few": "too few runs to tell" } as const;
const MEASURE_WORDS = {
  detect: "Time to detect (from impact onset)",
  diagnose: "Time to diagnose (from impact onset)",
  mitigate: "Time to mitigate (credited recoveries only)",
  firstUpdate: "Time to first status update (from detection)",
} as const;

/** A team across game days: per capability the count, spread and trend of final ratings; per measure the exact per-run timings with their range. */
export function TeamHistoryView({ history }: { history: TeamHistory }) {
  return (
    <div className="stack">
      <p className="muted">
        {history.runs} scored run(s) over {history.gameDays.length} game day(s): {history.gameDays.map((gameDay) => gameDay.title).join(", ")}. Trends compare the later half of the ratings with the earlier half
        (from four ratings on); timings are exact per run, never averaged.
      </p>
      <section className="card stack">
        <h2>Ratings per capability</h2>
        <div className="table-wrap" role="region" aria-label="Ratings per capability, scrollable" tabIndex={0}>
          <table className="table">
            <thead>
              <tr>
                <th>Capability</th>
                <th>Rated runs</th>
                <th>Spread</th>
                <th>Trend</th>
                <th>Oldest → newest</th>
              </tr>
            </thead>
            <tbody>
              {history.capabilities.map((entry) => (
                <tr key={entry.capability}>
                  <td>{CAPABILITY_LABELS[entry.capability]}</td>
                  <td className="mono">{entry.count}</td>
                  <td className="mono">
                    P {entry.spread.P ?? 0} · S {entry.spread.S ?? 0} · M {entry.spread.M ?? 0} · U {entry.spread.U ?? 0}
                  </td>
                  <td>{TREND_WORDS[entry.trend]}</td>
                  <td>
                    <span className="row">
                      {entry.series.map((point) => (
                        <span key={point.runId} title={`${point.gameDayTitle}, ${point.scenarioId}, ${formatUtcDateTime(point.at)}`}>
                          <RatingBadge rating={point.rating} />
                        </span>
                      ))}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section className="card stack">
        <h2>Timings per run</h2>
        <div className="table-wrap" role="region" aria-label="Timings per run, scrollable" tabIndex={0}>
          <table className="table">
            <thead>
              <tr>
                <th>Measure</th>
                <th>Runs</th>
                <th>Min · median · max</th>
                <th>Each run (oldest first)</th>
              </tr>
            </thead>
            <tbody>
              {history.timings.map((entry) => (
                <tr key={entry.measure}>
                  <td>{MEASURE_WORDS[entry.measure]}</td>
                  <td className="mono">{entry.count}</td>
                  <td className="mono">{entry.count === 0 ? "—" : `${Math.round(entry.min ?? 0)} s · ${Math.round(entry.median ?? 0)} s · ${Math.round(entry.max ?? 0)} s`}</td>
                  <td className="mono">{entry.values.map((value) => `${Math.round(value.seconds)} s (${value.scenarioId})`).join(", ") || "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
