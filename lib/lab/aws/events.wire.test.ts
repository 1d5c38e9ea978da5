/**
 * The timeline feed over the wire: ECS service events and deployments (DescribeServices),
 * task stops (ListTasks + DescribeTasks), alarm history (DescribeAlarms +
 * DescribeAlarmHistory), FIS (ListExperiments + GetExperiment), each from documented bodies.
 */
import { describe, expect, it } from "vitest";
import { LabEventFeedSchema, LabEventSchema, type Lab, type LabEventFeed } from "../types";
import { ok, wireError } from "./test/aws-endpoint";
import { NOW, useWireLab } from "./test/wire-harness";
import { alarmHistory, belowDesiredAlarm, describeAlarms, documentedAlarmHistory, documentedMetricAlarm, stateUpdate } from "./test/wire/cloudwatch";
import { documentedOomStoppedTask, documentedRollingService, documentedService } from "./test/wire/ecs";
import { documentedExperimentSummary, ourTags, experimentIn } from "./test/wire/fis";
import { epoch } from "./test/wire/time";
import { serveWorld, steadyWorld, TASK_ARN } from "./test/wire/world";

const open = useWireLab();

async function feed(lab: Lab, since: Date): Promise<LabEventFeed> {
  if (!lab.eventFeed) throw new Error("the AWS adapter reports its event sources");
  return LabEventFeedSchema.parse(await lab.eventFeed(since));
}

describe("events: each source degrades on its own", () => {
  it("a missing permission for alarm history leaves the other sources' events and marks that source stale with the reason", async () => {
    const { endpoint, lab } = open();
    const world = steadyWorld();
    world.services = [documentedRollingService("api"), documentedRollingService("backend")];
    serveWorld(endpoint, world);
    endpoint.on("monitoring", "DescribeAlarms", ok(describeAlarms([{ ...documentedMetricAlarm(), StateUpdatedTimestamp: epoch("2025-02-21T12:00:00Z") }])));
    endpoint.on(
      "monitoring",
      "DescribeAlarmHistory",
      wireError("monitoring", "com.amazon.coral.service#AccessDeniedException", "User: arn:aws:sts::123456789012:assumed-role/gameday-console/s is not authorized to perform: cloudwatch:DescribeAlarmHistory", 403, { queryCode: "AccessDenied" }),
    );
    const since = new Date("2025-02-21T00:00:00Z");
    const events = LabEventSchema.array().parse(await lab.events(since));
    expect(events.map((event) => event.id)).toEqual(
      expect.arrayContaining(["ecs-event:e40b4d1c-80d9-4834-aaf3-6a268e530e17", "ecs-deployment:ecs-svc/7419115625193919142:IN_PROGRESS"]),
    );
    const { sources } = await feed(lab, since);
    const stale = sources.filter((source) => source.status === "stale");
    expect(stale.map((source) => source.id)).toEqual(["alarm-history"]);
    expect(stale[0]?.reason).toContain("not allowed to call cloudwatch:DescribeAlarmHistory");
    expect(sources.find((source) => source.id === "service-events")).toMatchObject({ status: "ok", reason: null, lastReadAt: NOW.toISOString() });
  });

  it("a failing ECS DescribeServices leaves alarm transitions and task stops, and says which sources are stale", async () => {
    const { endpoint, lab } = open();
    const world = steadyWorld();
    const stoppedArn = TASK_ARN("api", 9);
    world.tasks.set(stoppedArn, { body: { ...documentedOomStoppedTask("api974de", "service:api", epoch("2026-11-24T17:55:00Z")), taskArn: stoppedArn }, service: "api", desired: "STOPPED" });
    serveWorld(endpoint, world);
    endpoint.on("ecs", "DescribeServices", wireError("ecs", "ServerException", "Server exception.", 500));
    endpoint.on("monitoring", "DescribeAlarms", ok(describeAlarms([{ ...documentedMetricAlarm(), StateUpdatedTimestamp: epoch("2026-11-24T17:59:00Z") }])));
    endpoint.on("monitoring", "DescribeAlarmHistory", ok(alarmHistory([stateUpdate("gameday-myalarm", new Date("2026-11-24T17:59:00Z"), "OK", "ALARM")])));
    const since = new Date("2026-11-24T17:00:00Z");
    const result = await feed(lab, since);
    expect(result.events.map((event) => event.kind)).toEqual(["task-stopped", "alarm"]);
    expect(result.sources.filter((source) => source.status === "stale").map((source) => source.id)).toEqual(["service-events", "deployments"]);
    expect(result.sources.find((source) => source.id === "deployments")?.reason).toContain("ecs:DescribeServices");
  });

  it("fails whole only when no source answers", async () => {
    const { endpoint, lab } = open();
    for (const [service, operation] of [
      ["ecs", "DescribeServices"],
      ["ecs", "ListTasks"],
      ["ecs", "DescribeClusters"],
      ["monitoring", "DescribeAlarms"],
      ["fis", "ListExperiments"],
    ] as const) {
      endpoint.on(service, operation, wireError(service, "UnrecognizedClientException", "The security token included in the request is invalid.", 400));
    }
    await expect(lab.events(new Date("2026-11-24T17:00:00Z"))).rejects.toMatchObject({ code: "credentials" });
  });
});

describe("events: alarm history", () => {
  it("reads only our alarms' history, newest first, within the window, even when the account is busy", async () => {
    const { endpoint, lab } = open();
    serveWorld(endpoint, steadyWorld());
    const since = new Date("2026-11-24T12:00:00Z");
    const ours = belowDesiredAlarm("api");
    endpoint.on("monitoring", "DescribeAlarms", ok(describeAlarms([ours, { ...documentedMetricAlarm(), StateUpdatedTimestamp: epoch("2026-11-24T08:00:00Z") }])));
    // A busy account: 1,500 transitions of other teams' alarms in the window, and ours last.
    const account = Array.from({ length: 1500 }, (_, index) => stateUpdate(`payments-${index % 40}`, new Date(since.getTime() + index * 10_000), "OK", "ALARM"));
    const newest = stateUpdate("gameday-api-running-below-desired", new Date("2026-11-24T17:59:00Z"), "OK", "ALARM");
    const older = stateUpdate("gameday-api-running-below-desired", new Date("2026-11-24T13:00:00Z"), "ALARM", "OK");
    const everything = [...account, older, newest];
    endpoint.on("monitoring", "DescribeAlarmHistory", (request) => {
      const { AlarmName, ScanBy, NextToken } = request.params;
      const items = everything
        .filter((item) => AlarmName === undefined || item.AlarmName === AlarmName)
        .sort((a, b) => (ScanBy === "TimestampDescending" ? -1 : 1) * (Number(a.Timestamp) - Number(b.Timestamp)));
      const start = typeof NextToken === "string" ? Number(NextToken) : 0;
      return ok(alarmHistory(items.slice(start, start + 100), start + 100 < items.length ? String(start + 100) : undefined));
    });

    const events = await lab.events(since);
    const alarmEvents = events.filter((event) => event.kind === "alarm");
    expect(alarmEvents.map((event) => [event.at, event.data.alarm, event.data.to])).toEqual([
      ["2026-11-24T13:00:00.000Z", "gameday-api-running-below-desired", "OK"],
      ["2026-11-24T17:59:00.000Z", "gameday-api-running-below-desired", "ALARM"],
    ]);
    const calls = endpoint.calls("monitoring", "DescribeAlarmHistory");
    // One alarm changed in the window (its StateUpdatedTimestamp says so); the quiet one costs no call.
    expect(calls.map((call) => call.params)).toEqual([
      {
        AlarmName: "gameday-api-running-below-desired",
        AlarmTypes: ["MetricAlarm", "CompositeAlarm"],
        HistoryItemType: "StateUpdate",
        StartDate: since.getTime() / 1000,
        EndDate: NOW.getTime() / 1000,
        ScanBy: "TimestampDescending",
        MaxRecords: 100,
      },
    ]);
  });

  it("maps the documented history items (HistoryData JSON) to transitions with from, to and reason", async () => {
    const { endpoint, lab } = open();
    serveWorld(endpoint, steadyWorld());
    endpoint.on("monitoring", "DescribeAlarms", ok(describeAlarms([documentedMetricAlarm()])));
    endpoint.on("monitoring", "DescribeAlarmHistory", ok(alarmHistory(documentedAlarmHistory())));
    const events = await lab.events(new Date("2014-04-09T18:00:00Z"));
    expect(events.filter((event) => event.kind === "alarm")).toEqual([
      {
        id: "alarm:gameday-myalarm:2014-04-09T18:59:05.805Z",
        at: "2014-04-09T18:59:05.805Z",
        kind: "alarm",
        service: null,
        message: "Alarm updated from OK to ALARM",
        data: { alarm: "gameday-myalarm", from: "OK", to: "ALARM", reason: "testing purposes" },
      },
      {
        id: "alarm:gameday-myalarm:2014-04-09T18:59:06.442Z",
        at: "2014-04-09T18:59:06.442Z",
        kind: "alarm",
        service: null,
        message: "Alarm updated from ALARM to OK",
        data: {
          alarm: "gameday-myalarm",
          from: "ALARM",
          to: "OK",
          reason: "Threshold Crossed: 2 datapoints were not greater than the threshold (70.0). The most recent datapoints: [38.958, 40.292].",
        },
      },
    ]);
  });
});

describe("events: deployments and task stops", () => {
  it("does not report a deployment without rolloutState as a rollout in progress", async () => {
    const { endpoint, lab } = open();
    const world = steadyWorld();
    serveWorld(endpoint, world);
    // describe-services.rst: the deployment was created at 1466801808.595 and carries no rolloutState.
    const events = await lab.events(new Date("2016-06-24T00:00:00Z"));
    const deployments = events.filter((event) => event.kind === "deployment");
    expect(deployments.map((event) => event.message).join("\n")).not.toMatch(/in progress/i);
    expect(deployments.map((event) => event.id)).not.toContain("ecs-deployment:ecs-svc/1234567890123456789:IN_PROGRESS");
    expect(events.find((event) => event.id === "ecs-event:a1b2c3d4-5678-90ab-cdef-11111EXAMPLE")).toMatchObject({
      kind: "service",
      service: "api",
      message: "(service api) has reached a steady state.",
    });
  });

  it("reports the documented rolling update: the new deployment in progress, the old one completed", async () => {
    const { endpoint, lab } = open();
    const world = steadyWorld();
    world.services = [documentedRollingService("api"), documentedService("backend")];
    serveWorld(endpoint, world);
    const events = await lab.events(new Date("2025-01-01T00:00:00Z"));
    expect(events.filter((event) => event.kind === "deployment").map((event) => [event.id, event.at])).toEqual([
      ["ecs-deployment:ecs-svc/1709597507655421668:COMPLETED", "2025-02-02T22:11:30.838Z"],
      ["ecs-deployment:ecs-svc/7419115625193919142:IN_PROGRESS", "2025-02-21T19:26:02.734Z"],
    ]);
  });

  it("carries a stopped task's container exit code and reason into the task-stopped event", async () => {
    const { endpoint, lab } = open();
    const world = steadyWorld();
    const arn = TASK_ARN("backend", 9);
    world.tasks.set(arn, { body: { ...documentedOomStoppedTask("backend974de", "service:backend", epoch("2026-11-24T17:55:00Z")), taskArn: arn }, service: "backend", desired: "STOPPED" });
    serveWorld(endpoint, world);
    const events = await lab.events(new Date("2026-11-24T17:00:00Z"));
    const stopped = events.find((event) => event.kind === "task-stopped");
    expect(stopped).toMatchObject({
      id: `ecs-task-stopped:${arn.split("/").pop() ?? ""}`,
      at: "2026-11-24T17:55:00.000Z",
      service: "backend",
      data: { stopCode: "EssentialContainerExited", containers: [{ name: "web", lastStatus: "STOPPED", exitCode: 137, reason: "OutOfMemoryError: Container killed due to memory usage" }] },
    });
    expect(stopped?.message).toContain("Essential container in task exited (EssentialContainerExited)");
    expect(stopped?.message).toContain("web exited 137: OutOfMemoryError: Container killed due to memory usage");
  });
});

describe("events: FIS", () => {
  it("lists this deployment's experiments and reads each, with the injection instant falling back to the experiment's start", async () => {
    const { endpoint, lab } = open();
    serveWorld(endpoint, steadyWorld());
    const tags = ourTags("run-7");
    endpoint.on("fis", "ListExperiments", ok({ experiments: [documentedExperimentSummary(tags), documentedExperimentSummary({ "gameday:deployment": "someone-else" })] }));
    endpoint.on("fis", "GetExperiment", ok({ experiment: experimentIn("completed", { withActionTimes: false, tags }) }));
    const events = await lab.events(new Date("2021-03-22T00:00:00Z"));
    const faults = events.filter((event) => event.kind === "fault");
    expect(faults.map((event) => [event.id, event.at])).toEqual([
      ["fis:ABC12DeFGhI3jKLMNOP:created", "2021-03-22T17:01:49.662Z"],
      ["fis:ABC12DeFGhI3jKLMNOP:reboot:started", "2021-03-22T17:01:49.962Z"],
      ["fis:ABC12DeFGhI3jKLMNOP:completed", "2021-03-22T17:02:02.307Z"],
    ]);
    expect(endpoint.calls("fis", "GetExperiment").map((call) => call.path)).toEqual(["/experiments/ABCdeF1GHiJkLM23NO"]);
  });
});
