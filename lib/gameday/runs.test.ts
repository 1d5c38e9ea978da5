import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST as haltRoute } from "@/app/api/gamedays/[id]/halt/route";
import { POST as liftRoute } from "@/app/api/gamedays/[id]/halt/lift/route";
import { POST as launchRoute } from "@/app/api/gamedays/[id]/runs/route";
import { POST as stopRoute } from "@/app/api/runs/[id]/stop/route";
import { db } from "@/lib/db/client";
import { superviseRuns, UNREACHABLE_GIVE_UP_MS } from "@/lib/gameday/supervise-runs";
import { installLab } from "@/lib/lab";
import { callRoute, createTestUser, errorOf, type TestUser } from "@/test/fixtures";
import { useTestDatabase } from "@/test/database";
import { ScriptedLab } from "@/test/scripted-lab";
import { RunViewSchema } from "./schemas";

useTestDatabase();

let lab: ScriptedLab;
let facilitator: TestUser;
let trainee: TestUser;
let gameDayId: string;
let keyCounter = 0;

function launch(user: TestUser, body: Record<string, unknown> = {}) {
  keyCounter += 1;
  return callRoute(launchRoute, "POST", `/api/gamedays/${gameDayId}/runs`, {
    cookie: user.cookie,
    params: { id: gameDayId },
    body: { scenarioId: "ecs-task-termination", params: { percent: 50 }, idempotencyKey: `launch-key-${keyCounter}`, confirmBlastRadius: true, ...body },
  });
}

const runOf = (json: unknown) => RunViewSchema.parse((json as { run: unknown }).run);

describe("launching, stopping and halting runs", () => {
  beforeAll(async () => {
    facilitator = await createTestUser("facilitator");
    trainee = await createTestUser("trainee");
  });

  beforeEach(async () => {
    lab = new ScriptedLab();
    installLab(lab);
    const gameDay = await db().gameDay.create({
      data: {
        title: "Runs",
        environment: "local",
        status: "running",
        startedAt: new Date(),
        joinCode: Math.random().toString(36).slice(2, 8).toUpperCase(),
        createdById: facilitator.id,
        participants: { create: [{ userId: facilitator.id, role: "facilitator" }, { userId: trainee.id, role: "trainee" }] },
      },
    });
    gameDayId = gameDay.id;
  });

  afterAll(() => installLab(undefined));

  it("starts a fault once however often the same launch is retried or double-clicked", async () => {
    const body = { idempotencyKey: "double-click-1" };
    const [first, second] = await Promise.all([launch(facilitator, body), launch(facilitator, body)]);
    expect([first.status, second.status].sort()).toEqual([200, 201]);
    expect(runOf(first.json).id).toBe(runOf(second.json).id);
    const retry = await launch(facilitator, body);
    expect(retry.status).toBe(200);
    expect(runOf(retry.json).id).toBe(runOf(first.json).id);

    expect(lab.callsTo("start")).toBe(1);
    expect(await db().run.count({ where: { gameDayId } })).toBe(1);
    expect(await db().timelineEvent.count({ where: { gameDayId, kind: "run.launched" } })).toBe(1);
    expect(runOf(first.json)).toMatchObject({ status: "initiating", externalId: "fault-1", scenarioId: "ecs-task-termination", params: { service: "api", percent: 50 } });
  });

  it("records a second fault launched while one runs", async () => {
    await launch(facilitator);
    const second = await launch(facilitator, { scenarioId: "network-latency", params: {} });
    expect(second.status).toBe(201);
    const launched = await db().timelineEvent.findMany({ where: { gameDayId, kind: "run.launched" }, orderBy: { id: "asc" } });
    expect(launched[1]?.body).toMatch(/alongside 1 live run/);
    expect(launched[1]?.data).toMatchObject({ concurrentRuns: 1 });
  });

  it("refuses launches before the game day starts", async () => {
    await db().gameDay.update({ where: { id: gameDayId }, data: { status: "draft", startedAt: null } });
    const response = await launch(facilitator);
    expect(response.status).toBe(409);
    expect(errorOf(response.json).message).toMatch(/Start the game day/);
    expect(lab.callsTo("start")).toBe(0);
  });

  it("stops one run with a reason; the lab reverts it and the timeline says who and why", async () => {
    const run = runOf((await launch(facilitator)).json);
    const response = await callRoute(stopRoute, "POST", `/api/runs/${run.id}/stop`, { cookie: facilitator.cookie, params: { id: run.id }, body: { reason: "p99 over budget" } });
    expect(response.status).toBe(200);
    expect(runOf(response.json)).toMatchObject({ status: "ended", outcome: "stopped", stopReason: "p99 over budget" });
    expect(lab.runs.get(run.externalId ?? "")?.revertedAt).not.toBeNull();
    const stopped = await db().timelineEvent.findFirstOrThrow({ where: { gameDayId, kind: "run.stopped" } });
    expect(stopped).toMatchObject({ actorId: facilitator.id, body: expect.stringMatching(/stopped Task termination: p99 over budget/) as unknown });
  });

  it("HALT ALL stops every fault, refuses launches until lifted, and writes who and why", async () => {
    const first = runOf((await launch(facilitator)).json);
    const second = runOf((await launch(facilitator, { scenarioId: "cpu-stress", params: {} })).json);

    const halted = await callRoute(haltRoute, "POST", `/api/gamedays/${gameDayId}/halt`, { cookie: facilitator.cookie, params: { id: gameDayId }, body: { reason: "checkout is down for real" } });
    expect(halted.status).toBe(200);
    expect((halted.json as { halt: { stoppedExternalIds: string[] } }).halt.stoppedExternalIds.sort()).toEqual([first.externalId, second.externalId].sort());
    for (const run of await db().run.findMany({ where: { gameDayId } })) expect(run).toMatchObject({ status: "ended", outcome: "stopped", stoppedById: facilitator.id });
    const entry = await db().timelineEvent.findFirstOrThrow({ where: { gameDayId, kind: "halt.engaged" } });
    expect(entry).toMatchObject({ actorId: facilitator.id, body: expect.stringMatching(/HALT ALL by .*: checkout is down for real/) as unknown });

    const refused = await launch(facilitator);
    expect(refused.status).toBe(409);
    expect(errorOf(refused.json).message).toMatch(/HALT ALL is engaged/);
    expect(lab.callsTo("start")).toBe(2);

    const lifted = await callRoute(liftRoute, "POST", `/api/gamedays/${gameDayId}/halt/lift`, { cookie: facilitator.cookie, params: { id: gameDayId }, body: { reason: "incident closed" } });
    expect(lifted.status).toBe(200);
    expect((await launch(facilitator)).status).toBe(201);
    expect(await db().timelineEvent.count({ where: { gameDayId, kind: "halt.lifted" } })).toBe(1);
  });

  it("never lets a trainee launch, stop or halt", async () => {
    const run = runOf((await launch(facilitator)).json);
    expect((await launch(trainee)).status).toBe(403);
    expect((await callRoute(stopRoute, "POST", "/x", { cookie: trainee.cookie, params: { id: run.id }, body: { reason: "let me" } })).status).toBe(403);
    expect((await callRoute(haltRoute, "POST", "/x", { cookie: trainee.cookie, params: { id: gameDayId }, body: { reason: "let me" } })).status).toBe(403);
    expect(lab.callsTo("start")).toBe(1);
    expect(lab.callsTo("stop") + lab.callsTo("haltAll")).toBe(0);
  });

  it("ends a run as lost when its lab stays unreachable past the lease, and not before", async () => {
    const launched = runOf((await launch(facilitator, { durationSeconds: 60 })).json);
    const leaseEnds = (await db().run.findUniqueOrThrow({ where: { id: launched.id } })).leaseExpiresAt?.getTime() ?? Number.NaN;
    expect(leaseEnds).toBeGreaterThan(Date.now());
    lab.reachable = false;

    await superviseRuns(gameDayId, lab, new Date(leaseEnds + 60_000));
    expect((await db().run.findUniqueOrThrow({ where: { id: launched.id } })).status).not.toBe("ended");

    await superviseRuns(gameDayId, lab, new Date(leaseEnds + UNREACHABLE_GIVE_UP_MS + 60_000));
    const ended = await db().run.findUniqueOrThrow({ where: { id: launched.id } });
    expect(ended).toMatchObject({ status: "ended", outcome: "failed" });
    expect(ended.statusReason).toMatch(/could not be reached for 5 minutes past the lease.*its own lease reverted the fault/);
    expect(await db().timelineEvent.count({ where: { gameDayId, runId: launched.id, kind: "run.phase", body: { contains: "ended" } } })).toBe(1);
  });
});
