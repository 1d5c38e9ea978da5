import { describe, expect, it } from "vitest";
import type { RunView } from "@/lib/gameday/schemas";
import type { AlarmState } from "@/lib/lab/types";
import { LiveEventSchema, type LiveEvent } from "@/lib/live/events";
import type { TimelineEventView } from "@/lib/timeline/schemas";
import { alarmChanges, appendTimeline, initialLiveState, mergePoints, mergeRun, reduceLive, type LiveAction, type LiveState } from "./live-state";

const T0 = Date.parse("2026-11-24T10:00:00.000Z");

function run(overrides: Partial<RunView> = {}): RunView {
  return {
    id: "run0000000000000000001",
    gameDayId: "gd00000000000000000001",
    scenarioId: "ecs-task-termination",
    label: "Task termination",
    params: { service: "api", percent: 50 },
    durationSeconds: 120,
    labKind: "local",
    externalId: "fault-1",
    status: "initiating",
    outcome: null,
    statusReason: null,
    launchedById: "user1",
    stoppedById: null,
    stopReason: null,
    createdAt: "2026-11-24T10:00:00.000Z",
    startedAt: "2026-11-24T10:00:00.100Z",
    injectedAt: null,
    revertedAt: null,
    endedAt: null,
    leaseExpiresAt: "2026-11-24T10:02:00.100Z",
    recoveredAt: null,
    ...overrides,
  };
}

function entry(id: string, overrides: Partial<TimelineEventView> = {}): TimelineEventView {
  return {
    id,
    gameDayId: "gd00000000000000000001",
    runId: null,
    at: new Date(T0 + Number(id)).toISOString(),
    kind: "note",
    source: "user",
    actorId: "user1",
    actorName: "Fran",
    teamId: null,
    body: `entry ${id}`,
    data: {},
    correctsId: null,
    ...overrides,
  } as TimelineEventView;
}

function alarm(name: string, state: AlarmState["state"], updatedAt: string): AlarmState {
  return {
    name,
    description: null,
    state,
    reason: `${name} is ${state}`,
    updatedAt,
    namespace: "AWS/ApplicationELB",
    metricName: "HTTPCode_Target_5XX_Count",
    dimensions: {},
    stat: "Sum",
    threshold: 10,
    comparison: "GreaterThanThreshold",
    evaluationPeriods: 1,
    periodSeconds: 60,
  };
}

function seed(): LiveState {
  return initialLiveState({
    labKind: "local",
    blind: false,
    windowSeconds: 60,
    gameDay: { status: "running", startedAt: "2026-11-24T09:59:00.000Z", endedAt: null, haltedAt: null, haltedReason: null },
    runs: [],
    timeline: [],
  });
}

/** Every event goes through the real schema first, as the hook does with the stream's data. */
function feed(state: LiveState, ...events: unknown[]): LiveState {
  return events.reduce<LiveState>((current, raw, index) => {
    const event: LiveEvent = LiveEventSchema.parse(raw);
    const action: LiveAction = { type: "event", event, receivedAt: T0 + index };
    return reduceLive(current, action);
  }, state);
}

describe("metrics", () => {
  it("replaces every series on a replace message and merges deltas by t afterwards", () => {
    let state = feed(seed(), {
      type: "metrics",
      at: "2026-11-24T10:00:03.000Z",
      periodSeconds: 1,
      replace: true,
      series: [
        { id: "requests", label: "Requests", points: [{ t: T0, v: 10 }, { t: T0 + 1000, v: 11 }] },
        { id: "healthyHosts", label: "Healthy hosts", points: [{ t: T0, v: 4 }] },
      ],
    });
    // A delta re-sends the newest period (it was still filling) and adds a new one.
    state = feed(state, {
      type: "metrics",
      at: "2026-11-24T10:00:04.000Z",
      periodSeconds: 1,
      replace: false,
      series: [{ id: "requests", label: "Requests", points: [{ t: T0 + 1000, v: 15 }, { t: T0 + 2000, v: 12 }] }],
    });
    expect(state.metrics.series.requests?.points).toEqual([
      { t: T0, v: 10 },
      { t: T0 + 1000, v: 15 },
      { t: T0 + 2000, v: 12 },
    ]);
    expect(state.metrics.series.healthyHosts?.points).toEqual([{ t: T0, v: 4 }]);

    // A reconnect sends the whole state again: series it does not name are gone.
    state = feed(state, {
      type: "metrics",
      at: "2026-11-24T10:00:05.000Z",
      periodSeconds: 1,
      replace: true,
      series: [{ id: "requests", label: "Requests", points: [{ t: T0 + 2000, v: 12 }] }],
    });
    expect(Object.keys(state.metrics.series)).toEqual(["requests"]);
    expect(state.metrics.series.requests?.points).toEqual([{ t: T0 + 2000, v: 12 }]);
  });

  it("marks a series the metrics source failed to read, with what it said, until a good answer arrives", () => {
    let state = feed(seed(), {
      type: "metrics",
      at: "2026-11-24T10:00:03.000Z",
      periodSeconds: 1,
      replace: true,
      series: [{ id: "requests", label: "Requests", points: [], status: "failed", messages: ["Forbidden: no cloudwatch:GetMetricData"] }],
    });
    expect(state.metrics.series.requests?.failure).toBe("Forbidden: no cloudwatch:GetMetricData");
    state = feed(state, { type: "metrics", at: "2026-11-24T10:00:04.000Z", periodSeconds: 1, replace: false, series: [{ id: "requests", label: "Requests", points: [{ t: T0, v: 3 }] }] });
    expect(state.metrics.series.requests?.failure).toBeNull();
  });

  it("keeps only the window, measured back from the newest point", () => {
    const old = Array.from({ length: 100 }, (_, index) => ({ t: T0 + index * 1000, v: index }));
    const state = feed(seed(), { type: "metrics", at: "2026-11-24T10:01:40.000Z", periodSeconds: 1, replace: true, series: [{ id: "cpu", label: "CPU", points: old }] });
    const points = state.metrics.series.cpu?.points ?? [];
    expect(points[0]?.t).toBe(T0 + 39_000);
    expect(points.at(-1)?.t).toBe(T0 + 99_000);
    // Narrowing the window trims at once.
    const narrowed = reduceLive(state, { type: "window", windowSeconds: 10 });
    expect(narrowed.metrics.series.cpu?.points.length).toBe(11);
  });

  it("inserts a late point in order and replaces one with the same t", () => {
    expect(mergePoints([{ t: 1, v: 1 }, { t: 3, v: 3 }], [{ t: 2, v: 2 }, { t: 3, v: 30 }])).toEqual([
      { t: 1, v: 1 },
      { t: 2, v: 2 },
      { t: 3, v: 30 },
    ]);
  });

  it("keeps the identity of series a delta does not touch", () => {
    const state = feed(seed(), {
      type: "metrics",
      at: "2026-11-24T10:00:01.000Z",
      periodSeconds: 1,
      replace: true,
      series: [
        { id: "a", label: "A", points: [{ t: T0, v: 1 }] },
        { id: "b", label: "B", points: [{ t: T0, v: 1 }] },
      ],
    });
    const next = feed(state, { type: "metrics", at: "2026-11-24T10:00:02.000Z", periodSeconds: 1, replace: false, series: [{ id: "a", label: "A", points: [{ t: T0 + 1000, v: 2 }] }] });
    expect(next.metrics.series.b).toBe(state.metrics.series.b);
    expect(next.metrics.series.a).not.toBe(state.metrics.series.a);
  });
});

describe("runs", () => {
  it("replaces a run by id and keeps launch order", () => {
    const second = run({ id: "run0000000000000000002", createdAt: "2026-11-24T10:01:00.000Z", label: "Network latency" });
    let state = feed(seed(), { type: "run", run: second }, { type: "run", run: run() });
    expect(state.runs.map((entry) => entry.id)).toEqual(["run0000000000000000001", "run0000000000000000002"]);
    state = feed(state, { type: "run", run: run({ status: "active", injectedAt: "2026-11-24T10:00:01.000Z" }) });
    expect(state.runs).toHaveLength(2);
    expect(state.runs[0]?.status).toBe("active");
  });

  it("ignores a stale copy that would move a run backwards, and never forgets a ground-truth instant", () => {
    const ended = run({ status: "ended", outcome: "stopped", injectedAt: "2026-11-24T10:00:01.000Z", revertedAt: "2026-11-24T10:00:30.000Z", endedAt: "2026-11-24T10:00:31.000Z" });
    const stale = run({ status: "active", injectedAt: "2026-11-24T10:00:01.000Z" });
    expect(mergeRun(ended, stale)).toBe(ended);
    // Same phase, later copy without an instant the earlier one had (e.g. a poll raced the stream).
    const recovered = { ...ended, recoveredAt: "2026-11-24T10:01:10.000Z" };
    expect(mergeRun(recovered, ended).recoveredAt).toBe("2026-11-24T10:01:10.000Z");
  });

  it("takes runs from the browser's own calls through the same rules", () => {
    const state = reduceLive(seed(), { type: "runs", runs: [run({ status: "injecting" })] });
    const after = reduceLive(state, { type: "runs", runs: [run({ status: "initiating" })] });
    expect(after.runs[0]?.status).toBe("injecting");
  });
});

describe("timeline", () => {
  it("appends in id order without duplicates, comparing ids as numbers", () => {
    let state = feed(seed(), { type: "timeline", event: entry("9") }, { type: "timeline", event: entry("10") });
    // The same entry arrives again (a POST answer, then the stream) and a late one out of order.
    state = reduceLive(state, { type: "timeline", events: [entry("10"), entry("8")] });
    expect(state.timeline.map((event) => event.id)).toEqual(["8", "9", "10"]);
  });

  it("returns the same array when nothing is new", () => {
    const held = appendTimeline([], [entry("1"), entry("2")]);
    expect(appendTimeline(held, [entry("2")])).toBe(held);
  });
});

describe("alarms", () => {
  it("records transitions between snapshots, newest first, and the alarms already firing on the first one", () => {
    let state = feed(seed(), {
      type: "alarms",
      at: "2026-11-24T10:00:00.000Z",
      alarms: [alarm("api-5xx", "OK", "2026-11-24T09:00:00.000Z"), alarm("api-unhealthy", "ALARM", "2026-11-24T09:59:00.000Z")],
    });
    expect(state.alarmChanges.map((change) => `${change.name}:${change.from}->${change.to}`)).toEqual(["api-unhealthy:null->ALARM"]);
    state = feed(state, {
      type: "alarms",
      at: "2026-11-24T10:00:10.000Z",
      alarms: [alarm("api-5xx", "ALARM", "2026-11-24T10:00:09.000Z"), alarm("api-unhealthy", "OK", "2026-11-24T10:00:08.000Z")],
    });
    expect(state.alarmChanges.map((change) => `${change.name}:${change.from}->${change.to}`)).toEqual([
      "api-5xx:OK->ALARM",
      "api-unhealthy:ALARM->OK",
      "api-unhealthy:null->ALARM",
    ]);
  });

  it("does not count an unchanged snapshot or a new alarm that is OK", () => {
    const first = [alarm("a", "OK", "2026-11-24T09:00:00.000Z")];
    expect(alarmChanges(first, first)).toEqual([]);
    expect(alarmChanges(first, [...first, alarm("b", "OK", "2026-11-24T09:00:00.000Z")])).toEqual([]);
  });
});

describe("hello, game day, lab and connection", () => {
  it("learns the lab kind, poll period, blindness and the server's clock offset from hello", () => {
    const state = reduceLive(seed(), {
      type: "event",
      receivedAt: T0,
      event: { type: "hello", gameDayId: "gd", serverTime: new Date(T0 + 1500).toISOString(), labKind: "aws", pollPeriodSeconds: 60, blind: true },
    });
    expect(state).toMatchObject({ labKind: "aws", pollPeriodSeconds: 60, blind: true, serverOffsetMs: 1500, lastMessageAt: T0 });
  });

  it("follows halt and lab reachability, and counts heartbeats as signs of life", () => {
    let state = feed(seed(), {
      type: "gameday",
      gameDay: { id: "gd", status: "running", startedAt: "2026-11-24T09:59:00.000Z", endedAt: null, haltedAt: "2026-11-24T10:00:00.000Z", haltedReason: "customers hurt" },
    });
    expect(state.gameDay.haltedReason).toBe("customers hurt");
    state = feed(state, { type: "lab", at: "2026-11-24T10:00:00.000Z", reachable: false, detail: "connect ECONNREFUSED" });
    expect(state.lab).toMatchObject({ reachable: false, detail: "connect ECONNREFUSED" });
    const beat = reduceLive(state, { type: "event", receivedAt: T0 + 99, event: { type: "heartbeat", at: "2026-11-24T10:00:01.000Z" } });
    expect(beat.lastMessageAt).toBe(T0 + 99);
    expect(reduceLive(beat, { type: "connection", status: "down" }).connection).toBe("down");
    expect(reduceLive(beat, { type: "rejected" }).rejectedMessages).toBe(1);
  });
});
