/**
 * Request shapes of the reads, checked against the API references with the SDK mocked at
 * the client seam. What the adapter makes of AWS's answers is proven over the wire (*.wire.test.ts).
 */
import { describe, expect, it } from "vitest";
import { standardQueries } from "../metrics";
import { SeriesSchema, type MetricQuery } from "../types";
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

describe("traces (X-Ray)", () => {
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
