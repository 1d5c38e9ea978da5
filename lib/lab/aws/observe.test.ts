import { describe, expect, it } from "vitest";
import { standardQueries } from "../metrics";
import { LabEventSchema, SeriesSchema, TopologySchema, TracesSchema, type MetricQuery } from "../types";
import { p95Ms } from "./xray";
import { EC2_OUTPUTS, OUTPUTS } from "./test/fixtures";
import { labError, useTestLabs } from "./test/harness";

const open = useTestLabs();

interface SentQuery {
  Id: string;
  Label?: string;
  ReturnData: boolean;
  MetricStat: { Metric: { Namespace: string; MetricName: string; Dimensions: { Name: string; Value: string }[] }; Period: number; Stat: string };
}

describe("metrics (CloudWatch GetMetricData)", () => {
  it("sends every standard query in one call per page, in the API's shape, oldest data first", async () => {
    const lab = open();
    const topology = await lab.lab.topology();
    const queries = standardQueries(topology, 60);
    const to = new Date("2026-11-24T18:00:00Z");
    const from = new Date(to.getTime() - 10 * 60_000);
    const series = SeriesSchema.array().parse(await lab.lab.metrics(queries, from, to));

    const calls = lab.world.inputsOf("GetMetricData");
    expect(calls[0]).toMatchObject({ StartTime: from, EndTime: to, ScanBy: "TimestampAscending" });
    expect(calls[0]).not.toHaveProperty("NextToken", expect.anything());
    const sent = calls[0]?.MetricDataQueries as SentQuery[];
    expect(sent).toHaveLength(queries.length);
    expect(sent.find((query) => query.Id === "latencyP95")).toEqual({
      Id: "latencyP95",
      Label: "Latency p95",
      ReturnData: true,
      MetricStat: { Metric: { Namespace: "AWS/ApplicationELB", MetricName: "TargetResponseTime", Dimensions: [{ Name: "LoadBalancer", Value: OUTPUTS.LoadBalancerFullName }] }, Period: 60, Stat: "p95" },
    });
    expect(sent.find((query) => query.Id === "healthyHosts")?.MetricStat.Metric.Dimensions).toEqual([
      { Name: "TargetGroup", Value: OUTPUTS.ApiBlueTargetGroupFullName },
      { Name: "LoadBalancer", Value: OUTPUTS.LoadBalancerFullName },
    ]);

    // 18 queries × 10 one-minute points = 180 datapoints; the fake pages every 100.
    expect(calls).toHaveLength(2);
    expect(calls[1]).toMatchObject({ NextToken: "page-100" });
    expect(series.map((entry) => entry.id)).toEqual(queries.map((query) => query.id));
    for (const entry of series) {
      expect(entry.points).toHaveLength(10);
      expect(entry.points[0]?.t).toBe(from.getTime());
      const times = entry.points.map((point) => point.t);
      expect(times).toEqual([...times].sort((a, b) => a - b));
    }
    expect(series.find((entry) => entry.id === "requests")?.points.slice(0, 2)).toEqual([
      { t: from.getTime(), v: 1200 },
      { t: from.getTime() + 60_000, v: 1201 },
    ]);
  });

  it("splits more than 500 queries into calls of at most 500", async () => {
    const lab = open();
    const queries: MetricQuery[] = Array.from({ length: 1201 }, (_, index) => ({
      id: `q${index}`,
      namespace: "AWS/ECS",
      metricName: "CPUUtilization",
      dimensions: { ClusterName: "gameday-cluster", ServiceName: "api" },
      stat: "Average",
      periodSeconds: 300,
    }));
    lab.world.pageSizes.datapoints = 100_000;
    const to = new Date("2026-11-24T18:00:00Z");
    const series = await lab.lab.metrics(queries, new Date(to.getTime() - 15 * 60_000), to);
    expect(lab.world.inputsOf("GetMetricData").map((input) => (input.MetricDataQueries as unknown[]).length)).toEqual([500, 500, 201]);
    expect(series).toHaveLength(1201);
    expect(series[1200]?.points).toHaveLength(3);
  });

  it("rejects malformed and duplicate query ids, and an empty window, as invalid", async () => {
    const lab = open();
    const base: MetricQuery = { id: "requests", namespace: "AWS/ApplicationELB", metricName: "RequestCount", stat: "Sum", periodSeconds: 60 };
    const to = new Date();
    const from = new Date(to.getTime() - 60_000);
    expect((await labError(lab.lab.metrics([{ ...base, id: "Requests" }], from, to))).message).toContain("must start with a lowercase letter");
    expect((await labError(lab.lab.metrics([base, base], from, to))).message).toContain('"requests" is used twice');
    expect((await labError(lab.lab.metrics([base], to, from))).code).toBe("invalid");
    expect(lab.world.inputsOf("GetMetricData")).toHaveLength(0);
  });
});

describe("events", () => {
  it("merges ECS, alarm history, FIS and fault events since an instant, with stable ids", async () => {
    const lab = open();
    const handle = await lab.lab.start({ runId: "ev-1", scenarioId: "ecs-task-termination", params: {}, durationSeconds: 120 });
    lab.world.tick();
    lab.world.tick();
    const since = new Date(lab.world.now().getTime() - 60 * 60_000);
    const events = LabEventSchema.array().parse(await lab.lab.events(since));
    const ids = events.map((event) => event.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(
      expect.arrayContaining([
        "ecs-event:api-evt-0001",
        "ecs-deployment:ecs-svc/9223370501171839398:COMPLETED",
        `fis:${handle.externalId}:created`,
        `fis:${handle.externalId}:Inject:started`,
      ]),
    );
    expect(events.find((event) => event.id.startsWith("ecs-task-stopped:api"))).toMatchObject({ kind: "task-stopped", service: "api", message: expect.stringContaining("Essential container in task exited (EssentialContainerExited)") as unknown });
    const alarmEvents = events.filter((event) => event.kind === "alarm");
    expect(alarmEvents.map((event) => event.data.alarm)).toEqual(["gameday-api-5xx", "gameday-api-5xx", "gameday-api-latency-p95"]);
    expect(alarmEvents[0]).toMatchObject({ message: "Alarm updated from OK to ALARM", data: { from: "OK", to: "ALARM" } });
    expect(events.map((event) => Date.parse(event.at))).toEqual([...events.map((event) => Date.parse(event.at))].sort((a, b) => a - b));

    const history = lab.world.inputsOf("DescribeAlarmHistory");
    expect(history[0]).toMatchObject({ AlarmName: "gameday-api-5xx", AlarmTypes: ["MetricAlarm", "CompositeAlarm"], HistoryItemType: "StateUpdate", StartDate: since, ScanBy: "TimestampDescending", MaxRecords: 100 });
    expect(history.map((input) => input.AlarmName)).not.toContain("other-team-alarm");
    expect(lab.world.inputsOf("ListTasks")).toEqual(
      expect.arrayContaining([{ cluster: "gameday-cluster", serviceName: "api", desiredStatus: "STOPPED", maxResults: 100 }]),
    );

    const again = await lab.lab.events(since);
    expect(again.map((event) => event.id)).toEqual(ids);
    const later = await lab.lab.events(new Date(lab.world.now().getTime() - 32 * 60_000));
    expect(later.every((event) => Date.parse(event.at) >= lab.world.now().getTime() - 32 * 60_000)).toBe(true);
    expect(later.length).toBeLessThan(events.length);
  });
});

describe("topology", () => {
  it("maps services, deployments, tasks with stop reasons, target health and the Aurora writer", async () => {
    const lab = open();
    const topology = TopologySchema.parse(await lab.lab.topology());
    expect(topology).toMatchObject({
      kind: "aws",
      cluster: "gameday-cluster",
      loadBalancer: { dimension: OUTPUTS.LoadBalancerFullName, url: OUTPUTS.LoadBalancerUrl, targetGroups: [{ service: "api", dimension: OUTPUTS.ApiBlueTargetGroupFullName }] },
      hosts: [],
      database: { identifier: "gameday-db", engine: "aurora-postgresql", status: "available", writer: "gameday-db-instance-1" },
    });
    expect(topology.services.map((service) => [service.name, service.desiredCount, service.runningCount, service.taskDefinition])).toEqual([
      ["api", 2, 2, "gameday-api:7"],
      ["backend", 2, 2, "gameday-backend:7"],
    ]);
    expect(topology.services[0]?.deployments[0]).toMatchObject({ status: "PRIMARY", rolloutState: "COMPLETED", taskDefinition: "gameday-api:7" });
    expect(topology.tasks.filter((task) => task.lastStatus === "RUNNING")).toHaveLength(4);
    expect(topology.tasks.find((task) => task.lastStatus === "STOPPED" && task.service === "backend")).toMatchObject({ stopCode: "EssentialContainerExited", stoppedReason: "Essential container in task exited", pid: null, hostId: null });
    expect(topology.targets).toEqual([
      expect.objectContaining({ service: "api", state: "healthy", targetId: expect.stringMatching(/^10\.0\.\d+\.\d+:8080$/) as unknown }),
      expect.objectContaining({ service: "api", state: "healthy" }),
    ]);
    expect(lab.world.inputsOf("DescribeServices")[0]).toEqual({ cluster: "gameday-cluster", services: ["api", "backend"] });
    expect(lab.world.inputsOf("DescribeTargetHealth").map((input) => input.TargetGroupArn)).toEqual([OUTPUTS.ApiBlueTargetGroupArn, OUTPUTS.ApiGreenTargetGroupArn]);
  });

  it("reports container instances as hosts in the EC2 variant", async () => {
    const lab = open(EC2_OUTPUTS);
    const topology = await lab.lab.topology();
    expect(topology.hosts).toEqual([
      { id: "i-0a1b2c3d4e5f60001", availabilityZone: "eu-west-1a", lifecycle: "on-demand", status: "ACTIVE", capacity: 2, used: 1 },
      { id: "i-0a1b2c3d4e5f60002", availabilityZone: "eu-west-1b", lifecycle: "spot", status: "ACTIVE", capacity: 2, used: 1 },
    ]);
    expect(lab.world.inputsOf("DescribeContainerInstances")[0]).toMatchObject({ cluster: "gameday-cluster", include: ["TAGS"] });
  });

  it("names a missing service", async () => {
    const lab = open();
    lab.world.services.delete("backend");
    const error = await labError(lab.lab.topology());
    expect(error.code).toBe("not-found");
    expect(error.message).toContain("ECS service(s) backend not found in cluster gameday-cluster");
    expect(error.message).toContain("MISSING");
  });
});

describe("traces (X-Ray)", () => {
  it("folds the service graph across pages and picks faults and errors first as exemplars", async () => {
    const lab = open();
    const to = new Date();
    const from = new Date(to.getTime() - 5 * 60_000);
    const traces = TracesSchema.parse(await lab.lab.traces(from, to));
    expect(lab.world.inputsOf("GetServiceGraph")).toEqual([{ StartTime: from, EndTime: to }, { StartTime: from, EndTime: to, NextToken: "graph-page-2" }]);
    expect(lab.world.inputsOf("GetTraceSummaries")).toEqual([{ StartTime: from, EndTime: to, TimeRangeType: "Event", Sampling: true }]);
    expect(traces.graph.nodes.map((node) => [node.name, node.type])).toEqual([
      ["client", "client"],
      ["gameday-alb", "load-balancer"],
      ["api", "service"],
      ["backend", "service"],
      ["gameday-db@gameday-db.cluster-c1a2b3.eu-west-1.rds.amazonaws.com", "database"],
    ]);
    expect(traces.graph.nodes[0]).toMatchObject({ requests: 600, errors: 0 });
    expect(traces.graph.nodes[2]).toMatchObject({ requests: 600, errors: 3, averageLatencyMs: 45 });
    expect(traces.graph.edges.map((edge) => `${edge.source}->${edge.target}`)).toEqual(["0->1", "1->2", "2->3", "2->4"]);
    expect(traces.graph.edges[2]).toMatchObject({ requests: 300, averageLatencyMs: 30, p95LatencyMs: 120 });
    expect(traces.samples.map((sample) => [sample.status, sample.hasFault, sample.hasError])).toEqual([
      [502, true, false],
      [429, false, true],
      [200, false, false],
    ]);
    expect(traces.samples[0]).toMatchObject({ path: "/db", method: "GET", durationMs: 1200, services: ["api", "gameday-db"] });
    // No StartTime on that summary: the instant comes from the trace id's epoch.
    expect(Math.abs(Date.parse(traces.samples[0]?.at ?? "") - (to.getTime() - 60_000))).toBeLessThan(1000);
  });

  it("computes p95 from X-Ray's response-time histogram", () => {
    expect(p95Ms([{ Value: 0.01, Count: 90 }, { Value: 0.5, Count: 10 }])).toBe(500);
    expect(p95Ms([{ Value: 0.02, Count: 96 }, { Value: 0.4, Count: 4 }])).toBe(20);
    expect(p95Ms([])).toBeNull();
  });
});

describe("request shapes of the remaining reads", () => {
  it("names and parameters as in the API references", async () => {
    const lab = open(EC2_OUTPUTS);
    lab.world.pageSizes.tasks = 1;
    await lab.lab.topology();
    await lab.lab.preflight({ scenarioId: "waf-misblock", params: {}, durationSeconds: 60 });
    await lab.lab.preflight({ scenarioId: "health-check-failure", params: {}, durationSeconds: 60 });
    await lab.lab.preflight({ scenarioId: "cpu-stress", params: {}, durationSeconds: 60 });
    await lab.lab.start({ runId: "shapes", scenarioId: "secrets-break", params: {}, durationSeconds: 60 });
    const world = lab.world;
    expect(world.inputsOf("DescribeClusters")[0]).toEqual({ clusters: ["gameday-cluster"], include: ["TAGS"] });
    expect(world.inputsOf("ListTasks")).toEqual(
      expect.arrayContaining([
        { cluster: "gameday-cluster", serviceName: "api", desiredStatus: "RUNNING", maxResults: 100 },
        { cluster: "gameday-cluster", serviceName: "backend", desiredStatus: "RUNNING", maxResults: 100, nextToken: "page-1" },
      ]),
    );
    const described = world.inputsOf("DescribeTasks")[0];
    expect(described).toMatchObject({ cluster: "gameday-cluster" });
    expect((described?.tasks as string[]).every((arn) => arn.startsWith("arn:aws:ecs:eu-west-1:123456789012:task/gameday-cluster/"))).toBe(true);
    expect(world.inputsOf("ListContainerInstances")[0]).toEqual({ cluster: "gameday-cluster", maxResults: 100 });
    expect(world.inputsOf("GetWebACL")[0]).toEqual({ Name: "gameday-web-acl", Scope: "REGIONAL", Id: OUTPUTS.WebAclId });
    expect(world.inputsOf("GetParameter")[0]).toEqual({ Name: "/gameday/fault-flags" });
    expect(world.inputsOf("DescribeTaskDefinition")[0]).toEqual({ taskDefinition: world.taskDefinitionArn("gameday-api", 7), include: ["TAGS"] });
    expect(world.inputsOf("ListExperiments")[0]).toEqual({ maxResults: 100 });
    expect(world.inputsOf("ListAttachedRolePolicies")[0]).toEqual({ RoleName: "gameday-api-execution" });
    expect(world.inputsOf("GetSafetyLever")[0]).toEqual({ id: "default" });
  });
});
