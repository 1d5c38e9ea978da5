import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as gameDayScoresRoute } from "@/app/api/gamedays/[id]/scores/route";
import { POST as revealRoute } from "@/app/api/gamedays/[id]/scores/reveal/route";
import { POST as launchRoute } from "@/app/api/gamedays/[id]/runs/route";
import { POST as decisionsRoute } from "@/app/api/runs/[id]/score/decisions/route";
import { POST as stopRoute } from "@/app/api/runs/[id]/stop/route";
import { GET as scoreRoute } from "@/app/api/runs/[id]/score/route";
import { POST as totalRoute } from "@/app/api/runs/[id]/score/total/route";
import { GET as historyRoute } from "@/app/api/teams/[id]/history/route";
import { db } from "@/lib/db/client";
import { superviseRuns } from "@/lib/gameday/supervise-runs";
import { installLab } from "@/lib/lab";
import { appendTimelineEvent } from "@/lib/timeline/append-event";
import { useTestDatabase } from "@/test/database";
import { callRoute, createTestUser, errorOf, type TestUser } from "@/test/fixtures";
import { ScriptedLab } from "@/test/scripted-lab";
import { GameDayScoresSchema, RunScoreViewSchema, TeamHistorySchema } from "./schemas";

useTestDatabase();

let facilitator: TestUser;
let red: TestUser;
let blue: TestUser;
let observer: TestUser;
let gameDayId: string;
let runId: string;
let redTeam: string;
let blueTeam: string;
let lab: ScriptedLab;

const scoreOf = async (user: TestUser) => {
  const answer = await callRoute(scoreRoute, "GET", `/api/runs/${runId}/score`, { cookie: user.cookie, params: { id: runId } });
  expect(answer.status, answer.text).toBe(200);
  return RunScoreViewSchema.parse((answer.json as { score: unknown }).score);
};

const entry = (user: TestUser, teamId: string, kind: "detected" | "status-update" | "mitigated", body: string) =>
  appendTimelineEvent({ gameDayId, runId, kind, body, data: {}, actor: { id: user.id, name: user.name }, teamId });

describe("scoring over the API", () => {
  beforeAll(async () => {
    facilitator = await createTestUser("facilitator");
    red = await createTestUser("trainee");
    blue = await createTestUser("trainee");
    observer = await createTestUser("observer");
    lab = new ScriptedLab();
    installLab(lab);
    const gameDay = await db().gameDay.create({
      data: {
        title: "Scoring",
        environment: "local",
        status: "running",
        startedAt: new Date(),
        joinCode: Math.random().toString(36).slice(2, 8).toUpperCase(),
        createdById: facilitator.id,
        teams: { create: [{ name: "Red" }, { name: "Blue" }] },
      },
      include: { teams: true },
    });
    gameDayId = gameDay.id;
    redTeam = gameDay.teams.find((team) => team.name === "Red")?.id ?? "";
    blueTeam = gameDay.teams.find((team) => team.name === "Blue")?.id ?? "";
    await db().participant.createMany({
      data: [
        { gameDayId, userId: facilitator.id, role: "facilitator" },
        { gameDayId, userId: red.id, role: "trainee", teamId: redTeam },
        { gameDayId, userId: blue.id, role: "trainee", teamId: blueTeam },
        { gameDayId, userId: observer.id, role: "observer" },
      ],
    });
    const launched = await callRoute(launchRoute, "POST", `/api/gamedays/${gameDayId}/runs`, {
      cookie: facilitator.cookie,
      params: { id: gameDayId },
      body: { scenarioId: "cpu-stress", idempotencyKey: "scoring-run", confirmBlastRadius: true },
    });
    expect(launched.status, launched.text).toBe(201);
    runId = (launched.json as { run: { id: string } }).run.id;
    await superviseRuns(gameDayId, lab);
    await appendTimelineEvent({ gameDayId, kind: "steady-state.lost", body: "p95 latency over the SLO", data: { checks: [{ label: "p95 latency ≤ 500 ms", status: "fail", detail: "latencyP95 is 900 ms" }] } });
    await entry(red, redTeam, "detected", "p95 latency far above the SLO");
    await entry(red, redTeam, "status-update", "Latency incident on the api; investigating");
  });

  afterAll(() => installLab(undefined));

  it("shows the facilitator every team with parts, measures and evidence", async () => {
    const score = await scoreOf(facilitator);
    expect(score.groundTruth?.impactOnset?.source).toBe("steady-state");
    expect(score.teams.map((team) => team.teamName)).toEqual(["Blue", "Red"]);
    const redScore = score.teams.find((team) => team.teamId === redTeam);
    expect(redScore?.ratings.find((rating) => rating.capability === "detect")?.proposed).toBe("P");
    expect(redScore?.parts.find((part) => part.capability === "detect")?.evidence.map((ref) => ref.note)).toEqual(["impact onset", "first detection"]);
    expect(score.teams.find((team) => team.teamId === blueTeam)?.ratings.find((rating) => rating.capability === "detect")?.proposed).toBe("U");
    expect(score.definitions.timeToDetect).toMatch(/^Time to detect: from impact onset/);
  });

  it("hides scores from trainees and observers until the reveal", async () => {
    expect(await scoreOf(red)).toMatchObject({ revealed: false, teams: [], groundTruth: null });
    expect(await scoreOf(observer)).toMatchObject({ revealed: false, teams: [] });
    const summary = await callRoute(gameDayScoresRoute, "GET", `/api/gamedays/${gameDayId}/scores`, { cookie: red.cookie, params: { id: gameDayId } });
    expect(GameDayScoresSchema.parse((summary.json as { scores: unknown }).scores)).toMatchObject({ revealed: false, runs: [] });
  });

  it("keeps a facilitator's decision, with its reason audited, through recomputation with late evidence", async () => {
    const refused = await callRoute(decisionsRoute, "POST", `/api/runs/${runId}/score/decisions`, {
      cookie: red.cookie,
      params: { id: runId },
      body: { teamId: redTeam, capability: "communicate", rating: "P", reason: "we think we were great" },
    });
    expect(refused.status).toBe(403);

    const reason = "Updates were clear, but went to the wrong channel";
    const decided = await callRoute(decisionsRoute, "POST", `/api/runs/${runId}/score/decisions`, {
      cookie: facilitator.cookie,
      params: { id: runId },
      body: { teamId: redTeam, capability: "communicate", rating: "M", reason },
    });
    expect(decided.status, decided.text).toBe(200);
    const audit = await db().auditLog.findFirst({ where: { action: "score.rating.decide", actorId: facilitator.id }, orderBy: { id: "desc" } });
    expect(audit?.details).toMatchObject({ teamId: redTeam, capability: "communicate", rating: "M", reason, status: 200 });

    // Late evidence: Blue detects now; the proposals change, Red's decision stays.
    await entry(blue, blueTeam, "detected", "latency alarm");
    const score = await scoreOf(facilitator);
    expect(score.teams.find((team) => team.teamId === blueTeam)?.ratings.find((rating) => rating.capability === "detect")?.proposed).not.toBe("U");
    const communicate = score.teams.find((team) => team.teamId === redTeam)?.ratings.find((rating) => rating.capability === "communicate");
    expect(communicate).toMatchObject({ final: "M", decision: { rating: "M", reason, byId: facilitator.id } });

    const total = await callRoute(totalRoute, "POST", `/api/runs/${runId}/score/total`, {
      cookie: facilitator.cookie,
      params: { id: runId },
      body: { teamId: redTeam, total: 42, reason: "Judged as a whole by the lead evaluator" },
    });
    expect(total.status, total.text).toBe(200);
    const again = await scoreOf(facilitator);
    expect(again.teams.find((team) => team.teamId === redTeam)).toMatchObject({ total: 42, totalOverride: { total: 42 } });
  });

  it("refuses a decision on a capability that does not apply, and a team of another game day", async () => {
    const other = await db().team.create({ data: { name: "Elsewhere", gameDay: { create: { title: "Other", environment: "local", joinCode: "OTHER1", createdById: facilitator.id } } } });
    const answer = await callRoute(decisionsRoute, "POST", `/api/runs/${runId}/score/decisions`, {
      cookie: facilitator.cookie,
      params: { id: runId },
      body: { teamId: other.id, capability: "detect", rating: "P", reason: "not this game day's team" },
    });
    expect(answer.status).toBe(422);
    expect(errorOf(answer.json).message).toMatch(/teamId does not name a team/);
  });

  it("reveals: a trainee sees their own team's final ratings, an observer every team", async () => {
    const refused = await callRoute(revealRoute, "POST", `/api/gamedays/${gameDayId}/scores/reveal`, { cookie: red.cookie, params: { id: gameDayId } });
    expect(refused.status).toBe(403);
    const early = await callRoute(revealRoute, "POST", `/api/gamedays/${gameDayId}/scores/reveal`, { cookie: facilitator.cookie, params: { id: gameDayId } });
    expect(early.status).toBe(409);
    expect(errorOf(early.json).message).toMatch(/still live/);
    const stopped = await callRoute(stopRoute, "POST", `/api/runs/${runId}/stop`, { cookie: facilitator.cookie, params: { id: runId }, body: { reason: "time for the debrief" } });
    expect(stopped.status, stopped.text).toBe(200);
    await superviseRuns(gameDayId, lab);
    const revealed = await callRoute(revealRoute, "POST", `/api/gamedays/${gameDayId}/scores/reveal`, { cookie: facilitator.cookie, params: { id: gameDayId } });
    expect(revealed.status, revealed.text).toBe(200);
    expect(await db().timelineEvent.count({ where: { gameDayId, kind: "scores.revealed" } })).toBe(1);

    const own = await scoreOf(red);
    expect(own.revealed).toBe(true);
    expect(own.teams.map((team) => team.teamId)).toEqual([redTeam]);
    expect(own.teams[0]?.ratings.find((rating) => rating.capability === "communicate")?.final).toBe("M");
    expect((await scoreOf(observer)).teams).toHaveLength(2);

    const summary = await callRoute(gameDayScoresRoute, "GET", `/api/gamedays/${gameDayId}/scores`, { cookie: observer.cookie, params: { id: gameDayId } });
    const scores = GameDayScoresSchema.parse((summary.json as { scores: unknown }).scores);
    expect(scores.runs[0]?.teams.find((team) => team.teamId === redTeam)).toMatchObject({ total: 42, overridden: true, ratings: { communicate: "M", detect: "P" } });
  });

  it("keeps both of two decisions made at once, and ignores entries written after the reveal", async () => {
    const decide = (capability: string, reason: string) =>
      callRoute(decisionsRoute, "POST", `/api/runs/${runId}/score/decisions`, { cookie: facilitator.cookie, params: { id: runId }, body: { teamId: blueTeam, capability, rating: "S", reason } });
    const answers = await Promise.all([decide("diagnose", "Talked it through aloud, never logged"), decide("procedure", "Worked from memory, the steps were right")]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    const blueScore = (await scoreOf(facilitator)).teams.find((team) => team.teamId === blueTeam);
    expect(blueScore?.ratings.filter((rating) => rating.decision !== null).map((rating) => rating.capability).sort()).toEqual(["diagnose", "procedure"]);

    const before = (await scoreOf(blue)).teams[0]?.measures.timeToFirstStatusUpdate;
    await entry(blue, blueTeam, "status-update", "Posting now that we have seen our score");
    expect((await scoreOf(blue)).teams[0]?.measures.timeToFirstStatusUpdate).toEqual(before);
  });

  it("keeps a run launched after the reveal hidden from trainees until it is revealed", async () => {
    const launched = await callRoute(launchRoute, "POST", `/api/gamedays/${gameDayId}/runs`, {
      cookie: facilitator.cookie,
      params: { id: gameDayId },
      body: { scenarioId: "network-latency", idempotencyKey: "scoring-run-after-reveal", confirmBlastRadius: true },
    });
    const later = (launched.json as { run: { id: string } }).run.id;
    await superviseRuns(gameDayId, lab);
    const answer = await callRoute(scoreRoute, "GET", `/api/runs/${later}/score`, { cookie: red.cookie, params: { id: later } });
    expect(RunScoreViewSchema.parse((answer.json as { score: unknown }).score)).toMatchObject({ revealed: false, teams: [], groundTruth: null });
    const summary = await callRoute(gameDayScoresRoute, "GET", `/api/gamedays/${gameDayId}/scores`, { cookie: observer.cookie, params: { id: gameDayId } });
    expect(GameDayScoresSchema.parse((summary.json as { scores: unknown }).scores).runs.map((run) => run.runId)).toEqual([runId]);
    await callRoute(stopRoute, "POST", `/api/runs/${later}/stop`, { cookie: facilitator.cookie, params: { id: later }, body: { reason: "suite done" } });
  });

  it("gives a facilitator a team's history per capability across game days", async () => {
    const answer = await callRoute(historyRoute, "GET", `/api/teams/${redTeam}/history`, { cookie: facilitator.cookie, params: { id: redTeam } });
    expect(answer.status, answer.text).toBe(200);
    const history = TeamHistorySchema.parse((answer.json as { history: unknown }).history);
    expect(history.runs).toBe(1);
    expect(history.capabilities.find((entry) => entry.capability === "detect")).toMatchObject({ count: 1, spread: { P: 1, S: 0, M: 0, U: 0 }, trend: "too-few" });
    expect(history.timings.find((entry) => entry.measure === "detect")?.count).toBe(1);
    const refused = await callRoute(historyRoute, "GET", `/api/teams/${redTeam}/history`, { cookie: red.cookie, params: { id: redTeam } });
    expect(refused.status).toBe(403);
  });
});
