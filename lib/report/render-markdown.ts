/**
 * The report as Markdown: tables, headings that make a table of contents, the same model as
 * the PDF. Charts are SVG images, either inline as data URIs (one self-contained file, for
 * editors and wikis) or as files beside it (`charts/…svg`, for code-hosting sites, which
 * drop data URIs). Pure.
 */
import { chartSvg } from "./measure";
import type { Report, ReportEntry } from "./model";
import { capability, dateTime, happenedRows, measureRows, printedTimeline, rating, seconds, time } from "./format";

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
const table = (head: string[], rows: string[][]) => [`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`, ...rows.map((row) => `| ${row.map(cell).join(" | ")} |`)].join("\n");
const list = (items: string[], none: string) => (items.length ? items.map((item) => `- ${item}`).join("\n") : `- ${none}`);
const entryRow = (entry: ReportEntry) => [`${entry.starred ? "★ " : ""}${time(entry.at)}`, entry.label, entry.teamName ?? (entry.source === "system" ? "system" : ""), entry.actorName ?? "", entry.body];
const anchor = (text: string) => text.toLowerCase().replace(/[^a-z0-9 -]/g, "").replace(/ /g, "-");

export interface MarkdownCharts {
  /** Where the Markdown points for a chart; receives the SVG and a file name for it. */
  (svg: string, name: string): string;
}

/** Charts inline, as data URIs. */
export const INLINE_CHARTS: MarkdownCharts = (svg) => `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`;

/** The Markdown with its charts as files beside it (`charts/run-1-probe_public.svg`). */
export function renderMarkdownBundle(report: Report): Array<{ name: string; data: string }> {
  const charts: Array<{ name: string; data: string }> = [];
  const markdown = renderMarkdown(report, (svg, name) => {
    charts.push({ name: `charts/${name}.svg`, data: svg });
    return `charts/${name}.svg`;
  });
  return [{ name: "report.md", data: markdown }, ...charts];
}

export function renderMarkdown(report: Report, charts: MarkdownCharts = INLINE_CHARTS): string {
  const g = report.gameDay;
  const out: string[] = [];
  out.push(`# After-action report: ${g.title}`);
  out.push(
    `${report.final ? `Final, version ${report.version}, ${dateTime(report.finalizedAt)}` : `Draft generated ${dateTime(report.generatedAt)}`} · ${g.environment} environment · ${dateTime(g.startedAt)} to ${dateTime(g.endedAt)}`,
  );
  out.push(
    "## Contents\n" +
      ["Summary", "Game day", ...report.runs.map((run, index) => `Run ${index + 1}: ${run.title}`), "Improvement plan", "Definitions"].map((title) => `- [${title}](#${anchor(title)})`).join("\n"),
  );
  out.push("## Summary");
  if (report.summary.facilitatorWords.trim()) out.push(report.summary.facilitatorWords.trim());
  const starred = report.runs.flatMap((run) => run.starred);
  if (starred.length) out.push(`**Key moments**\n\n${table(["At", "Kind", "Team", "Who", "Entry"], starred.map(entryRow))}`);
  out.push(`**What we tested**\n\n${list(report.summary.tested, "No fault was injected.")}`);
  out.push(`**What held**\n\n${list(report.summary.held, "Nothing held without users noticing.")}`);
  out.push(`**What did not hold**\n\n${list(report.summary.didNotHold, "Nothing: users saw no downtime.")}`);
  out.push(`**How the teams did**\n\n${list(report.summary.teams, "No scores to show.")}`);
  out.push(`**The three most important actions**\n\n${list(report.summary.topActions, "No action items yet.")}`);

  out.push("## Game day");
  out.push(
    table(
      ["", ""],
      [
        ["Facilitators", g.facilitators.join(", ") || "—"],
        ["Observers", g.observers.join(", ") || "—"],
        ...g.teams.map((team) => [`Team ${team.name}`, team.members.join(", ") || "—"]),
        ["Scenarios", g.scenarios.join(", ") || "—"],
      ],
    ),
  );
  if (g.description) out.push(g.description);

  report.runs.forEach((run, index) => {
    out.push(`## Run ${index + 1}: ${run.title}`);
    out.push(`**Hypothesis.** ${run.hypothesis}\n\n**Blast radius.** ${run.blastRadius || "—"}`);
    out.push(`### What happened\n\n${table(["", ""], happenedRows(run))}`);
    if (run.charts.length) {
      out.push("### Key metrics\n\nHatched band: the fault. Dashed lines: impact onset, each team's detection and mitigation, recovery.");
      for (const chart of run.charts) out.push(`**${chart.label}** (${chart.unit}). ${chart.expectation}\n\n![${chart.label}](${charts(chartSvg(chart), `run-${index + 1}-${chart.metric}`)})`);
    }
    if (run.starred.length) out.push(`### Key moments\n\n${table(["At", "Kind", "Team", "Who", "Entry"], run.starred.map(entryRow))}`);
    const printed = printedTimeline(run);
    out.push(`### Timeline\n\n${printed.entries.length ? table(["At", "Kind", "Team", "Who", "Entry"], printed.entries.map(entryRow)) : "No entries."}${printed.left ? `\n\n${printed.left} more entries (system events) are in the JSON export.` : ""}`);
    for (const team of run.teams) {
      out.push(`### Team ${team.teamName}: ${team.total} / 100${team.totalOverridden ? " (set by the facilitator)" : ""}`);
      out.push(table(["Measure", "Value"], measureRows(team)));
      out.push(
        table(
          ["Capability", "Rating", "Why", "Evidence"],
          team.capabilities.map((c) => [capability(c.capability), rating(c.rating) + (c.decided ? " ✔ decided" : ""), c.reasons.join("; "), c.evidence.map((e) => `${time(e.at)} ${e.note}${e.body ? `: “${e.body}”` : ""}`).join("; ")]),
        ),
      );
      out.push(`**Strengths**\n\n${list(team.strengths, "—")}\n\n**Areas for improvement**\n\n${list(team.improvements, "—")}`);
    }
    out.push(`### Contributors, mitigators, where we got lucky\n\n**Contributors**\n\n${list(run.contributors, "—")}\n\n**Mitigators**\n\n${list(run.mitigators, "—")}\n\n**Where we got lucky**\n\n${list(run.lucky, "—")}`);
  });

  out.push("## Improvement plan");
  out.push(
    report.improvementPlan.length
      ? table(
          ["Issue", "Corrective action", "Capability", "Owner", "Due", "Status"],
          report.improvementPlan.map((item) => [item.issue, item.action, item.capability ? capability(item.capability) : "—", item.owner, item.due ?? "—", item.status]),
        )
      : "No action items yet.",
  );
  out.push(`## Definitions\n\n${Object.entries(report.definitions).map(([name, text]) => `- **${name}**: ${text}`).join("\n")}`);
  out.push(`---\nReport schema version ${report.schemaVersion}. Durations are exact per run (${seconds(60)} = one minute); times are UTC.`);
  return `${out.join("\n\n")}\n`;
}
