/**
 * From the recorded rows to the report model. Pure, so the benchmark and the tests build the
 * same report the route does.
 */
import type { Series } from "@/contract/lab";
import { getScenario } from "@/lib/scenarios";
import { MEASURE_DEFINITIONS } from "@/lib/scoring/definitions";
import type { RunScoreView, TeamScoreView } from "@/lib/scoring/schemas";
import { CAPABILITY_LABELS, RATING_LABELS, type Capability } from "@/lib/scoring/vocabulary";
import { currentVersions } from "@/lib/scoring/evidence";
import { TIMELINE_KINDS } from "@/lib/timeline/kinds";
import type { TimelineEventView } from "@/lib/timeline/schemas";
import { availabilityOf, chartPoints } from "./measure";
import { REPORT_SCHEMA_VERSION, ReportSchema, type ActionItem, type Report, type ReportChart, type ReportEntry, type ReportRun, type TeamResult } from "./model";

/** How long before the fault and after recovery the charts show. */
export const CHART_MARGIN_MS = 5 * 60_000;
/** How long after the fault's end (or recovery, if later) availability is still counted. */
export const SETTLE_MS = 60_000;

export interface ReportInput {
  gameDay: { id: string; title: string; description: string; environment: string; status: string; startedAt: Date | null; endedAt: Date | null };
  people: Array<{ name: string; role: "facilitator" | "trainee" | "observer"; teamId: string | null }>;
  teams: Array<{ id: string; name: string }>;
  runs: Array<{
    id: string;
    scenarioId: string;
    params: unknown;
    outcome: string | null;
    injectedAt: Date | null;
    revertedAt: Date | null;
    endedAt: Date | null;
    recoveredAt: Date | null;
    series: Series[];
    score: RunScoreView | null;
  }>;
  /** The game day's timeline as the reader may see it, oldest first. */
  events: TimelineEventView[];
  edits: { summary: string; starred: ReadonlySet<string>; actionItems: ActionItem[] };
  version: { number: number; finalizedAt: Date | null };
  now: Date;
}

const METRIC_UNITS: Record<string, string> = { latencyP50: "s", latencyP95: "s", latencyP99: "s", probe_public: "%", probe_db: "%", probe_backend: "%", cpu: "%", memory: "%" };
const ms = (date: Date | string | null | undefined) => (date ? new Date(date).getTime() : null);
const iso = (date: Date | null) => date?.toISOString() ?? null;

function entryOf(event: TimelineEventView, teamNames: Map<string, string>, starred: ReadonlySet<string>): ReportEntry {
  return {
    id: event.id,
    at: event.at,
    kind: event.kind,
    label: TIMELINE_KINDS[event.kind]?.label ?? event.kind,
    source: event.source,
    actorName: event.actorName,
    teamName: event.teamId ? (teamNames.get(event.teamId) ?? null) : null,
    body: event.body,
    starred: starred.has(event.id),
  };
}

function teamResult(view: TeamScoreView, entries: RunScoreView["entries"]): TeamResult {
  const capabilities = view.ratings.map((rating) => ({
    capability: rating.capability,
    rating: rating.final,
    decided: rating.decision !== null,
    reasons: rating.decision ? [`Facilitator: ${rating.decision.reason}`, ...rating.reasons] : rating.reasons,
    evidence: rating.evidence.map((ref) => ({ at: ref.at, note: ref.note, body: ref.id ? (entries[ref.id]?.body ?? null) : null })),
  }));
  const line = (capability: Capability, rating: string, reasons: string[]) => `${CAPABILITY_LABELS[capability]} (${rating}): ${reasons[0] ?? RATING_LABELS[rating as keyof typeof RATING_LABELS]}`;
  return {
    teamId: view.teamId,
    teamName: view.teamName,
    total: view.total,
    totalOverridden: view.totalOverride !== null,
    measures: view.measures,
    capabilities,
    strengths: capabilities.filter((c) => c.rating === "P" || c.rating === "S").map((c) => line(c.capability, c.rating ?? "", c.reasons)),
    improvements: capabilities.filter((c) => c.rating === "M" || c.rating === "U").map((c) => line(c.capability, c.rating ?? "", c.reasons)),
  };
}

const EFFECT_WORDS = {
  "ended-incident": "ended the incident",
  "effective-not-decisive": "helped, without ending the incident",
  "after-fault-end": "came after the fault had ended",
  "no-effect": "had no effect",
  harmful: "made things worse",
} as const;

function assembleRun(input: ReportInput, run: ReportInput["runs"][number], events: TimelineEventView[], teamNames: Map<string, string>): ReportRun {
  const scenario = getScenario(run.scenarioId);
  const truth = run.score?.groundTruth ?? null;
  const faultStartMs = ms(run.injectedAt);
  const faultEndMs = ms(truth?.faultEnd?.at ?? run.revertedAt ?? run.endedAt);
  const recoveryMs = ms(truth?.recovery ?? run.recoveredAt);
  const allPoints = run.series.flatMap((series) => (series.points.length ? [series.points[0]?.t ?? 0, series.points.at(-1)?.t ?? 0] : []));
  const fromMs = faultStartMs !== null ? faultStartMs - CHART_MARGIN_MS : Math.min(...allPoints);
  const untilMs = Math.max(faultEndMs ?? 0, recoveryMs ?? 0, faultStartMs ?? 0) + CHART_MARGIN_MS;

  const byRun = events.filter((event) => event.runId === run.id || (event.runId === null && faultStartMs !== null && Date.parse(event.at) >= fromMs && Date.parse(event.at) <= untilMs));
  const timeline = byRun.map((event) => entryOf(event, teamNames, input.edits.starred));
  const teams = (run.score?.teams ?? []).map((view) => teamResult(view, run.score?.entries ?? {}));

  const marks: ReportChart["marks"] = [];
  if (truth?.impactOnset) marks.push({ atMs: Date.parse(truth.impactOnset.at), label: "impact" });
  for (const team of teams) {
    if (team.measures.timeToDetect) marks.push({ atMs: Date.parse(team.measures.timeToDetect.to), label: `${team.teamName} detected` });
    if (team.measures.timeToMitigate) marks.push({ atMs: Date.parse(team.measures.timeToMitigate.to), label: `${team.teamName} mitigated` });
  }
  if (recoveryMs !== null) marks.push({ atMs: recoveryMs, label: "recovered" });
  const wanted = ["probe_public", ...(scenario?.signals.map((signal) => signal.metric) ?? [])].filter((metric, index, all) => all.indexOf(metric) === index);
  const charts = wanted.flatMap((metric): ReportChart[] => {
    const series = run.series.find((candidate) => candidate.id === metric);
    if (!series || faultStartMs === null) return [];
    const signal = scenario?.signals.find((candidate) => candidate.metric === metric);
    return [
      {
        metric,
        label: series.label || metric,
        unit: METRIC_UNITS[metric] ?? "count",
        expectation: signal ? `${signal.change === "rises" ? "Rises" : "Drops"}: ${signal.description}` : "Share of probe requests answered; 100 % is fully available.",
        fromMs,
        toMs: untilMs,
        fault: { fromMs: faultStartMs, toMs: faultEndMs ?? untilMs },
        marks,
        points: chartPoints(series, fromMs, untilMs),
      },
    ];
  });

  const lost = byRun.filter((event) => event.kind === "steady-state.lost").map((event) => event.at);
  const regained = byRun.filter((event) => event.kind === "steady-state.regained").map((event) => event.at);
  // Through the fault, its recovery and a minute of settling, like a zero-downtime change's proof.
  const availabilityUntil = Math.max(recoveryMs ?? 0, faultEndMs ?? 0, faultStartMs ?? 0) + SETTLE_MS;
  const availability = availabilityOf(
    run.series.find((series) => series.id === "probe_public"),
    faultStartMs ?? fromMs,
    availabilityUntil,
  );

  const remediations = truth?.remediations ?? [];
  const remediationLine = (r: (typeof remediations)[number]) => `${r.teamId ? (teamNames.get(r.teamId) ?? "A team") : "The facilitator"}'s ${r.type} at ${r.at.slice(11, 19)} ${EFFECT_WORDS[r.effect]}`;
  const flags = teams.flatMap((team) => team.measures.flags.map((flag) => ({ team: team.teamName, flag })));
  const verdicts = new Set(teams.map((team) => team.measures.mitigation));
  const lucky: string[] = [];
  if (verdicts.has("fault-expired")) lucky.push("The fault ended on its own (lease or revert) before any team's fix took effect; with a longer fault the outage would have lasted longer.");
  if (verdicts.has("recovered-on-its-own")) lucky.push("The service recovered by itself while the fault was still live; no one's action was needed this time.");
  if (truth && !truth.impactOnset) lucky.push("The fault caused no visible impact: the steady-state checks never failed and no alarm fired.");

  return {
    runId: run.id,
    scenarioId: run.scenarioId,
    title: scenario?.title ?? run.scenarioId,
    summary: scenario?.summary ?? "",
    hypothesis: scenario?.hypothesis ?? "",
    blastRadius: scenario ? safeBlastRadius(scenario, run.params) : "",
    outcome: run.outcome,
    happened: {
      faultStart: iso(run.injectedAt),
      faultEnd: truth?.faultEnd?.at ?? iso(run.revertedAt ?? run.endedAt),
      faultEndedBy: truth?.faultEnd?.by ?? null,
      impactOnset: truth?.impactOnset?.at ?? null,
      impactDetail: truth?.impactOnset?.detail ?? null,
      steadyStateLost: lost,
      steadyStateRegained: regained,
      recovery: truth?.recovery ?? iso(run.recoveredAt),
    },
    availability,
    groundTruth: truth,
    charts,
    starred: timeline.filter((entry) => entry.starred),
    timeline,
    teams,
    contributors: [
      ...(truth?.impactOnset ? [`Impact: ${truth.impactOnset.detail}`] : []),
      ...remediations.filter((r) => r.effect === "harmful").map(remediationLine),
      ...flags.filter(({ flag }) => flag.kind === "harmful-action" || flag.kind === "false-claim").map(({ team, flag }) => `${team}: ${flag.detail}`),
    ],
    mitigators: [
      ...remediations.filter((r) => r.effect === "ended-incident" || r.effect === "effective-not-decisive").map(remediationLine),
      ...flags.filter(({ flag }) => flag.kind === "early-detection").map(({ team, flag }) => `${team}: ${flag.detail}`),
    ],
    lucky,
  };
}

function safeBlastRadius(scenario: NonNullable<ReturnType<typeof getScenario>>, params: unknown): string {
  const parsed = scenario.params.safeParse(params);
  return parsed.success ? scenario.blastRadius(parsed.data) : "";
}

export function assembleReport(input: ReportInput): Report {
  const teamNames = new Map(input.teams.map((team) => [team.id, team.name]));
  const events = currentVersions(input.events);
  const runs = input.runs.map((run) => assembleRun(input, run, events, teamNames));

  const tested = runs.map((run) => `${run.title}: ${run.summary}`);
  const held = runs.filter((run) => run.availability.zeroDowntime === "held").map((run) => `${run.title}: users saw no downtime${run.availability.percent !== null ? ` (${run.availability.percent} % of probe checks answered)` : ""}.`);
  const didNotHold = runs
    .filter((run) => run.availability.zeroDowntime === "broken")
    .map((run) => `${run.title}: users were affected, ${run.availability.percent} % of probe checks answered, the longest outage lasted ${run.availability.longestOutageSeconds} s.`);
  const teamLines = input.teams.flatMap((team) => {
    const results = runs.flatMap((run) => run.teams.filter((result) => result.teamId === team.id));
    if (results.length === 0) return [];
    const ratings = results.flatMap((result) => result.capabilities.flatMap((c) => (c.rating ? [{ capability: c.capability, rating: c.rating }] : [])));
    const best = ratings.filter((r) => r.rating === "P").map((r) => CAPABILITY_LABELS[r.capability].toLowerCase());
    const worst = ratings.filter((r) => r.rating === "M" || r.rating === "U").map((r) => CAPABILITY_LABELS[r.capability].toLowerCase());
    const unique = (list: string[]) => [...new Set(list)].join(", ");
    const average = Math.round(results.reduce((sum, result) => sum + result.total, 0) / results.length);
    return [`${team.name}: ${results.length} run(s), score ${results.map((r) => r.total).join(" / ")} of 100 (around ${average}).${best.length ? ` Handled well: ${unique(best)}.` : ""}${worst.length ? ` Needs work: ${unique(worst)}.` : ""}`];
  });
  const openActions = input.edits.actionItems.filter((item) => item.status !== "done");
  const topActions = [...openActions]
    .sort((a, b) => (a.due ?? "9999").localeCompare(b.due ?? "9999"))
    .slice(0, 3)
    .map((item) => `${item.action} (owner: ${item.owner}${item.due ? `, due ${item.due}` : ""})`);

  const names = (role: "facilitator" | "observer") => input.people.filter((person) => person.role === role).map((person) => person.name);
  return ReportSchema.parse({
    schemaVersion: REPORT_SCHEMA_VERSION,
    version: input.version.number,
    final: input.version.finalizedAt !== null,
    finalizedAt: iso(input.version.finalizedAt),
    generatedAt: input.now.toISOString(),
    gameDay: {
      id: input.gameDay.id,
      title: input.gameDay.title,
      description: input.gameDay.description,
      environment: input.gameDay.environment,
      status: input.gameDay.status,
      startedAt: iso(input.gameDay.startedAt),
      endedAt: iso(input.gameDay.endedAt),
      facilitators: names("facilitator"),
      observers: names("observer"),
      teams: input.teams.map((team) => ({ id: team.id, name: team.name, members: input.people.filter((person) => person.teamId === team.id).map((person) => person.name) })),
      scenarios: [...new Set(runs.map((run) => run.title))],
    },
    summary: { facilitatorWords: input.edits.summary, tested, held, didNotHold, teams: teamLines, topActions },
    runs,
    improvementPlan: input.edits.actionItems,
    definitions: { ...MEASURE_DEFINITIONS, ...Object.fromEntries(Object.entries(RATING_LABELS).map(([rating, label]) => [`rating ${rating}`, label])) },
  });
}
