/**
 * Scores every team on one run from evidence: ground truth in (lab instants, metrics, system
 * events), people's entries in, per team five parts out, each with a value, a proposed
 * P/S/M/U rating, the reasons and the entries it rests on. Pure: the same evidence always
 * gives the same score, so recomputing after late entries or corrections is safe.
 */
import type { Series } from "@/lib/lab/types";
import type { RunbookStep, ScoringKey, SteadyStateCheck } from "@/lib/scenarios/types";
import type { TimelineEventView } from "@/lib/timeline/schemas";
import { evidenceOfRun, type Evidence } from "./evidence";
import { groundTruthOf, type Instants, type RunFacts } from "./ground-truth";
import type { AnswerKey } from "./keys";
import type { Duration, EvidenceRef, GroundTruth, MitigationVerdict, Part, Parts, TeamMeasures, TeamScore } from "./model";
import { CAPABILITIES, type Capability, type Rating } from "./vocabulary";

/** A claim counts as confirmed when recovery came no later than this after it (metrics lag the target). */
export const CLAIM_GRACE_MS = 30_000;
/** Entries without a run count for it until this long after it ended, unless the next run starts sooner. */
export const UNTIED_ENTRY_MARGIN_MS = 15 * 60_000;

const STEP_WEIGHT = { essential: 3, critical: 2, optional: 1 } as const;

export interface ScenarioFacts {
  checks: readonly SteadyStateCheck[];
  runbook: readonly RunbookStep[];
  key: ScoringKey;
  answer: AnswerKey;
}

export interface ScoreRunInput {
  run: RunFacts;
  scenario: ScenarioFacts;
  series: readonly Series[];
  /** The game day's timeline (every kind); scoring picks what it needs. */
  events: readonly TimelineEventView[];
  teamIds: readonly string[];
  /** Entries without a run id count for this run until here. */
  untiedUntil: Date;
  /** Evidence written after this instant is ignored (the reveal: what teams write once they have seen their scores cannot change them). */
  evidenceUntil?: Date | null;
  now: Date;
}

export type ScoreRunResult = { scorable: true; groundTruth: GroundTruth; teams: TeamScore[] } | { scorable: false; reason: string };

const iso = (ms: number) => new Date(ms).toISOString();
const duration = (from: number, to: number): Duration => ({ seconds: Math.round((to - from) / 100) / 10, from: iso(from), to: iso(to) });
const ref = (entry: Evidence, note: string): EvidenceRef => ({ id: entry.id, at: iso(entry.atMs), kind: entry.kind, note });
const truthRef = (ms: number, kind: string, note: string): EvidenceRef => ({ id: null, at: iso(ms), kind, note });
const secondsText = (seconds: number) => `${Math.round(seconds)} s`;

/** 100 at or under the target, falling linearly to 0 at three times the target. */
export function timeValue(seconds: number, targetSeconds: number): number {
  if (seconds <= targetSeconds) return 100;
  return Math.max(0, Math.round((100 * (3 * targetSeconds - seconds)) / (2 * targetSeconds)));
}

/** P within the target, S within twice it, M later. */
export function timeRating(seconds: number, targetSeconds: number): Rating {
  if (seconds <= targetSeconds) return "P";
  if (seconds <= 2 * targetSeconds) return "S";
  return "M";
}

const RANK: Record<Rating, number> = { P: 0, S: 1, M: 2, U: 3 };
/** The worse of two ratings: a cap never raises a rating. */
export function capRating(rating: Rating, cap: Rating): Rating {
  return RANK[rating] >= RANK[cap] ? rating : cap;
}

function timedTarget(targetSeconds: number, from: string): string {
  return `P within ${targetSeconds} s of ${from}, S within ${2 * targetSeconds} s, M later; the value falls from 100 at ${targetSeconds} s to 0 at ${3 * targetSeconds} s`;
}

function matchesKeywords(text: string, keywords: readonly (readonly string[])[]): boolean {
  const lower = text.toLowerCase();
  return keywords.length > 0 && keywords.every((words) => words.some((word) => lower.includes(word)));
}

interface TeamContext {
  teamId: string;
  entries: Evidence[];
  all: Evidence[];
  instants: Instants;
  scenario: ScenarioFacts;
  flags: TeamMeasures["flags"];
}

// ---------------------------------------------------------------- detect

function detectPart(context: TeamContext): { part: Omit<Part, "weight">; detectedAt: number | null; measures: Pick<TeamMeasures, "timeToDetect" | "timeToDetectFromFaultStart"> } {
  const { instants, scenario, entries } = context;
  const target = timedTarget(scenario.key.detectTargetSeconds, "impact onset");
  const signals = entries.filter((entry) => {
    if (entry.kind === "detected" || entry.kind === "acknowledged") return true;
    if (entry.kind === "hypothesis") return matchesKeywords(entry.body, scenario.answer.hypothesisKeywords);
    if (entry.kind === "root-cause") return entry.data.component !== undefined && scenario.answer.rootCause.components.includes(entry.data.component);
    return false;
  });
  const onset = instants.impactOnset;
  const rewarded = signals.filter((entry) => entry.atMs >= instants.faultStart && onset !== null && entry.atMs >= onset);
  for (const entry of signals) {
    if (entry.atMs < instants.faultStart) continue;
    if (onset === null || entry.atMs < onset) {
      context.flags.push({ kind: "early-detection", entryId: entry.id, detail: onset === null ? "A detection of a fault that had no visible impact: not rewarded." : "A detection before impact onset: a guess, not rewarded." });
    }
  }
  if (onset === null) {
    return {
      part: { capability: "detect", applicable: false, value: 0, target, rating: null, reasons: ["The fault had no visible impact: nothing to detect."], evidence: signals.map((entry) => ref(entry, "entry before any impact")) },
      detectedAt: null,
      measures: { timeToDetect: null, timeToDetectFromFaultStart: null },
    };
  }
  const first = rewarded[0];
  const onsetRef = truthRef(onset, "impact-onset", "impact onset");
  if (!first) {
    return {
      part: { capability: "detect", applicable: true, value: 0, target, rating: "U", reasons: ["No detection after impact onset."], evidence: [onsetRef] },
      detectedAt: null,
      measures: { timeToDetect: null, timeToDetectFromFaultStart: null },
    };
  }
  const ttd = duration(onset, first.atMs);
  const reasons = [`Detected ${secondsText(ttd.seconds)} after impact onset (${secondsText((first.atMs - instants.faultStart) / 1000)} after fault start) with a '${first.kind}' entry.`];
  if (instants.recovery !== null && first.atMs > instants.recovery) reasons.push("The first detection came after recovery.");
  return {
    part: {
      capability: "detect",
      applicable: true,
      value: timeValue(ttd.seconds, scenario.key.detectTargetSeconds),
      target,
      rating: timeRating(ttd.seconds, scenario.key.detectTargetSeconds),
      reasons,
      evidence: [onsetRef, ref(first, "first detection")],
    },
    detectedAt: first.atMs,
    measures: { timeToDetect: ttd, timeToDetectFromFaultStart: duration(instants.faultStart, first.atMs) },
  };
}

// ---------------------------------------------------------------- diagnose

type DiagnosisLevel = "correct" | "partial" | "wrong";
const LEVEL_RANK: Record<DiagnosisLevel, number> = { correct: 2, partial: 1, wrong: 0 };

function judgeRootCause(entry: Evidence & { kind: "root-cause" }, answer: AnswerKey): DiagnosisLevel {
  const { component, failureMode } = entry.data;
  const rightComponent = component !== undefined && answer.rootCause.components.includes(component);
  const rightMode = failureMode !== undefined && answer.rootCause.failureModes.includes(failureMode);
  if (rightComponent && rightMode) return "correct";
  if (rightComponent) return "partial";
  return "wrong";
}

function diagnosePart(context: TeamContext): { part: Omit<Part, "weight">; measures: Pick<TeamMeasures, "timeToDiagnose" | "diagnosis"> } {
  const { instants, scenario } = context;
  const from = instants.impactOnset ?? instants.faultStart;
  const fromWords = instants.impactOnset === null ? "fault start" : "impact onset";
  const target = `${timedTarget(scenario.key.diagnoseTargetSeconds, fromWords)}, for the right component and failure mode; the right component with the wrong failure mode is partial (M, 25)`;
  const causes = context.entries.filter((entry): entry is Evidence & { kind: "root-cause" } => entry.kind === "root-cause" && entry.atMs >= instants.faultStart);
  const final = causes.at(-1);
  if (!final) {
    return { part: { capability: "diagnose", applicable: true, value: 0, target, rating: "U", reasons: ["No root-cause entry."], evidence: [] }, measures: { timeToDiagnose: null, diagnosis: "none" } };
  }
  const level = judgeRootCause(final, scenario.answer);
  const first = causes.find((entry) => LEVEL_RANK[judgeRootCause(entry, scenario.answer)] >= LEVEL_RANK[level]) ?? final;
  const said = `"${final.body}"`;
  const evidence = [ref(final, "final root cause")];
  if (first.id !== final.id) evidence.unshift(ref(first, "first root cause as right as the final one"));
  if (level === "wrong") {
    return {
      part: { capability: "diagnose", applicable: true, value: 0, target, rating: "U", reasons: [`The final root cause names the wrong component: ${said}.`], evidence },
      measures: { timeToDiagnose: null, diagnosis: "wrong" },
    };
  }
  const ttd = duration(from, Math.max(from, first.atMs));
  if (level === "partial") {
    return {
      part: { capability: "diagnose", applicable: true, value: 25, target, rating: "M", reasons: [`Right component, wrong or missing failure mode (${secondsText(ttd.seconds)} after ${fromWords}): ${said}.`], evidence },
      measures: { timeToDiagnose: ttd, diagnosis: "partial" },
    };
  }
  return {
    part: {
      capability: "diagnose",
      applicable: true,
      value: 50 + timeValue(ttd.seconds, scenario.key.diagnoseTargetSeconds) / 2,
      target,
      rating: timeRating(ttd.seconds, scenario.key.diagnoseTargetSeconds),
      reasons: [`Right component and failure mode ${secondsText(ttd.seconds)} after ${fromWords}: ${said}.`],
      evidence,
    },
    measures: { timeToDiagnose: ttd, diagnosis: "correct" },
  };
}

// ---------------------------------------------------------------- mitigate

type RemediationEntry = Evidence & { kind: "remediation" };

/** The remediations that fix this incident: the key's effective ones, or for a self-healing one those that beat the platform to it. */
function fixesOf(scenario: ScenarioFacts): readonly string[] {
  const mitigation = scenario.answer.mitigation;
  return mitigation.kind === "remediate" ? mitigation.effective : mitigation.helpful;
}

/** Which remediation (of any team) ended the incident: the first fixing one taken while the fault was live, before a recovery that came while it was still live. */
export function incidentEnder(remediations: readonly RemediationEntry[], scenario: ScenarioFacts, instants: Instants): RemediationEntry | null {
  if (instants.recovery === null) return null;
  const recovery = instants.recovery;
  if (instants.faultEnd !== null && recovery > instants.faultEnd) return null;
  const fixes = fixesOf(scenario);
  return remediations.find((entry) => fixes.includes(entry.data.action.type) && entry.atMs >= instants.faultStart && entry.atMs < recovery) ?? null;
}

export function remediationEffects(remediations: readonly RemediationEntry[], scenario: ScenarioFacts, instants: Instants): GroundTruth["remediations"] {
  const ender = incidentEnder(remediations, scenario, instants);
  const mitigation = scenario.answer.mitigation;
  return remediations
    .filter((entry) => entry.atMs >= instants.faultStart)
    .map((entry) => {
      const type = entry.data.action.type;
      let effect: GroundTruth["remediations"][number]["effect"];
      if (ender?.id === entry.id) effect = "ended-incident";
      else if (mitigation.kind === "hold" && mitigation.harmful.includes(type) && (instants.recovery === null || entry.atMs < instants.recovery)) effect = "harmful";
      else if (!fixesOf(scenario).includes(type)) effect = "no-effect";
      else if (instants.faultEnd !== null && entry.atMs >= instants.faultEnd) effect = "after-fault-end";
      else effect = "effective-not-decisive";
      return { id: entry.id, at: iso(entry.atMs), teamId: entry.teamId, type, effect };
    });
}

const VERDICT_VALUE: Record<Rating, number> = { P: 100, S: 60, M: 30, U: 0 };

function mitigatePart(context: TeamContext, remediations: readonly RemediationEntry[]): { part: Omit<Part, "weight">; measures: Pick<TeamMeasures, "timeToMitigate" | "timeToMitigateFromFaultStart" | "mitigation"> } {
  const { instants, scenario, entries, teamId } = context;
  const mitigation = scenario.answer.mitigation;
  const none: Pick<TeamMeasures, "timeToMitigate" | "timeToMitigateFromFaultStart"> = { timeToMitigate: null, timeToMitigateFromFaultStart: null };
  const target =
    mitigation.kind === "remediate"
      ? `${timedTarget(scenario.key.mitigateTargetSeconds, "impact onset")}, credited only for a recovery while the fault was live that followed one of the team's own fixing remediations`
      : `The platform recovers by itself here. P: the team held (no harmful action before recovery) and declared the recovery once the metrics showed it; S: held but never declared it; M: a harmful action or a false claim. A fixing remediation that beat the platform's recovery while the fault was live is credited and timed (P within ${scenario.key.mitigateTargetSeconds} s of impact onset)`;
  const evidence: EvidenceRef[] = [];
  const reasons: string[] = [];
  if (instants.recovery !== null) evidence.push(truthRef(instants.recovery, "recovery", "recovery"));
  if (instants.faultEnd !== null) evidence.push(truthRef(instants.faultEnd, "fault-end", "fault end"));

  // Claims: a 'mitigated' or 'resolved' entry the metrics do not confirm is flagged.
  const claims = entries.filter((entry) => (entry.kind === "mitigated" || entry.kind === "resolved") && entry.atMs >= instants.faultStart);
  const falseClaims = claims.filter((entry) => instants.recovery === null || instants.recovery > entry.atMs + CLAIM_GRACE_MS);
  for (const claim of falseClaims) {
    context.flags.push({ kind: "false-claim", entryId: claim.id, detail: `'${claim.kind}' at ${iso(claim.atMs)}, but the metrics ${instants.recovery === null ? "never showed recovery" : `showed recovery only at ${iso(instants.recovery)}`}.` });
    evidence.push(ref(claim, "claim the metrics did not confirm"));
    reasons.push(`A '${claim.kind}' claim the metrics did not confirm.`);
  }
  const confirmed = claims.find((claim) => !falseClaims.includes(claim));
  if (confirmed) evidence.push(ref(confirmed, "claim confirmed by the metrics"));

  if (instants.impactOnset === null) {
    return { part: { capability: "mitigate", applicable: false, value: 0, target, rating: null, reasons: ["The fault had no visible impact: nothing to mitigate.", ...reasons], evidence }, measures: { ...none, mitigation: "no-impact" } };
  }
  const own = remediations.filter((entry) => entry.teamId === teamId && entry.atMs >= instants.faultStart);
  const finish = (rating: Rating, verdict: MitigationVerdict, value: number, timing = none): ReturnType<typeof mitigatePart> => {
    const capped = falseClaims.length > 0 ? capRating(rating, "S") : rating;
    const cappedValue = falseClaims.length > 0 ? Math.min(value, 60) : value;
    return { part: { capability: "mitigate", applicable: true, value: cappedValue, target, rating: capped, reasons, evidence }, measures: { ...timing, mitigation: verdict } };
  };

  if (mitigation.kind === "hold") {
    const harmful = own.filter((entry) => mitigation.harmful.includes(entry.data.action.type) && (instants.recovery === null || entry.atMs < instants.recovery));
    for (const entry of harmful) {
      context.flags.push({ kind: "harmful-action", entryId: entry.id, detail: `'${entry.data.action.type}' works against this incident: ${mitigation.why}` });
      evidence.push(ref(entry, "harmful remediation"));
    }
    if (instants.recovery === null) {
      reasons.unshift("No recovery was recorded.");
      return finish("U", "not-recovered", 0);
    }
    const ender = incidentEnder(remediations, scenario, instants);
    if (ender && ender.teamId === teamId) {
      const ttm = duration(instants.impactOnset, instants.recovery);
      reasons.unshift(`Recovered ${secondsText(ttm.seconds)} after impact onset, following the team's '${ender.data.action.type}' at ${iso(ender.atMs)}, ahead of the platform's own recovery.`);
      evidence.push(ref(ender, `remediation '${ender.data.action.type}'`));
      const rating = harmful.length > 0 ? capRating(timeRating(ttm.seconds, scenario.key.mitigateTargetSeconds), "M") : timeRating(ttm.seconds, scenario.key.mitigateTargetSeconds);
      return finish(rating, "mitigated", 50 + timeValue(ttm.seconds, scenario.key.mitigateTargetSeconds) / 2, { timeToMitigate: ttm, timeToMitigateFromFaultStart: duration(instants.faultStart, instants.recovery) });
    }
    reasons.unshift(ender ? `${ender.teamId === null ? "A facilitator's" : "Another team's"} '${ender.data.action.type}' ended the incident; this team's part was to hold: ${mitigation.why}` : `Recovered without a fix from the team, as expected here: ${mitigation.why}`);
    if (harmful.length > 0) {
      reasons.push(`${harmful.length} harmful remediation(s) before recovery.`);
      return finish("M", "held", 30);
    }
    if (!confirmed) {
      reasons.push("The team never declared the recovery ('Mitigated' or 'Resolved').");
      return finish("S", "held", 75);
    }
    reasons.push("The team held and declared the recovery once the metrics showed it.");
    return finish("P", "held", 100);
  }

  const effectiveOwn = own.filter((entry) => mitigation.effective.includes(entry.data.action.type));
  for (const entry of effectiveOwn) evidence.push(ref(entry, `remediation '${entry.data.action.type}'`));
  const ender = incidentEnder(remediations, scenario, instants);
  const onset = instants.impactOnset;
  const beforeFaultEnd = effectiveOwn.filter((entry) => instants.faultEnd === null || entry.atMs < instants.faultEnd);
  if (instants.recovery === null) {
    reasons.unshift("No recovery was recorded.");
    return beforeFaultEnd.length > 0 ? finish("M", "not-recovered", VERDICT_VALUE.M) : finish("U", "not-recovered", 0);
  }
  const recovery = instants.recovery;
  if (ender && ender.teamId === teamId) {
    const ttm = duration(onset, recovery);
    reasons.unshift(`Recovered ${secondsText(ttm.seconds)} after impact onset, following the team's '${ender.data.action.type}' at ${iso(ender.atMs)} while the fault was live.`);
    const value = 50 + timeValue(ttm.seconds, scenario.key.mitigateTargetSeconds) / 2;
    return finish(timeRating(ttm.seconds, scenario.key.mitigateTargetSeconds), "mitigated", value, { timeToMitigate: ttm, timeToMitigateFromFaultStart: duration(instants.faultStart, recovery) });
  }
  if (ender) {
    const acted = effectiveOwn.some((entry) => entry.atMs < recovery);
    const whose = ender.teamId === null ? "A facilitator's" : "Another team's";
    reasons.unshift(`${whose} '${ender.data.action.type}' ended the incident; ${acted ? "this team took a right action too, later" : "this team took no right action before recovery"}.`);
    evidence.push(ref(ender, "the remediation that ended the incident"));
    return acted ? finish("S", "mitigated-by-other-team", VERDICT_VALUE.S) : finish("U", "mitigated-by-other-team", 0);
  }
  if (instants.faultEnd !== null && recovery > instants.faultEnd) {
    reasons.unshift("Fault expired: recovery followed the fault's end, not the team's mitigation (not credited).");
    if (beforeFaultEnd.length > 0) reasons.push("The team took a right action while the fault was live, but recovery only came after the fault ended.");
    return beforeFaultEnd.length > 0 ? finish("M", "fault-expired", VERDICT_VALUE.M) : finish("U", "fault-expired", 0);
  }
  reasons.unshift("Recovered on its own while the fault was live, before any fixing remediation (not credited).");
  return effectiveOwn.length > 0 ? finish("M", "recovered-on-its-own", VERDICT_VALUE.M) : finish("U", "recovered-on-its-own", 0);
}

// ---------------------------------------------------------------- communicate

function communicatePart(context: TeamContext, detectedAt: number | null): { part: Omit<Part, "weight">; measures: Pick<TeamMeasures, "timeToFirstStatusUpdate"> } {
  const { instants, scenario, entries } = context;
  const { firstUpdateWithinSeconds: first, updateCadenceSeconds: cadence } = scenario.key;
  const target = `First status update within ${first} s of detection (50), then one at least every ${cadence} s until recovery (30), and one after recovery (20); P: all three, S: first within ${2 * first} s and at most one missed, M: late or sparse, U: none`;
  const base = detectedAt ?? instants.impactOnset ?? instants.faultStart;
  const baseWords = detectedAt !== null ? "detection" : instants.impactOnset !== null ? "impact onset" : "fault start";
  const updates = entries.filter((entry) => entry.kind === "status-update" && entry.atMs >= instants.faultStart);
  if (updates.length === 0) {
    return { part: { capability: "communicate", applicable: true, value: 0, target, rating: "U", reasons: ["No status update."], evidence: [] }, measures: { timeToFirstStatusUpdate: null } };
  }
  const firstUpdate = updates[0] as Evidence;
  const ttf = duration(base, Math.max(base, firstUpdate.atMs));
  const reasons = [`First status update ${secondsText(ttf.seconds)} after ${baseWords}.`];
  const firstValue = ttf.seconds <= first ? 50 : ttf.seconds <= 2 * first ? 25 : 10;

  const windowEnd = instants.recovery ?? instants.faultEnd ?? updates.at(-1)?.atMs ?? firstUpdate.atMs;
  const during = updates.filter((entry) => entry.atMs <= windowEnd).map((entry) => entry.atMs);
  let missed = 0;
  const marks = [...during, windowEnd];
  for (let index = 1; index < marks.length; index += 1) {
    const gap = (marks[index] ?? 0) - (marks[index - 1] ?? 0);
    if (gap > cadence * 1000) missed += Math.ceil(gap / (cadence * 1000)) - 1;
  }
  const expected = Math.max(1, Math.floor((windowEnd - firstUpdate.atMs) / (cadence * 1000)));
  const cadenceValue = Math.round(30 * Math.max(0, 1 - missed / expected));
  reasons.push(missed === 0 ? `Updates kept the ${cadence} s cadence.` : `${missed} update(s) missed at the ${cadence} s cadence.`);

  const closing = instants.recovery === null ? null : updates.find((entry) => entry.atMs >= (instants.recovery ?? Infinity)) ?? null;
  const closingValue = instants.recovery === null ? 20 : closing ? 20 : 0;
  if (instants.recovery !== null) reasons.push(closing ? "An update followed recovery." : "No update after recovery.");

  let rating: Rating;
  if (ttf.seconds <= first && missed === 0 && closingValue === 20) rating = "P";
  else if (ttf.seconds <= 2 * first && missed <= 1) rating = "S";
  else rating = "M";
  const evidence = [ref(firstUpdate, "first status update"), ...updates.slice(1).map((entry) => ref(entry, "status update"))];
  return { part: { capability: "communicate", applicable: true, value: firstValue + cadenceValue + closingValue, target, rating, reasons, evidence }, measures: { timeToFirstStatusUpdate: ttf } };
}

// ---------------------------------------------------------------- follow procedure

function procedurePart(context: TeamContext, runbookId: string): Omit<Part, "weight"> {
  const { scenario, entries, instants } = context;
  const target = "Every essential and critical step done, verification after mitigation and after recovery (P); all essential steps (S); a missed essential step caps at M and the value at 50; most essential steps missed: U. Weights essential 3, critical 2, optional 1";
  const latest = new Map<string, Evidence & { kind: "runbook.step" }>();
  for (const entry of entries) if (entry.kind === "runbook.step" && entry.data.runbookId === runbookId) latest.set(entry.data.stepId, entry);
  const doneAt = new Map<string, Evidence>();
  for (const [stepId, entry] of latest) if (entry.data.status === "done") doneAt.set(stepId, entry);
  if (latest.size === 0) {
    const other = entries.find((entry) => entry.kind === "runbook.step");
    return { capability: "procedure", applicable: true, value: 0, target, rating: "U", reasons: [other ? "Steps were recorded only against another runbook." : "No runbook step recorded."], evidence: other ? [ref(other, "step of another runbook")] : [] };
  }
  const mitigateDone = scenario.runbook.filter((step) => step.phase === "mitigate").map((step) => doneAt.get(step.id)?.atMs).filter((at): at is number => at !== undefined);
  const lastMitigate = mitigateDone.length > 0 ? Math.max(...mitigateDone) : null;
  let earned = 0;
  let total = 0;
  const missed: Record<"essential" | "critical" | "optional", string[]> = { essential: [], critical: [], optional: [] };
  const outOfOrder: string[] = [];
  const evidence: EvidenceRef[] = [];
  for (const step of scenario.runbook) {
    const weight = STEP_WEIGHT[step.tier];
    total += weight;
    const done = doneAt.get(step.id);
    if (!done) {
      missed[step.tier].push(step.title);
      const recorded = latest.get(step.id);
      if (recorded) evidence.push(ref(recorded, `${step.tier} step ${recorded.data.status}`));
      continue;
    }
    let inOrder = true;
    if (step.phase === "verify" && lastMitigate !== null && done.atMs < lastMitigate) {
      inOrder = false;
      outOfOrder.push(`"${step.title}" was done before the mitigation step`);
    }
    if (step.id === "verify-steady-state" && (instants.recovery === null || done.atMs < instants.recovery)) {
      inOrder = false;
      outOfOrder.push(`"${step.title}" was marked done before the metrics showed recovery`);
    }
    if (!inOrder) context.flags.push({ kind: "out-of-order", entryId: done.id, detail: `${step.title}: done out of order.` });
    earned += inOrder ? weight : weight / 2;
    evidence.push(ref(done, `${step.tier} step done${inOrder ? "" : " out of order"}`));
  }
  let value = Math.round((100 * earned) / total);
  const reasons: string[] = [];
  const essentialCount = scenario.runbook.filter((step) => step.tier === "essential").length;
  let rating: Rating;
  if (missed.essential.length > 0) {
    value = Math.min(value, 50);
    rating = missed.essential.length * 2 > essentialCount ? "U" : "M";
    reasons.push(`Essential step(s) missed: ${missed.essential.join("; ")} (caps the rating at M whatever else was done).`);
  } else if (missed.critical.length > 0 || outOfOrder.length > 0) rating = "S";
  else rating = "P";
  if (missed.critical.length > 0) reasons.push(`Critical step(s) missed: ${missed.critical.join("; ")}.`);
  for (const line of outOfOrder) reasons.push(`Out of order: ${line}.`);
  if (missed.optional.length > 0) reasons.push(`Optional step(s) not done: ${missed.optional.join("; ")}.`);
  if (reasons.length === 0) reasons.push("Every step done, in order.");
  return { capability: "procedure", applicable: true, value, target, rating, reasons, evidence };
}

// ---------------------------------------------------------------- the run

/** Weighted total over the applicable parts, their weights rescaled to sum to 1. */
export function totalOf(parts: Parts): number {
  const applicable = CAPABILITIES.map((capability) => parts[capability]).filter((part) => part.applicable);
  const weight = applicable.reduce((sum, part) => sum + part.weight, 0);
  if (weight === 0) return 0;
  return Math.round((10 * applicable.reduce((sum, part) => sum + part.weight * part.value, 0)) / weight) / 10;
}

export function scoreRun(input: ScoreRunInput): ScoreRunResult {
  const systemEvents = input.events.filter((event) => event.source === "system");
  const truth = groundTruthOf({ run: input.run, checks: input.scenario.checks, series: input.series, events: systemEvents, now: input.now });
  if (!truth) return { scorable: false, reason: "The fault was never injected: there is nothing to score." };
  const { instants } = truth;
  const cutoff = input.evidenceUntil?.getTime() ?? Infinity;
  const written = input.events.filter((event) => event.source === "system" || Date.parse(event.at) <= cutoff);
  const all = evidenceOfRun(written, { runId: input.run.id, fromMs: instants.faultStart, toMs: input.untiedUntil.getTime() });
  const remediations = all.filter((entry): entry is RemediationEntry => entry.kind === "remediation");
  const groundTruth: GroundTruth = { ...truth.truth, remediations: remediationEffects(remediations, input.scenario, instants) };
  const teams = input.teamIds.map((teamId): TeamScore => {
    const context: TeamContext = { teamId, entries: all.filter((entry) => entry.teamId === teamId), all, instants, scenario: input.scenario, flags: [] };
    const detect = detectPart(context);
    const diagnose = diagnosePart(context);
    const mitigate = mitigatePart(context, remediations);
    const communicate = communicatePart(context, detect.detectedAt);
    const procedure = procedurePart(context, input.run.scenarioId);
    const weights = input.scenario.key.weights;
    const withWeight = (part: Omit<Part, "weight">, capability: Capability): Part => ({ ...part, weight: weights[capability] });
    const parts: Parts = {
      detect: withWeight(detect.part, "detect"),
      diagnose: withWeight(diagnose.part, "diagnose"),
      mitigate: withWeight(mitigate.part, "mitigate"),
      communicate: withWeight(communicate.part, "communicate"),
      procedure: withWeight(procedure, "procedure"),
    };
    return {
      teamId,
      parts,
      total: totalOf(parts),
      measures: { ...detect.measures, ...diagnose.measures, ...mitigate.measures, ...communicate.measures, flags: context.flags },
    };
  });
  return { scorable: true, groundTruth, teams };
}
