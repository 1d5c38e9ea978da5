import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as postEntry, GET as getTimeline } from "@/app/api/gamedays/[id]/timeline/route";
import { db } from "@/lib/db/client";
import { appendTimelineEvent, type NewTimelineEvent } from "@/lib/timeline/append-event";
import { listTimelineForViewer } from "@/lib/timeline/list-timeline";
import { callRoute, createTestUser, errorOf, type TestUser } from "@/test/fixtures";
import { useTestDatabase } from "@/test/database";
import { ZodError, z } from "zod";

const database = useTestDatabase();

const EventsSchema = z.object({ events: z.array(z.object({ id: z.string(), kind: z.string(), body: z.string(), at: z.string(), actorName: z.string().nullable(), correctsId: z.string().nullable(), data: z.record(z.string(), z.unknown()) })) });
const EventSchema = z.object({ event: z.object({ id: z.string(), kind: z.string(), teamId: z.string().nullable() }) });

describe("timeline", () => {
  let facilitator: TestUser;
  let trainee: TestUser;
  let observer: TestUser;
  let gameDayId: string;

  beforeAll(async () => {
    facilitator = await createTestUser("facilitator");
    trainee = await createTestUser("trainee");
    observer = await createTestUser("observer");
    const gameDay = await db().gameDay.create({
      data: {
        title: "Timeline",
        environment: "local",
        status: "running",
        blindMode: true,
        joinCode: "TMLNE2",
        createdById: facilitator.id,
        teams: { create: [{ name: "Blue" }] },
      },
      include: { teams: true },
    });
    gameDayId = gameDay.id;
    await db().participant.createMany({
      data: [
        { gameDayId, userId: facilitator.id, role: "facilitator" },
        { gameDayId, userId: trainee.id, role: "trainee", teamId: gameDay.teams[0]?.id },
        { gameDayId, userId: observer.id, role: "observer" },
      ],
    });
  });

  it("commits concurrent appends in id order, with millisecond UTC instants", async () => {
    const appended = await Promise.all(
      Array.from({ length: 20 }, (_, index) => appendTimelineEvent({ gameDayId, kind: "note", body: `concurrent ${index}`, data: {} })),
    );
    const listed = await listTimelineForViewer(gameDayId, { blind: false, onlyTeam: null }, { limit: 1000 });
    const ids = listed.map((event) => BigInt(event.id));
    expect(ids).toEqual([...ids].sort((a, b) => (a < b ? -1 : 1)));
    expect(new Set(appended.map((event) => event.id)).size).toBe(20);
    for (const event of listed) expect(event.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it("announces every committed event on gameday_timeline", async () => {
    const listener = new pg.Client({ connectionString: database.url() });
    await listener.connect();
    const received: string[] = [];
    listener.on("notification", (message) => received.push(message.payload ?? ""));
    await listener.query("LISTEN gameday_timeline");
    const event = await appendTimelineEvent({ gameDayId, kind: "note", body: "announce me", data: {} });
    const deadline = Date.now() + 5000;
    while (!received.includes(`${gameDayId}:${event.id}`) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    await listener.end();
    expect(received).toContain(`${gameDayId}:${event.id}`);
  });

  it("lets a trainee record evidence attributed to them and their team", async () => {
    const response = await callRoute(postEntry, "POST", `/api/gamedays/${gameDayId}/timeline`, {
      cookie: trainee.cookie,
      params: { id: gameDayId },
      body: { kind: "detected", body: "5xx rising on the api, healthy hosts 1 of 3" },
    });
    expect(response.status).toBe(201);
    const { event } = EventSchema.parse(response.json);
    expect(event.kind).toBe("detected");
    expect(event.teamId).not.toBeNull();
  });

  it("refuses kinds a role may not write, and observers entirely", async () => {
    const facilitatorRootCause = await callRoute(postEntry, "POST", `/api/gamedays/${gameDayId}/timeline`, {
      cookie: facilitator.cookie,
      params: { id: gameDayId },
      body: { kind: "root-cause", body: "the facilitator knows it" },
    });
    expect(facilitatorRootCause.status).toBe(403);
    expect(errorOf(facilitatorRootCause.json).message).toMatch(/cannot write 'root-cause'/);

    const observerNote = await callRoute(postEntry, "POST", `/api/gamedays/${gameDayId}/timeline`, {
      cookie: observer.cookie,
      params: { id: gameDayId },
      body: { kind: "note", body: "watching" },
    });
    expect(observerNote.status).toBe(403);
  });

  it("records a correction as a new entry pointing at the writer's own entry only", async () => {
    const original = EventSchema.parse(
      (await callRoute(postEntry, "POST", `/api/gamedays/${gameDayId}/timeline`, { cookie: trainee.cookie, params: { id: gameDayId }, body: { kind: "hypothesis", body: "DNS is broken" } })).json,
    ).event;
    const correction = await callRoute(postEntry, "POST", `/api/gamedays/${gameDayId}/timeline`, {
      cookie: trainee.cookie,
      params: { id: gameDayId },
      body: { kind: "hypothesis", body: "Not DNS: half the api tasks were killed", correctsId: original.id },
    });
    expect(correction.status).toBe(201);
    const foreign = await callRoute(postEntry, "POST", `/api/gamedays/${gameDayId}/timeline`, {
      cookie: facilitator.cookie,
      params: { id: gameDayId },
      body: { kind: "note", body: "rewriting history", correctsId: original.id },
    });
    expect(foreign.status).toBe(403);
    const stored = await db().timelineEvent.findUniqueOrThrow({ where: { id: BigInt(original.id) } });
    expect(stored.body).toBe("DNS is broken");
  });

  it("refuses data of the wrong shape for its kind, and writes nothing", async () => {
    const before = await db().timelineEvent.count({ where: { gameDayId } });
    const wrongShape = { gameDayId, kind: "run.launched", body: "launched", data: { scenarioId: "cpu-stress" } } as unknown as NewTimelineEvent;
    await expect(appendTimelineEvent(wrongShape)).rejects.toThrow(ZodError);
    const extraField = { gameDayId, kind: "detected", body: "seen", data: { scenarioId: "cpu-stress" } } as unknown as NewTimelineEvent;
    await expect(appendTimelineEvent(extraField)).rejects.toThrow(ZodError);
    expect(await db().timelineEvent.count({ where: { gameDayId } })).toBe(before);
  });

  it("hides the scenario and the fault's timing from blind trainees but not from facilitators", async () => {
    // Written as the launch use case writes it: on the facilitator's behalf, with their name.
    await appendTimelineEvent({
      gameDayId,
      kind: "run.launched",
      actor: { id: facilitator.id, name: facilitator.name },
      body: "Fran launched ECS task termination for 300 s: 50 % of the running api tasks",
      data: { scenarioId: "ecs-task-termination", params: { percent: 50 }, durationSeconds: 300, concurrentRuns: 0 },
    });
    const asTrainee = EventsSchema.parse((await callRoute(getTimeline, "GET", `/api/gamedays/${gameDayId}/timeline`, { cookie: trainee.cookie, params: { id: gameDayId } })).json);
    expect(asTrainee.events.find((event) => event.kind === "run.launched")).toBeUndefined();
    expect(JSON.stringify(asTrainee)).not.toContain("ecs-task-termination");

    const asFacilitator = EventsSchema.parse((await callRoute(getTimeline, "GET", `/api/gamedays/${gameDayId}/timeline`, { cookie: facilitator.cookie, params: { id: gameDayId } })).json);
    expect(asFacilitator.events.find((event) => event.kind === "run.launched")?.body).toBe("Fran launched ECS task termination for 300 s: 50 % of the running api tasks");
  });

  it("resumes after an id without repeating it", async () => {
    const all = EventsSchema.parse((await callRoute(getTimeline, "GET", `/api/gamedays/${gameDayId}/timeline`, { cookie: facilitator.cookie, params: { id: gameDayId } })).json).events;
    const middle = all[Math.floor(all.length / 2)];
    const after = EventsSchema.parse(
      (await callRoute(getTimeline, "GET", `/api/gamedays/${gameDayId}/timeline`, { cookie: facilitator.cookie, params: { id: gameDayId }, query: { after: middle?.id ?? "0" } })).json,
    ).events;
    expect(after.map((event) => event.id)).toEqual(all.slice(all.indexOf(middle ?? all[0]!) + 1).map((event) => event.id));
  });
});
