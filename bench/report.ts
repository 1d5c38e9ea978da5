/**
 * Report rendering at the size the issue names: a 4-hour game day, 8 runs, 10,000 timeline
 * events, 1-second metric snapshots (16 standard series around every run), two teams scored by
 * the scoring engine itself. Times the model (assembleReport), Markdown and PDF, and states the
 * heap and RSS growth of each.
 *
 * Run: npm run bench -- report   (or: node --conditions=react-server --import tsx bench/report.ts)
 */
import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Series } from "@/contract/lab";
import { STANDARD_METRIC_KEYS } from "@/contract/metrics";
import { SCENARIOS } from "@/lib/scenarios";
import { ANSWER_KEYS } from "@/lib/scoring/keys";
import { scoreRun } from "@/lib/scoring/score-run";
import { toTeamScoreView } from "@/lib/scoring/score-view";
import type { RunScoreView } from "@/lib/scoring/schemas";
import type { TimelineEventView } from "@/lib/timeline/schemas";
import { assembleReport, type ReportInput } from "@/lib/report/assemble";
import { renderMarkdown } from "@/lib/report/render-markdown";
import { renderPdf } from "@/lib/report/render-pdf";
import { formatMs, reportFigures } from "./support/figures";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const T0 = Date.parse("2026-12-05T09:00:00.000Z");
const HOURS = 4;
const RUNS = 8;
const EVENTS = 10_000;
const TEAMS = [
  { id: "teamredaaaaaaaaaaaaaaaa", name: "Red" },
  { id: "teambluebbbbbbbbbbbbbbb", name: "Blue" },
];

/** What scoreRun was given for each run, kept to time the scoring on its own. */
const scoringInputs: Parameters<typeof scoreRun>[0][] = [];

/** One run every 30 minutes: fault at +5 min for 5 min, impact 20 s in, recovery 60 s after the fault ends. */
function gameDay(): ReportInput {
  let id = 1;
  const events: TimelineEventView[] = [];
  const event = (at: number, kind: TimelineEventView["kind"], body: string, extra: Partial<TimelineEventView> = {}) =>
    events.push({ id: String(id++), gameDayId: "gameday", runId: null, at: new Date(at).toISOString(), kind, source: "system", actorId: null, actorName: null, teamId: null, body, data: {}, correctsId: null, ...extra } as TimelineEventView);
  const runs: ReportInput["runs"] = [];
  const scenarios = SCENARIOS.slice(0, RUNS);
  scenarios.forEach((scenario, index) => {
    const runId = `runbench${String(index).padStart(16, "0")}`;
    const start = T0 + index * 30 * 60_000 + 5 * 60_000;
    const impact = start + 20_000;
    const end = start + 5 * 60_000;
    const recovered = end + 60_000;
    event(start, "fault.injected", `${scenario.title} injected`, { runId, data: { scenarioId: scenario.id, runId } });
    event(impact, "steady-state.lost", "Steady state lost", { runId, data: { checks: [] } });
    for (const team of TEAMS) {
      const person = { source: "user" as const, actorId: "user", actorName: `${team.name} responder`, teamId: team.id, runId };
      event(impact + 40_000, "detected", "Error rate up on the public endpoint", person);
      event(impact + 70_000, "status-update", "Investigating elevated errors on the API", person);
      event(impact + 150_000, "hypothesis", `Looks like ${scenario.title.toLowerCase()}`, person);
      event(impact + 240_000, "mitigated", "Errors back to normal", person);
    }
    event(end, "fault.reverted", `${scenario.title} reverted`, { runId, data: { scenarioId: scenario.id, runId } });
    event(recovered, "steady-state.regained", "Steady state regained", { runId, data: { checks: [] } });

    const from = start - 10 * 60_000;
    const to = recovered + 10 * 60_000;
    const series: Series[] = STANDARD_METRIC_KEYS.map((metric) => {
      const points = [];
      for (let t = from; t <= to; t += 1000) {
        const during = t >= impact && t < recovered;
        const v = metric.startsWith("probe") ? (during && t % 7000 < 3000 ? 0 : 100) : metric.startsWith("latency") ? (during ? 0.8 : 0.12) + Math.sin(t / 9000) * 0.02 : (during ? 40 : 10) + Math.sin(t / 5000) * 3;
        points.push({ t, v });
      }
      return { id: metric, label: metric, points };
    });
    const run = { id: runId, scenarioId: scenario.id, injectedAt: new Date(start), revertedAt: new Date(end), leaseExpiresAt: new Date(end), recoveredAt: new Date(recovered), stoppedById: null };
    const scoring = {
      run,
      scenario: { checks: scenario.recovery.checks, runbook: scenario.runbook, key: scenario.scoring, answer: ANSWER_KEYS[scenario.id] },
      series,
      events: events.filter((candidate) => candidate.runId === runId),
      teamIds: TEAMS.map((team) => team.id),
      untiedUntil: new Date(to),
      now: new Date(T0 + HOURS * 3600_000),
    };
    scoringInputs.push(scoring);
    const result = scoreRun(scoring);
    const score: RunScoreView | null = result.scorable
      ? {
          runId,
          gameDayId: "gameday",
          scenarioId: scenario.id,
          scenarioTitle: scenario.title,
          revealed: true,
          groundTruth: result.groundTruth,
          reason: null,
          teams: result.teams.map((team) =>
            toTeamScoreView(
              { id: "score", runId, teamId: team.teamId, parts: team.parts, total: team.total, computedAt: new Date(), overrideTotal: null, overrideReason: null, overriddenById: null, overriddenAt: null, ratings: {}, ratingOverrides: {}, measures: { groundTruth: result.groundTruth, team: team.measures } },
              TEAMS.find((candidate) => candidate.id === team.teamId) ?? { id: team.teamId, name: "" },
            ),
          ),
          entries: {},
          definitions: {},
        }
      : null;
    runs.push({ id: runId, scenarioId: scenario.id, params: {}, outcome: "recovered", injectedAt: run.injectedAt, revertedAt: run.revertedAt, endedAt: new Date(recovered), recoveredAt: run.recoveredAt, series, score });
  });
  // The lab's own events fill the rest: tasks, target health, alarms, spread over the day.
  const labKinds = ["task.started", "task.stopped", "target-health", "alarm", "scaling"] as const;
  for (let index = 0; events.length < EVENTS; index++) {
    const at = T0 + Math.floor(((index * 7919) % (HOURS * 3600)) * 1000);
    const kind = labKinds[index % labKinds.length] ?? "alarm";
    event(at, kind, `${kind} ${index}: api service task ${index % 6} changed state`, { data: { labEventId: `lab-${index}`, labKind: kind, service: "api" } });
  }
  events.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const starred = new Set(events.filter((candidate) => candidate.kind === "detected").slice(0, 16).map((candidate) => candidate.id));
  return {
    gameDay: { id: "gameday", title: "Benchmark game day", description: "Four hours, eight scenarios, two teams.", environment: "local", status: "ended", startedAt: new Date(T0), endedAt: new Date(T0 + HOURS * 3600_000) },
    people: [
      { name: "Facilitator", role: "facilitator", teamId: null },
      { name: "Red responder", role: "trainee", teamId: TEAMS[0]?.id ?? null },
      { name: "Blue responder", role: "trainee", teamId: TEAMS[1]?.id ?? null },
    ],
    teams: TEAMS,
    runs,
    events,
    edits: {
      summary: "We tested how the API survives eight faults in one afternoon.",
      starred,
      actionItems: [{ id: "a1", issue: "Alarms fired late", action: "Lower the 5xx alarm's period to 60 s", owner: "Platform team", due: "2026-12-19", capability: "detect", status: "open" }],
    },
    version: { number: 0, finalizedAt: null },
    now: new Date(T0 + HOURS * 3600_000),
  };
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

interface Measured<T> {
  result: T;
  median: number;
  max: number;
  peakHeap: number;
  rssGrowth: number;
}

async function measure<T>(work: () => T | Promise<T>): Promise<Measured<T>> {
  const times: number[] = [];
  let result: T | undefined;
  const rssBefore = process.memoryUsage().rss;
  let peakHeap = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const started = performance.now();
    result = await work();
    times.push(performance.now() - started);
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }
  return { result: result as T, median: median(times), max: Math.max(...times), peakHeap, rssGrowth: process.memoryUsage().rss - rssBefore };
}

const timing = (measured: Measured<unknown>) => `median ${formatMs(measured.median)}, max ${formatMs(measured.max)}; heap peak ${mb(measured.peakHeap)}`;

async function main(): Promise<void> {
  const input = gameDay();
  const points = input.runs.reduce((sum, run) => sum + run.series.reduce((n, series) => n + series.points.length, 0), 0);
  const scoring = await measure(() => scoringInputs.map((entry) => scoreRun(entry)));
  const model = await measure(() => assembleReport(input));
  const markdown = await measure(() => renderMarkdown(model.result));
  const pdf = await measure(() => renderPdf(model.result));
  const both = await measure(async () => renderPdf(assembleReport(input)));
  const out = path.join(os.tmpdir(), "gameday-bench-report.pdf");
  writeFileSync(out, pdf.result);
  writeFileSync(out.replace(/\.pdf$/, ".md"), markdown.result);
  reportFigures({
    script: "report",
    title: "Scoring and the after-action report of a 4-hour game day",
    command: "npm run bench -- report",
    about: `A 4-hour game day built in memory: ${input.runs.length} runs (one every 30 minutes, a 5-minute fault each, two teams), ${input.events.length.toLocaleString("en")} timeline events, 16 standard series at 1-second resolution around every run (${points.toLocaleString("en")} points), 16 starred entries and an action item. Each step runs ${ROUNDS} times (\`BENCH_ROUNDS\`). Reading the rows from Postgres comes before this and is not in these figures.`,
    figures: [
      { what: `scoring every run for both teams (${scoringInputs.length} runs × ${TEAMS.length} teams, from the series and the timeline)`, target: "≤ 1 s", measured: timing(scoring), met: scoring.median <= 1000 },
      { what: "the report model from the recorded rows (charts reduced to 240 min/max buckets)", target: "", measured: timing(model) },
      { what: `Markdown, ${(markdown.result.length / 1024).toFixed(0)} KiB with inline SVG charts`, target: "≤ 0.5 s", measured: timing(markdown), met: markdown.median <= 500 },
      { what: `PDF, ${(pdf.result.length / 1024).toFixed(0)} KiB with vector charts`, target: "≤ 3 s", measured: `${timing(pdf)}, RSS +${mb(pdf.rssGrowth)}`, met: pdf.median <= 3000 },
      { what: "model + PDF in one go", target: "≤ 3 s", measured: timing(both), met: both.median <= 3000 },
    ],
    notes: `The process's RSS at the end was ${mb(process.memoryUsage().rss)}; the JSON export is ${(JSON.stringify(model.result).length / 1024).toFixed(0)} KiB. Passing Inter as the document's first font (pdfkit's \`font\` option) instead of registering it by name made the PDF take about 5 s, so the renderer registers its fonts by name.`,
  });
}

await main();
