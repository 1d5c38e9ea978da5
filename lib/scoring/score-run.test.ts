import { describe, expect, it } from "vitest";
import type { RemediationAction, Series } from "@/lib/lab/types";
import { getScenario } from "@/lib/scenarios";
import type { TimelineEventView } from "@/lib/timeline/schemas";
import { ANSWER_KEYS, type AnswerKey } from "./keys";
import { decide, ratingsOf } from "./ratings";
import { scoreRun, timeValue, type ScoreRunInput } from "./score-run";

/** Every instant below is T0 + seconds; the numbers in the expectations are worked out by hand. */
const T0 = Date.parse("2026-12-05T10:00:00.000Z");
const at = (seconds: number) => new Date(T0 + seconds * 1000);
const RUN = "runaaaaaaaaaaaaaaaaaaaa1";
const A = "teamaaaaaaaaaaaaaaaaaaa";
const B = "teambbbbbbbbbbbbbbbbbbb";

let nextId = 1;
type Entry = { kind: TimelineEventView["kind"]; t: number; team?: string; body?: string; data?: Record<string, unknown>; correctsId?: string; runId?: string | null; source?: "user" | "system" };
function event(entry: Entry): TimelineEventView {
  const id = String(nextId++);
  return {
    id,
    gameDayId: "gameday",
    runId: entry.runId === undefined ? RUN : entry.runId,
    at: at(entry.t).toISOString(),
    kind: entry.kind,
    source: entry.source ?? "user",
    actorId: "actor",
    actorName: "Responder",
    teamId: entry.team ?? null,
    body: entry.body ?? entry.kind,
    data: entry.data ?? {},
    correctsId: entry.correctsId ?? null,
  } as TimelineEventView;
}
const remediation = (t: number, team: string, action: RemediationAction) => event({ kind: "remediation", t, team, data: { action, note: null } });
const step = (t: number, team: string, stepId: string, runbookId = "bad-deployment", status: "done" | "skipped" | "todo" = "done") =>
  event({ kind: "runbook.step", t, team, runId: null, data: { runbookId, stepId, status, note: null } });

/** Probe availability at 1 s: 100 % until `breach`, 40 % until `heal`, 100 % after. */
function probe(breach: number | null, heal: number): Series[] {
  const points = [];
  for (let s = -30; s <= 400; s += 1) points.push({ t: T0 + s * 1000, v: breach !== null && s >= breach && s < heal ? 40 : 100 });
  return [{ id: "probe_public", label: "probe", points }];
}

/**
 * The bad-deployment scenario's checks, runbook and targets, with a key in which only the
 * team's rollback ends the incident (the catalog's own key lets the circuit breaker do it;
 * tested on its own below).
 */
const MUST_ROLL_BACK: AnswerKey = { ...ANSWER_KEYS["bad-deployment"], mitigation: { kind: "remediate", effective: ["rollback"] } };

function input(
  scenarioId: "bad-deployment" | "ecs-task-termination",
  overrides: Partial<ScoreRunInput> & { recovered?: number | null; reverted?: number; stopped?: boolean; answer?: AnswerKey },
): ScoreRunInput {
  const scenario = getScenario(scenarioId);
  if (!scenario) throw new Error("scenario");
  const answer = overrides.answer ?? (scenarioId === "bad-deployment" ? MUST_ROLL_BACK : ANSWER_KEYS[scenarioId]);
  return {
    run: {
      id: RUN,
      scenarioId,
      injectedAt: at(0),
      revertedAt: at(overrides.reverted ?? 300),
      leaseExpiresAt: at(300),
      recoveredAt: overrides.recovered === null ? null : at(overrides.recovered ?? 200),
      stoppedById: overrides.stopped ? "facilitator" : null,
    },
    scenario: { checks: scenario.recovery.checks, runbook: scenario.runbook, key: scenario.scoring, answer },
    series: probe(20, overrides.recovered ?? 200),
    events: [],
    teamIds: [A, B],
    untiedUntil: at(1200),
    now: at(1200),
    ...overrides,
  };
}

function scored(result: ReturnType<typeof scoreRun>) {
  if (!result.scorable) throw new Error(result.reason);
  return result;
}

describe("scoring a run from evidence", () => {
  const goodTeamA = () => [
    event({ kind: "detected", t: 50, team: A, body: "probe availability down to 40 %" }),
    event({ kind: "status-update", t: 60, team: A, body: "Investigating failed requests on the public endpoint" }),
    event({ kind: "root-cause", t: 100, team: A, body: "new revision fails its health check", data: { component: "deployment", failureMode: "bad-release" } }),
    remediation(120, A, { type: "rollback", service: "api" }),
    event({ kind: "mitigated", t: 210, team: A }),
    event({ kind: "status-update", t: 250, team: A, body: "Rolled back; all clear" }),
    step(55, A, "detect-dashboard"),
    step(60, A, "communicate"),
    step(90, A, "diagnose-deployment"),
    step(95, A, "diagnose-health"),
    step(120, A, "mitigate-rollback"),
    step(230, A, "verify-steady-state"),
    step(240, A, "verify-root-cause"),
  ];

  it("derives the ground truth: fault start, impact onset from the metrics, fault end by lease, recovery, each remediation's effect", () => {
    const result = scored(scoreRun(input("bad-deployment", { events: [...goodTeamA(), remediation(150, B, { type: "rollback", service: "api" })] })));
    expect(result.groundTruth.faultStart).toBe(at(0).toISOString());
    expect(result.groundTruth.impactOnset).toMatchObject({ at: at(20).toISOString(), source: "metrics" });
    expect(result.groundTruth.impactOnset?.detail).toMatch(/probe availability/);
    expect(result.groundTruth.faultEnd).toEqual({ at: at(300).toISOString(), by: "lease" });
    expect(result.groundTruth.recovery).toBe(at(200).toISOString());
    expect(result.groundTruth.remediations.map((entry) => [entry.teamId, entry.effect])).toEqual([
      [A, "ended-incident"],
      [B, "effective-not-decisive"],
    ]);
  });

  it("scores a team that did everything right, to hand-computed values", () => {
    const [a] = scored(scoreRun(input("bad-deployment", { events: goodTeamA() }))).teams;
    if (!a) throw new Error("team");
    // Detect: 30 s after onset (target 120 s) → 100, P; 50 s from fault start.
    expect(a.measures.timeToDetect?.seconds).toBe(30);
    expect(a.measures.timeToDetectFromFaultStart?.seconds).toBe(50);
    expect([a.parts.detect.value, a.parts.detect.rating]).toEqual([100, "P"]);
    // Diagnose: right component and mode, 80 s after onset (target 240 s) → 50 + 100/2 = 100, P.
    expect(a.measures.diagnosis).toBe("correct");
    expect(a.measures.timeToDiagnose?.seconds).toBe(80);
    expect([a.parts.diagnose.value, a.parts.diagnose.rating]).toEqual([100, "P"]);
    // Mitigate: own rollback at 120 s, recovery at 200 s while live → 180 s from onset (target 360 s) → 100, P.
    expect(a.measures.mitigation).toBe("mitigated");
    expect(a.measures.timeToMitigate?.seconds).toBe(180);
    expect(a.measures.timeToMitigateFromFaultStart?.seconds).toBe(200);
    expect([a.parts.mitigate.value, a.parts.mitigate.rating]).toEqual([100, "P"]);
    // Communicate: first 10 s after detection (50), no gap over 300 s (30), an update after recovery (20) → 100, P.
    expect(a.measures.timeToFirstStatusUpdate?.seconds).toBe(10);
    expect([a.parts.communicate.value, a.parts.communicate.rating]).toEqual([100, "P"]);
    // Procedure: all but the optional step: 18 of 19 weight → 95, P.
    expect([a.parts.procedure.value, a.parts.procedure.rating]).toEqual([95, "P"]);
    // Total: .25·100 + .2·100 + .3·100 + .1·100 + .15·95 = 99.25.
    expect(a.total).toBeCloseTo(99.25, 0);
    expect(a.measures.flags).toEqual([]);
    expect(a.parts.detect.evidence.map((ref) => ref.note)).toEqual(["impact onset", "first detection"]);
  });

  it("two teams on one run: only the team whose remediation ended the incident is credited", () => {
    const result = scored(scoreRun(input("bad-deployment", { events: [...goodTeamA(), remediation(150, B, { type: "rollback", service: "api" })] })));
    const b = result.teams.find((team) => team.teamId === B);
    expect(b?.measures.mitigation).toBe("mitigated-by-other-team");
    expect(b?.measures.timeToMitigate).toBeNull();
    expect([b?.parts.mitigate.value, b?.parts.mitigate.rating]).toEqual([60, "S"]);
    expect(b?.parts.mitigate.evidence.some((ref) => ref.note === "the remediation that ended the incident")).toBe(true);
    // Never detected, never diagnosed, never said anything, no runbook: U everywhere else.
    expect(b?.measures.timeToDetect).toBeNull();
    expect([b?.parts.detect.rating, b?.parts.diagnose.rating, b?.parts.communicate.rating, b?.parts.procedure.rating]).toEqual(["U", "U", "U", "U"]);
    // .3 · 60 = 18.
    expect(b?.total).toBe(18);
  });

  it("never detected: U with impact onset as the evidence", () => {
    const [a] = scored(scoreRun(input("bad-deployment", { events: [] }))).teams;
    expect(a?.parts.detect).toMatchObject({ applicable: true, value: 0, rating: "U" });
    expect(a?.parts.detect.evidence).toEqual([{ id: null, at: at(20).toISOString(), kind: "impact-onset", note: "impact onset" }]);
    expect(a?.measures.mitigation).toBe("recovered-on-its-own");
  });

  it("a detection before impact onset is a guess: flagged, not rewarded; the next one counts", () => {
    const early = event({ kind: "detected", t: 10, team: A });
    const [a] = scored(scoreRun(input("bad-deployment", { events: [early, event({ kind: "acknowledged", t: 80, team: A })] }))).teams;
    const flag = a?.measures.flags.find((candidate) => candidate.entryId === early.id);
    expect([flag?.kind, flag?.detail]).toEqual(["early-detection", "A detection before impact onset: a guess, not rewarded."]);
    // 80 − 20 = 60 s ≤ 120 s target.
    expect(a?.measures.timeToDetect?.seconds).toBe(60);
    const [only] = scored(scoreRun(input("bad-deployment", { events: [early] }))).teams;
    expect(only?.parts.detect.rating).toBe("U");
  });

  it("entries before the fault started are not evidence of detecting it", () => {
    const before = event({ kind: "detected", t: -20, team: A, runId: null });
    const [a] = scored(scoreRun(input("bad-deployment", { events: [before] }))).teams;
    expect(a?.parts.detect.rating).toBe("U");
    expect(a?.measures.flags).toEqual([]);
  });

  it("a 'mitigated' claim the metrics do not confirm is flagged and caps the mitigation rating", () => {
    const claim = event({ kind: "mitigated", t: 130, team: A });
    const events = [remediation(120, A, { type: "rollback", service: "api" }), claim];
    const [a] = scored(scoreRun(input("bad-deployment", { events }))).teams;
    // Recovery at 200 s is 70 s after the claim, beyond the 30 s grace.
    const flag = a?.measures.flags.find((candidate) => candidate.entryId === claim.id);
    expect(flag?.kind).toBe("false-claim");
    expect(flag?.detail).toMatch(/showed recovery only at 2026-12-05T10:03:20.000Z/);
    expect(a?.measures.mitigation).toBe("mitigated");
    expect([a?.parts.mitigate.value, a?.parts.mitigate.rating]).toEqual([60, "S"]);
    // Within the grace the claim stands.
    const [fine] = scored(scoreRun(input("bad-deployment", { events: [remediation(120, A, { type: "rollback", service: "api" }), event({ kind: "mitigated", t: 175, team: A })] }))).teams;
    expect(fine?.measures.flags).toEqual([]);
  });

  it("fault expired: a recovery after the lease ended is not the team's mitigation", () => {
    const events = [remediation(290, A, { type: "rollback", service: "api" })];
    const result = scored(scoreRun(input("bad-deployment", { recovered: 320, events })));
    const [a, b] = result.teams;
    expect(a?.measures.mitigation).toBe("fault-expired");
    expect(a?.measures.timeToMitigate).toBeNull();
    expect(a?.parts.mitigate.rating).toBe("M");
    expect(b?.measures.mitigation).toBe("fault-expired");
    expect(b?.parts.mitigate.rating).toBe("U");
    expect(result.groundTruth.remediations[0]?.effect).toBe("effective-not-decisive");
  });

  it("a fault stopped by the facilitator ends the fault: 'stopped'", () => {
    const result = scored(scoreRun(input("bad-deployment", { reverted: 100, stopped: true, recovered: 150 })));
    expect(result.groundTruth.faultEnd).toEqual({ at: at(100).toISOString(), by: "stopped" });
    expect(result.teams[0]?.measures.mitigation).toBe("fault-expired");
  });

  it("a fault with no visible impact is recorded as such; detect and mitigate drop out and the weights are rescaled", () => {
    const base = input("bad-deployment", { events: [event({ kind: "status-update", t: 30, team: A }), event({ kind: "status-update", t: 220, team: A })] });
    const result = scored(scoreRun({ ...base, series: probe(null, 0) }));
    expect(result.groundTruth.impactOnset).toBeNull();
    const [a] = result.teams;
    expect(a?.parts.detect.applicable).toBe(false);
    expect(a?.parts.mitigate.applicable).toBe(false);
    expect(a?.measures.mitigation).toBe("no-impact");
    // Communicate: first 30 s after fault start (50), cadence kept (30), closing after recovery (20) = 100 with weight .1,
    // diagnose and procedure 0: 100 · .1 / (.2 + .1 + .15) = 22.2.
    expect(a?.parts.communicate.value).toBe(100);
    expect(a?.total).toBeCloseTo(22.2, 1);
  });

  it("an alarm on the timeline marks impact onset when it comes before the metrics' breach", () => {
    const alarm = event({ kind: "alarm", t: 12, source: "system", runId: null, body: "Alarm api-5xx changed from OK to ALARM", data: { labEventId: "a1", labKind: "alarm", service: null, alarm: "api-5xx", from: "OK", to: "ALARM" } });
    const result = scored(scoreRun(input("bad-deployment", { events: [alarm] })));
    expect(result.groundTruth.impactOnset).toMatchObject({ at: at(12).toISOString(), source: "alarm" });
  });

  it("root cause: right component and wrong mode is partial; wrong component is U; free text is kept", () => {
    const partial = event({ kind: "root-cause", t: 60, team: A, body: "the deployment is out of capacity", data: { component: "deployment", failureMode: "capacity-shortage" } });
    const wrong = event({ kind: "root-cause", t: 60, team: B, body: "database failover", data: { component: "database", failureMode: "failover" } });
    const [a, b] = scored(scoreRun(input("bad-deployment", { events: [partial, wrong] }))).teams;
    expect([a?.measures.diagnosis, a?.parts.diagnose.value, a?.parts.diagnose.rating]).toEqual(["partial", 25, "M"]);
    expect(a?.parts.diagnose.reasons[0]).toContain("the deployment is out of capacity");
    expect([b?.measures.diagnosis, b?.parts.diagnose.value, b?.parts.diagnose.rating]).toEqual(["wrong", 0, "U"]);
  });

  it("corrections: a changed claim counts from the correction; a rewording keeps the original instant", () => {
    const first = event({ kind: "root-cause", t: 60, team: A, body: "database", data: { component: "database", failureMode: "failover" } });
    const fixed = event({ kind: "root-cause", t: 150, team: A, body: "bad release", data: { component: "deployment", failureMode: "bad-release" }, correctsId: first.id });
    const detected = event({ kind: "detected", t: 40, team: A, body: "5xx up" });
    const reworded = event({ kind: "detected", t: 170, team: A, body: "probe availability down, 5xx up", correctsId: detected.id });
    const [a] = scored(scoreRun(input("bad-deployment", { events: [first, fixed, detected, reworded] }))).teams;
    // 150 − 20 = 130 s (target 240) → P, value 100; the wrong first version is gone.
    expect(a?.measures.diagnosis).toBe("correct");
    expect(a?.measures.timeToDiagnose?.seconds).toBe(130);
    expect(a?.parts.diagnose.evidence.map((ref) => ref.id)).toEqual([fixed.id]);
    // 40 − 20 = 20 s: the rewording does not move the detection.
    expect(a?.measures.timeToDetect?.seconds).toBe(20);
    expect(a?.parts.detect.evidence[1]).toMatchObject({ id: reworded.id, at: at(40).toISOString() });
  });

  it("a correction that withdraws a detection (changes its kind) leaves no detection at the original instant", () => {
    const detected = event({ kind: "detected", t: 40, team: A });
    const withdrawn = event({ kind: "note", t: 90, team: A, correctsId: detected.id });
    const [a] = scored(scoreRun(input("bad-deployment", { events: [detected, withdrawn] }))).teams;
    expect(a?.parts.detect.rating).toBe("U");
  });

  it("runbook: non-compensatory (a missed essential step caps at M and 50) and order checked (verify after mitigate and recovery)", () => {
    const withoutMitigation = ["detect-dashboard", "communicate", "diagnose-deployment", "diagnose-health", "diagnose-inside-task", "verify-steady-state", "verify-root-cause"].map((id, index) => step(60 + index * 30, A, id));
    const [a] = scored(scoreRun(input("bad-deployment", { events: withoutMitigation }))).teams;
    // 16 of 19 weight = 84, capped at 50; one of four essential steps missed → M.
    expect([a?.parts.procedure.value, a?.parts.procedure.rating]).toEqual([50, "M"]);
    expect(a?.parts.procedure.reasons[0]).toMatch(/Essential step\(s\) missed: Roll back/);

    const early = [step(50, B, "detect-dashboard"), step(60, B, "communicate"), step(70, B, "diagnose-deployment"), step(80, B, "diagnose-health"), step(90, B, "verify-steady-state"), step(100, B, "mitigate-rollback"), step(250, B, "verify-root-cause")];
    const [, b] = scored(scoreRun(input("bad-deployment", { events: early }))).teams;
    // verify-steady-state before mitigation and before recovery counts half: (18 − 1.5) / 19 = 86.8 → 87; S.
    expect([b?.parts.procedure.value, b?.parts.procedure.rating]).toEqual([87, "S"]);
    expect(b?.measures.flags.filter((flag) => flag.kind === "out-of-order")).toHaveLength(1);
  });

  it("runbook: steps of another runbook do not count, and a skipped essential step is missed", () => {
    const [a, b] = scored(scoreRun(input("bad-deployment", { events: [step(60, A, "detect-dashboard", "cpu-stress"), step(60, B, "detect-dashboard", "bad-deployment", "skipped")] }))).teams;
    expect(a?.parts.procedure).toMatchObject({ value: 0, rating: "U", reasons: ["Steps were recorded only against another runbook."] });
    expect(b?.parts.procedure.rating).toBe("U");
  });

  it("communication: late first update and missed cadence", () => {
    const events = [event({ kind: "detected", t: 30, team: A }), event({ kind: "status-update", t: 200, team: A })];
    const [a] = scored(scoreRun(input("bad-deployment", { recovered: 700, reverted: 800, events, series: probe(20, 700) }))).teams;
    // First 170 s after detection (target 120: 25); window 200 → 700 s: 500 s gap misses one at 300 s (of 1 expected: 0); no closing (0).
    expect(a?.measures.timeToFirstStatusUpdate?.seconds).toBe(170);
    expect([a?.parts.communicate.value, a?.parts.communicate.rating]).toEqual([25, "S"]);
  });

  it("a scenario that heals itself: holding and declaring recovery is P; a harmful action is M; recovery is never credited as the team's", () => {
    const events = [event({ kind: "mitigated", t: 205, team: A }), remediation(100, B, { type: "rollback", service: "api" })];
    const result = scored(scoreRun(input("ecs-task-termination", { events })));
    const [a, b] = result.teams;
    expect([a?.measures.mitigation, a?.parts.mitigate.rating, a?.parts.mitigate.value]).toEqual(["held", "P", 100]);
    expect(a?.measures.timeToMitigate).toBeNull();
    expect([b?.measures.mitigation, b?.parts.mitigate.rating]).toEqual(["held", "M"]);
    expect(b?.measures.flags.map((flag) => flag.kind)).toEqual(["harmful-action"]);
    expect(result.groundTruth.remediations[0]?.effect).toBe("harmful");
  });

  it("a self-healing scenario with a helpful fix: the team that beats the circuit breaker is credited, one that waits holds", () => {
    const answer = ANSWER_KEYS["bad-deployment"];
    const rolledBack = scored(scoreRun(input("bad-deployment", { answer, events: [remediation(120, A, { type: "rollback", service: "api" }), event({ kind: "mitigated", t: 205, team: B })] })));
    const [a, b] = rolledBack.teams;
    // 200 − 20 = 180 s (target 360) → P, 100.
    expect([a?.measures.mitigation, a?.measures.timeToMitigate?.seconds, a?.parts.mitigate.rating, a?.parts.mitigate.value]).toEqual(["mitigated", 180, "P", 100]);
    expect([b?.measures.mitigation, b?.parts.mitigate.rating]).toEqual(["held", "P"]);
    expect(b?.parts.mitigate.reasons[0]).toMatch(/^Another team's 'rollback' ended the incident; this team's part was to hold/);

    const redeployed = scored(scoreRun(input("bad-deployment", { answer, events: [remediation(60, A, { type: "force-new-deployment", service: "api" })] })));
    expect([redeployed.teams[0]?.measures.mitigation, redeployed.teams[0]?.parts.mitigate.rating]).toEqual(["held", "M"]);
    expect(redeployed.groundTruth.remediations[0]?.effect).toBe("harmful");
  });

  it("a run whose fault never started cannot be scored", () => {
    const base = input("bad-deployment", {});
    const result = scoreRun({ ...base, run: { ...base.run, injectedAt: null } });
    expect(result.scorable).toBe(false);
    if (!result.scorable) expect(result.reason).toMatch(/never injected/);
  });

  it("recomputation with late evidence changes the proposal but keeps the facilitator's decisions", () => {
    const first = scored(scoreRun(input("bad-deployment", { events: [] }))).teams[0];
    if (!first) throw new Error("team");
    const overrides = decide({}, "detect", { rating: "S", proposed: first.parts.detect.rating, reason: "Saw it on the wall dashboard; logged late", byId: "facilitator", at: at(900).toISOString() });
    const later = scored(scoreRun(input("bad-deployment", { events: [event({ kind: "detected", t: 30, team: A })] }))).teams[0];
    if (!later) throw new Error("team");
    const detect = ratingsOf(later.parts, overrides).find((rating) => rating.capability === "detect");
    expect(detect).toMatchObject({ proposed: "P", final: "S", proposalChanged: true, decision: { reason: "Saw it on the wall dashboard; logged late" } });
    expect(ratingsOf(later.parts, overrides).find((rating) => rating.capability === "diagnose")?.decision).toBeNull();
  });

  it("ignores evidence written after the reveal, corrections included", () => {
    const cause = event({ kind: "root-cause", t: 60, team: A, body: "database", data: { component: "database", failureMode: "failover" } });
    const fixedAfter = event({ kind: "root-cause", t: 900, team: A, body: "bad release", data: { component: "deployment", failureMode: "bad-release" }, correctsId: cause.id });
    const lateDetection = event({ kind: "detected", t: 950, team: B });
    const [a, b] = scored(scoreRun({ ...input("bad-deployment", { events: [cause, fixedAfter, lateDetection] }), evidenceUntil: at(800) })).teams;
    expect(a?.measures.diagnosis).toBe("wrong");
    expect(b?.measures.timeToDetect).toBeNull();
  });

  it("a facilitator's remediation that ends the incident credits no team", () => {
    const fix = event({ kind: "remediation", t: 120, data: { action: { type: "rollback", service: "api" }, note: null } });
    const result = scored(scoreRun(input("bad-deployment", { events: [fix] })));
    expect(result.groundTruth.remediations[0]).toMatchObject({ teamId: null, effect: "ended-incident" });
    expect(result.teams.map((team) => team.measures.mitigation)).toEqual(["mitigated-by-other-team", "mitigated-by-other-team"]);
    expect(result.teams[0]?.parts.mitigate.reasons[0]).toMatch(/^A facilitator's 'rollback' ended the incident/);
  });

  it("a correct hypothesis counts as detection; a vague one does not", () => {
    const vague = event({ kind: "hypothesis", t: 30, team: A, body: "something is off" });
    const right = event({ kind: "hypothesis", t: 45, team: B, body: "The new release fails its health check" });
    const [a, b] = scored(scoreRun(input("bad-deployment", { events: [vague, right] }))).teams;
    expect(a?.measures.timeToDetect).toBeNull();
    expect(b?.measures.timeToDetect?.seconds).toBe(25);
  });

  it("a fault reverted before its lease without a facilitator's stop ended by revert", () => {
    const result = scored(scoreRun(input("bad-deployment", { reverted: 150, recovered: 180 })));
    expect(result.groundTruth.faultEnd).toEqual({ at: at(150).toISOString(), by: "reverted" });
  });

  it("time values fall linearly from the target to three times it", () => {
    expect([timeValue(60, 60), timeValue(120, 60), timeValue(150, 60), timeValue(180, 60), timeValue(400, 60)]).toEqual([100, 50, 25, 0, 0]);
  });
});
