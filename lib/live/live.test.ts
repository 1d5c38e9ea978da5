import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GET as streamRoute } from "@/app/api/gamedays/[id]/stream/route";
import { db } from "@/lib/db/client";
import { snapshotRunMetrics } from "@/lib/gameday/snapshot-run-metrics";
import { installLab } from "@/lib/lab";
import { appendTimelineEvent } from "@/lib/timeline/append-event";
import { createTestUser, type TestUser } from "@/test/fixtures";
import { useTestDatabase } from "@/test/database";
import { readEvents, timelineIds, type ReceivedEvent } from "@/test/sse";
import { ScriptedLab } from "@/test/scripted-lab";
import { cadenceFor } from "./cadence";
import { GameDayHub, type HubOptions, type Viewer } from "./hub";
import { closeAllHubs, configureLiveHubs } from "./registry";

useTestDatabase();

const lab = new ScriptedLab();
const options: HubOptions = {
  lab: () => lab,
  cadence: cadenceFor("local", { tickMs: 200, metricsEveryMs: 200, fleetEveryMs: 200, alarmsEveryMs: 200, eventsEveryMs: 200, tracesEveryMs: 1000, lostAfterMs: 300, stableMs: 800, snapshotMarginMs: 300 }),
};

async function waitFor<T>(read: () => Promise<T> | T, accept: (value: T) => boolean, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await read();
    if (accept(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(last, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value))})`);
}

function openStream(user: TestUser, gameDayId: string, init: { lastEventId?: string; window?: number } = {}) {
  const controller = new AbortController();
  const headers = new Headers({ cookie: user.cookie, "user-agent": "vitest", accept: "text/event-stream" });
  if (init.lastEventId) headers.set("last-event-id", init.lastEventId);
  const url = `http://localhost:3000/api/gamedays/${gameDayId}/stream${init.window ? `?window=${init.window}` : ""}`;
  const response = streamRoute(new Request(url, { headers, signal: controller.signal }), { params: Promise.resolve({ id: gameDayId }) });
  return { response, abort: () => controller.abort() };
}

async function note(gameDayId: string, body: string) {
  return appendTimelineEvent({ gameDayId, kind: "note", body, data: {} });
}

describe("the live pipeline", () => {
  let facilitator: TestUser;
  let trainee: TestUser;
  let gameDayId: string;

  beforeAll(() => {
    installLab(lab);
    configureLiveHubs(options);
  });

  beforeEach(async () => {
    lab.reachable = true;
    facilitator = await createTestUser("facilitator");
    trainee = await createTestUser("trainee");
    const gameDay = await db().gameDay.create({
      data: {
        title: "Live",
        environment: "local",
        status: "running",
        startedAt: new Date(Date.now() - 1000),
        joinCode: Math.random().toString(36).slice(2, 8).toUpperCase(),
        createdById: facilitator.id,
        participants: { create: [{ userId: facilitator.id, role: "facilitator" }, { userId: trainee.id, role: "trainee" }] },
      },
    });
    gameDayId = gameDay.id;
  });

  afterEach(async () => {
    await closeAllHubs();
  });

  afterAll(() => {
    installLab(undefined);
  });

  it("elects one poller across two console instances and hands over when it goes", async () => {
    const first = new GameDayHub(gameDayId, options);
    const second = new GameDayHub(gameDayId, options);
    await Promise.all([first.retain(), second.retain()]);
    await waitFor(() => [first.isPolling, second.isPolling], (flags) => flags.includes(true), "a poller to be elected");
    await new Promise((resolve) => setTimeout(resolve, 2500)); // a full election round: nobody else takes it
    expect([first.isPolling, second.isPolling].filter(Boolean)).toHaveLength(1);

    const [leader, follower] = first.isPolling ? [first, second] : [second, first];
    await leader.deactivate();
    await waitFor(() => follower.isPolling, Boolean, "the follower to take over", 8000);
    await follower.deactivate();
  });

  it("streams state then the timeline, and resumes after a forced disconnect without gaps or repeats", async () => {
    const first = openStream(facilitator, gameDayId);
    const written: string[] = [];
    for (let index = 0; index < 5; index += 1) written.push((await note(gameDayId, `before ${index}`)).id);
    const received1 = await readEvents(await first.response, (events) => timelineIds(events).length >= 5 && events.some((entry) => entry.event.type === "metrics"), 10_000);
    first.abort();
    expect(received1.map((entry) => entry.event.type).slice(0, 2)).toEqual(["hello", "gameday"]);
    expect(received1.some((entry) => entry.event.type === "metrics")).toBe(true);
    const lastSeen = timelineIds(received1).at(-1) ?? "0";

    for (let index = 0; index < 5; index += 1) written.push((await note(gameDayId, `while away ${index}`)).id);
    const second = openStream(facilitator, gameDayId, { lastEventId: lastSeen });
    // Keep writing while the browser reconnects: nothing may fall between backlog and live.
    const writer = (async () => {
      for (let index = 0; index < 5; index += 1) written.push((await note(gameDayId, `during reconnect ${index}`)).id);
    })();
    const received2 = await readEvents(await second.response, (events) => timelineIds(events).length >= written.length - timelineIds(received1).length && written.length === 15, 10_000);
    await writer;
    second.abort();

    const all = [...timelineIds(received1), ...timelineIds(received2)];
    expect(all).toEqual(written);
    expect(new Set(all).size).toBe(all.length);
  });

  it("keeps a blind trainee's stream free of runs and fault timing, but not of the target's own signals", async () => {
    await db().gameDay.update({ where: { id: gameDayId }, data: { blindMode: true } });
    const run = await db().run.create({
      data: { gameDayId, scenarioId: "network-latency", params: {}, durationSeconds: 60, idempotencyKey: "blind-test", labKind: "local", launchedById: facilitator.id },
    });
    await appendTimelineEvent({ gameDayId, runId: run.id, kind: "fault.injected", body: "Network latency: fault injected", data: { scenarioId: "network-latency", runId: run.id } });
    await appendTimelineEvent({ gameDayId, kind: "alarm", body: "lab-p95-latency: OK → ALARM", data: { labEventId: "alarm-1", labKind: "alarm", service: null } });
    const seen = await note(gameDayId, "facilitator note");

    const blind = openStream(trainee, gameDayId);
    const received = await readEvents(await blind.response, (events) => timelineIds(events).includes(seen.id), 5000);
    blind.abort();
    expect(received.some((entry) => entry.event.type === "run")).toBe(false);
    const bodies = received.flatMap((entry) => (entry.event.type === "timeline" ? [entry.event.event.body] : []));
    expect(bodies).toEqual(["lab-p95-latency: OK → ALARM", "facilitator note"]);
    expect(JSON.stringify(received)).not.toContain("network-latency");

    const sighted = openStream(facilitator, gameDayId);
    const all = await readEvents(await sighted.response, (events) => timelineIds(events).includes(seen.id), 5000);
    sighted.abort();
    expect(all.some((entry) => entry.event.type === "run" && entry.event.run.id === run.id)).toBe(true);
    expect(all.some((entry) => entry.event.type === "timeline" && entry.event.event.kind === "fault.injected")).toBe(true);
  });

  it("polls upstream once per tick however many viewers watch", async () => {
    const hub = new GameDayHub(gameDayId, options);
    await hub.retain();
    await waitFor(() => hub.isPolling, Boolean, "the poller");
    const viewers: (Viewer & { received: number })[] = [];
    for (let index = 0; index < 200; index += 1) {
      const viewer = { blind: false, onlyTeam: null, windowSeconds: 60, lastTimelineId: 0n, pending: null, received: 0, send: () => ((viewer.received += 1), true) };
      viewers.push(viewer);
      await hub.attach(viewer, []);
    }
    const before = lab.callsTo("metrics");
    const startedAt = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const ticks = (Date.now() - startedAt) / options.cadence.metricsEveryMs;
    const calls = lab.callsTo("metrics") - before;
    expect(calls).toBeGreaterThan(0);
    expect(calls).toBeLessThanOrEqual(Math.ceil(ticks) + 1);
    const counts = new Set(viewers.map((viewer) => viewer.received));
    expect(Math.min(...counts)).toBeGreaterThan(calls - 2); // every viewer got (about) every metrics frame
    await hub.deactivate();
  });

  it("records steady state lost and regained, and the run's recovery instant", async () => {
    const hub = new GameDayHub(gameDayId, options);
    await hub.retain();
    const run = await db().run.create({
      data: { gameDayId, scenarioId: "ecs-task-termination", params: { service: "api", percent: 50 }, durationSeconds: 60, idempotencyKey: "recovery-test", labKind: "local", launchedById: facilitator.id },
    });
    const handle = await lab.start({ runId: run.id, scenarioId: "ecs-task-termination", params: {}, durationSeconds: 60 });
    await db().run.update({ where: { id: run.id }, data: { status: "initiating", externalId: handle.externalId, startedAt: new Date(handle.startedAt), leaseExpiresAt: new Date(handle.leaseExpiresAt) } });
    await waitFor(() => db().run.findUniqueOrThrow({ where: { id: run.id } }), (row) => row.injectedAt !== null, "the injection to be recorded");

    lab.values = { ...lab.values, runningTasks: 1, healthyHosts: 1 };
    await waitFor(() => db().timelineEvent.count({ where: { gameDayId, kind: "steady-state.lost" } }), (count) => count === 1, "steady state lost");
    lab.values = { ...lab.values, runningTasks: 2, healthyHosts: 2 };
    const recovered = await waitFor(() => db().run.findUniqueOrThrow({ where: { id: run.id } }), (row) => row.recoveredAt !== null, "the run's recovery");
    const regained = await db().timelineEvent.findMany({ where: { gameDayId, kind: "steady-state.regained" } });
    expect(regained.map((row) => row.runId)).toEqual([null]);
    const runRecovered = await db().timelineEvent.findMany({ where: { gameDayId, kind: "run.recovered" } });
    expect(runRecovered.map((row) => row.runId)).toEqual([run.id]);
    expect(recovered.recoveredAt?.getTime()).toBeGreaterThan(recovered.injectedAt?.getTime() ?? Infinity);
    const lost = await db().timelineEvent.findFirstOrThrow({ where: { gameDayId, kind: "steady-state.lost" } });
    expect(lost.body).toMatch(/running tasks = desired/);
    await hub.deactivate();
  });

  it("records each lab event once, also across a poller hand-over", async () => {
    const at = new Date().toISOString();
    lab.labEvents = [
      { id: `task-stopped-${gameDayId}`, at, kind: "task-stopped", service: "api", message: "api task 7f3a stopped: Essential container in task exited", data: { taskId: "7f3a" } },
      { id: `alarm-${gameDayId}`, at, kind: "alarm", service: null, message: "lab-5xx: OK → ALARM", data: {} },
      { id: `fault-${gameDayId}`, at, kind: "fault", service: null, message: "fault injected", data: {} },
    ];
    const first = new GameDayHub(gameDayId, options);
    await first.retain();
    const recorded = () => db().timelineEvent.findMany({ where: { gameDayId, labEventId: { not: null } }, orderBy: { id: "asc" } });
    await waitFor(recorded, (rows) => rows.length === 2, "two lab events on the timeline");
    await first.deactivate();
    const second = new GameDayHub(gameDayId, options);
    await second.retain();
    await waitFor(() => second.isPolling, Boolean, "a new poller");
    await new Promise((resolve) => setTimeout(resolve, 600));
    const rows = await recorded();
    expect(rows.map((row) => row.kind)).toEqual(["task.stopped", "alarm"]);
    await second.deactivate();
  });

  it("names an event source the lab could not read, while the other sources' events still arrive, and clears it when it answers again", async () => {
    const hub = new GameDayHub(gameDayId, options);
    await hub.retain();
    const staleFrames = () => db().liveFrame.findMany({ where: { gameDayId, type: "lab" }, orderBy: { id: "asc" } });
    lab.alarmHistoryFailure = "AccessDenied: not authorized to perform cloudwatch:DescribeAlarmHistory";
    lab.labEvents.push({ id: "svc-stale-1", at: new Date().toISOString(), kind: "service", service: "api", message: "service api has reached a steady state.", data: {} });
    const named = await waitFor(staleFrames, (frames) => frames.some((frame) => JSON.stringify(frame.payload).includes("Alarm history: AccessDenied")), "a lab frame naming the stale source");
    expect(named.length).toBeGreaterThan(0);
    await waitFor(() => db().timelineEvent.count({ where: { gameDayId, labEventId: "svc-stale-1" } }), (count) => count === 1, "the service event recorded despite the stale source");
    lab.alarmHistoryFailure = null;
    await waitFor(staleFrames, (frames) => JSON.stringify(frames.at(-1)?.payload ?? {}).includes('"staleSources":[]'), "the stale source cleared");
    await hub.deactivate();
  });

  it("tells viewers and the timeline when the lab cannot be reached, and when it is back", async () => {
    const stream = openStream(trainee, gameDayId);
    const response = await stream.response;
    await waitFor(() => db().liveFrame.count({ where: { gameDayId, type: "lab" } }), (count) => count >= 1, "a first lab frame");
    lab.reachable = false;
    await waitFor(() => db().timelineEvent.count({ where: { gameDayId, kind: "lab.unreachable" } }), (count) => count === 1, "lab.unreachable");
    lab.reachable = true;
    await waitFor(() => db().timelineEvent.count({ where: { gameDayId, kind: "lab.reachable" } }), (count) => count === 1, "lab.reachable");
    const received: ReceivedEvent[] = await readEvents(response, (events) => events.filter((entry) => entry.event.type === "lab").length >= 2, 5000);
    stream.abort();
    const labStates = received.flatMap((entry) => (entry.event.type === "lab" ? [entry.event.reachable] : []));
    expect(labStates).toContain(false);
  });

  it("keeps one snapshot of the metrics at the lab's resolution around a finished run nobody watched, even when two instances race", async () => {
    // Retained the way the supervisor retains a running game day: no viewer attached.
    const hub = new GameDayHub(gameDayId, options);
    await hub.retain();
    expect(hub.viewerCount).toBe(0);
    const startedAt = new Date(Date.now() - 5000);
    const run = await db().run.create({
      data: {
        gameDayId,
        scenarioId: "cpu-stress",
        params: {},
        durationSeconds: 30,
        idempotencyKey: "snapshot-test",
        labKind: "local",
        launchedById: facilitator.id,
        status: "ended",
        outcome: "completed",
        startedAt,
        injectedAt: startedAt,
        revertedAt: new Date(Date.now() - 1000),
        endedAt: new Date(Date.now() - 1000),
      },
    });
    const snapshot = await waitFor(() => db().metricSnapshot.findFirst({ where: { runId: run.id } }), (row) => row !== null, "a metric snapshot", 15_000);
    const series = snapshot?.series as { id: string; points: unknown[] }[];
    expect(series.map((entry) => entry.id)).toEqual(expect.arrayContaining(["requests", "latencyP95", "healthyHosts", "probe_public"]));
    expect(snapshot?.fromAt.getTime()).toBeLessThan(startedAt.getTime());
    expect(snapshot?.toAt.getTime()).toBeGreaterThan(run.endedAt?.getTime() ?? Infinity);
    expect(snapshot?.periodSeconds).toBe(options.cadence.periodSeconds);
    const topology = await lab.topology();
    const window = { marginMs: options.cadence.snapshotMarginMs, periodSeconds: options.cadence.periodSeconds };
    await Promise.all([snapshotRunMetrics(gameDayId, lab, topology, window), snapshotRunMetrics(gameDayId, lab, topology, window)]);
    expect(await db().metricSnapshot.count({ where: { runId: run.id } })).toBe(1);
    await hub.deactivate();
  });
});
