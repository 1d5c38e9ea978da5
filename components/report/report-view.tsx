import { capability, dateTime, happenedRows, measureRows, printedTimeline, rating, time } from "@/lib/report/format";
import type { Report, ReportEntry } from "@/lib/report/model";
import { ReportChart } from "./report-chart";

function List({ items, none }: { items: string[]; none: string }) {
  return <ul>{items.length ? items.map((item, index) => <li key={index}>{item}</li>) : <li className="muted">{none}</li>}</ul>;
}

function Rows({ rows }: { rows: Array<[string, string]> }) {
  return (
    <table className="report-table">
      <tbody>
        {rows.map(([label, value]) => (
          <tr key={label}>
            <th scope="row">{label}</th>
            <td>{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Entries({ entries }: { entries: ReportEntry[] }) {
  return (
    <table className="report-table">
      <thead>
        <tr>
          <th>At</th>
          <th>Kind</th>
          <th>Who</th>
          <th>Entry</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => (
          <tr key={entry.id} className={entry.starred ? "starred" : undefined}>
            <td>
              {entry.starred ? "★ " : ""}
              {time(entry.at)}
            </td>
            <td>{entry.label}</td>
            <td>{[entry.teamName, entry.actorName].filter(Boolean).join(" · ") || (entry.source === "system" ? "system" : "")}</td>
            <td>{entry.body}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The report as a printable page: the same model and order as the PDF, black on white when printed. */
export function ReportView({ report }: { report: Report }) {
  const g = report.gameDay;
  return (
    <article className="report stack">
      <header>
        <p className="muted">After-action report</p>
        <h1>{g.title}</h1>
        <p className="muted">
          {report.final ? `Final, version ${report.version} (${dateTime(report.finalizedAt)})` : `Draft generated ${dateTime(report.generatedAt)}`} · {g.environment} · {dateTime(g.startedAt)} to {dateTime(g.endedAt)}
        </p>
      </header>
      <nav aria-label="Contents">
        <h2>Contents</h2>
        <ol>
          <li>
            <a href="#summary">Summary</a>
          </li>
          {report.runs.map((run, index) => (
            <li key={run.runId}>
              <a href={`#run-${index + 1}`}>
                Run {index + 1}: {run.title}
              </a>
            </li>
          ))}
          <li>
            <a href="#plan">Improvement plan</a>
          </li>
        </ol>
      </nav>
      <section id="summary">
        <h2>Summary</h2>
        {report.summary.facilitatorWords.trim() ? <p className="report-words">{report.summary.facilitatorWords}</p> : null}
        {report.runs.some((run) => run.starred.length) ? (
          <>
            <h3>Key moments</h3>
            <Entries entries={report.runs.flatMap((run) => run.starred)} />
          </>
        ) : null}
        <h3>What we tested</h3>
        <List items={report.summary.tested} none="No fault was injected." />
        <h3>What held</h3>
        <List items={report.summary.held} none="Nothing held without users noticing." />
        <h3>What did not hold</h3>
        <List items={report.summary.didNotHold} none="Nothing: users saw no downtime." />
        <h3>How the teams did</h3>
        <List items={report.summary.teams} none="No scores to show." />
        <h3>The three most important actions</h3>
        <List items={report.summary.topActions} none="No action items yet." />
        <h3>Who took part</h3>
        <Rows
          rows={[
            ["Facilitators", g.facilitators.join(", ") || "—"],
            ["Observers", g.observers.join(", ") || "—"],
            ...g.teams.map((team): [string, string] => [`Team ${team.name}`, team.members.join(", ") || "—"]),
          ]}
        />
      </section>
      {report.runs.map((run, index) => {
        const printed = printedTimeline(run);
        return (
          <section key={run.runId} id={`run-${index + 1}`} className="report-run">
            <h2>
              Run {index + 1}: {run.title}
            </h2>
            <p>
              <strong>Hypothesis.</strong> {run.hypothesis}
            </p>
            <p>
              <strong>Blast radius.</strong> {run.blastRadius || "—"}
            </p>
            <h3>What happened</h3>
            <Rows rows={happenedRows(run)} />
            {run.charts.length ? (
              <>
                <h3>Key metrics</h3>
                <p className="muted">Hatched band: the fault. Dashed lines: impact onset, each team&apos;s detection and mitigation, recovery.</p>
                {run.charts.map((chart) => (
                  <ReportChart key={chart.metric} chart={chart} />
                ))}
              </>
            ) : null}
            {run.starred.length ? (
              <>
                <h3>Key moments</h3>
                <Entries entries={run.starred} />
              </>
            ) : null}
            {run.teams.map((team) => (
              <div key={team.teamId}>
                <h3>
                  Team {team.teamName}: {team.total} / 100{team.totalOverridden ? " (set by the facilitator)" : ""}
                </h3>
                <Rows rows={measureRows(team)} />
                <Rows
                  rows={team.capabilities.map((c): [string, string] => [
                    capability(c.capability),
                    `${rating(c.rating)}${c.decided ? " (decided)" : ""}. ${c.reasons.join(" ")}${c.evidence.length ? ` Evidence: ${c.evidence.map((e) => `${time(e.at)} ${e.note}${e.body ? ` “${e.body}”` : ""}`).join("; ")}` : ""}`,
                  ])}
                />
                <h4>Strengths</h4>
                <List items={team.strengths} none="—" />
                <h4>Areas for improvement</h4>
                <List items={team.improvements} none="—" />
              </div>
            ))}
            <h3>Contributors, mitigators, where we got lucky</h3>
            <Rows
              rows={[
                ["Contributors", run.contributors.join(" ") || "—"],
                ["Mitigators", run.mitigators.join(" ") || "—"],
                ["Where we got lucky", run.lucky.join(" ") || "—"],
              ]}
            />
            <h3>Timeline</h3>
            <Entries entries={printed.entries} />
            {printed.left ? <p className="muted">{printed.left} more entries (system events) are in the JSON export.</p> : null}
          </section>
        );
      })}
      <section id="plan">
        <h2>Improvement plan</h2>
        {report.improvementPlan.length ? (
          <table className="report-table">
            <thead>
              <tr>
                <th>Issue</th>
                <th>Corrective action</th>
                <th>Capability</th>
                <th>Owner</th>
                <th>Due</th>
                <th>Status</th>
              </tr>
            </thead>
            <tbody>
              {report.improvementPlan.map((item) => (
                <tr key={item.id}>
                  <td>{item.issue}</td>
                  <td>{item.action}</td>
                  <td>{item.capability ? capability(item.capability) : "—"}</td>
                  <td>{item.owner}</td>
                  <td>{item.due ?? "—"}</td>
                  <td>{item.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="muted">No action items yet.</p>
        )}
      </section>
      <style>{`
        .report-table { border-collapse: collapse; width: 100%; }
        .report-table th, .report-table td { text-align: left; vertical-align: top; padding: 3px 8px; border-bottom: 1px solid var(--border); }
        .report-table th[scope="row"] { width: 14em; color: var(--muted); font-weight: 600; }
        .report-table tr.starred td { font-weight: 600; }
        .report-chart { margin: 8px 0; }
        .report-words { white-space: pre-wrap; }
        @media print {
          body, main, .report, .card { background: #fff !important; color: #000 !important; }
          .no-print, header[role="banner"], body > nav, aside { display: none !important; }
          .report-run { break-before: page; }
          .report-table th, .report-table td { border-color: #999; }
          .report-chart { break-inside: avoid; }
          a { color: #000; }
        }
      `}</style>
    </article>
  );
}
