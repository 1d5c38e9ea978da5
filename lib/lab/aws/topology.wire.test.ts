/**
 * topology() over the wire: ECS (AWS JSON 1.1), ELBv2 and RDS (awsQuery XML) answering
 * from documented bodies, with paging and each protocol's errors.
 */
import { describe, expect, it } from "vitest";
import { TopologySchema } from "../types";
import { ok, wireError } from "./test/aws-endpoint";
import { EC2_OUTPUTS, OUTPUTS } from "./test/fixtures";
import { labError } from "./test/harness";
import { useWireLab } from "./test/wire-harness";
import { DESCRIBE_CONTAINER_INSTANCES, documentedOomStoppedTask, documentedRollingService, LIST_CONTAINER_INSTANCES } from "./test/wire/ecs";
import { describeDbClusters, describeTargetHealth, DOCUMENTED_TARGETS } from "./test/wire/query";
import { epoch } from "./test/wire/time";
import { serveWorld, steadyWorld, TASK_ARN } from "./test/wire/world";

const open = useWireLab();

describe("topology", () => {
  it("maps the documented services, tasks, target health and Aurora cluster", async () => {
    const { endpoint, lab } = open();
    const world = steadyWorld();
    world.taskPageSize = 1;
    const stopped = TASK_ARN("backend", 9);
    world.tasks.set(stopped, { body: { ...documentedOomStoppedTask("backend974de", "service:backend", epoch("2026-11-24T17:55:00Z")), taskArn: stopped }, service: "backend", desired: "STOPPED" });
    world.services = [documentedRollingService("api"), world.services[1] ?? {}];
    serveWorld(endpoint, world);
    const topology = TopologySchema.parse(await lab.topology());

    // describe-services.rst: no rolloutState on backend's deployment; update-service.rst: api mid-rollout.
    expect(topology.services.map((service) => [service.name, service.desiredCount, service.runningCount, service.taskDefinition, service.deployments.map((deployment) => deployment.rolloutState)])).toEqual([
      ["api", 2, 2, "amazon-ecs-sample:2", ["IN_PROGRESS", "COMPLETED"]],
      ["backend", 10, 10, "amazon-ecs-sample:1", ["UNKNOWN"]],
    ]);
    expect(topology.tasks.filter((task) => task.lastStatus === "RUNNING")).toHaveLength(4);
    expect(topology.tasks.find((task) => task.lastStatus === "STOPPED")).toMatchObject({
      service: "backend",
      taskDefinition: "webserver:2",
      stopCode: "EssentialContainerExited",
      stoppedReason: "Essential container in task exited",
      stoppedAt: "2026-11-24T17:55:00.000Z",
      containers: [{ name: "web", lastStatus: "STOPPED", exitCode: 137, reason: "OutOfMemoryError: Container killed due to memory usage" }],
    });
    expect(topology.tasks[0]).toMatchObject({ availabilityZone: "us-east-1b", healthStatus: "UNKNOWN", startedAt: "2021-12-20T17:13:48.086Z", containers: [{ name: "web", exitCode: null, reason: null }] });
    // describe-target-health.rst: two healthy instances in blue, an unused one in green.
    expect(topology.targets).toEqual([
      { targetId: "i-ceddcd4d:80", service: "api", state: "healthy", reason: null, description: null },
      { targetId: "i-0f76fade:80", service: "api", state: "healthy", reason: null, description: null },
      { targetId: "i-0f76fade:80", service: "api", state: "unused", reason: "Target.NotInUse", description: "Target group is not configured to receive traffic from the load balancer" },
    ]);
    expect(topology.loadBalancer.targetGroups).toEqual([{ service: "api", dimension: OUTPUTS.ApiBlueTargetGroupFullName }]);
    expect(topology.database).toEqual({ identifier: "gameday-db", engine: "aurora-mysql", status: "available", writer: "mydbcluster" });

    // Request shapes: AWS JSON 1.1 with the ECS target prefix, awsQuery forms for ELBv2 and RDS.
    const [services] = endpoint.calls("ecs", "DescribeServices");
    expect(services?.headers["x-amz-target"]).toBe("AmazonEC2ContainerServiceV20141113.DescribeServices");
    expect(services?.headers["content-type"]).toBe("application/x-amz-json-1.1");
    expect(services?.params).toEqual({ cluster: "gameday-cluster", services: ["api", "backend"] });
    const listCalls = endpoint.calls("ecs", "ListTasks").map((call) => call.params);
    expect(listCalls).toEqual(
      expect.arrayContaining([
        { cluster: "gameday-cluster", serviceName: "api", desiredStatus: "RUNNING", maxResults: 100 },
        { cluster: "gameday-cluster", serviceName: "api", desiredStatus: "RUNNING", maxResults: 100, nextToken: "page-1" },
        { cluster: "gameday-cluster", serviceName: "backend", desiredStatus: "STOPPED", maxResults: 100 },
      ]),
    );
    expect(endpoint.calls("ecs", "DescribeTasks")[0]?.params).toMatchObject({ cluster: "gameday-cluster" });
    expect(endpoint.calls("elasticloadbalancing", "DescribeTargetHealth").map((call) => call.params)).toEqual([
      { Action: "DescribeTargetHealth", Version: "2015-12-01", TargetGroupArn: OUTPUTS.ApiBlueTargetGroupArn },
      { Action: "DescribeTargetHealth", Version: "2015-12-01", TargetGroupArn: OUTPUTS.ApiGreenTargetGroupArn },
    ]);
    expect(endpoint.calls("rds", "DescribeDBClusters").map((call) => call.params)).toEqual([{ Action: "DescribeDBClusters", Version: "2014-10-31", DBClusterIdentifier: "gameday-db" }]);
  });

  it("reads the initial and unhealthy targets of the documented outputs, and a failover in progress", async () => {
    const { endpoint, lab } = open();
    serveWorld(endpoint, steadyWorld());
    endpoint.on("elasticloadbalancing", "DescribeTargetHealth", (request) =>
      ok(describeTargetHealth(request.params.TargetGroupArn === OUTPUTS.ApiBlueTargetGroupArn ? [DOCUMENTED_TARGETS.unhealthy] : [DOCUMENTED_TARGETS.initial])),
    );
    endpoint.on("rds", "DescribeDBClusters", ok(describeDbClusters({ status: "failing-over", engine: "aurora-postgresql", writer: "dbinstance2" })));
    const topology = await lab.topology();
    expect(topology.targets.map((target) => [target.state, target.reason])).toEqual([
      ["unhealthy", "Target.Timeout"],
      ["initial", "Elb.RegistrationInProgress"],
    ]);
    expect(topology.database).toMatchObject({ status: "failing-over", engine: "aurora-postgresql", writer: "dbinstance2" });
  });

  it("reports the documented container instance as a host in the EC2 variant", async () => {
    const { endpoint, lab } = open({ outputs: EC2_OUTPUTS });
    serveWorld(endpoint, steadyWorld());
    endpoint.on("ecs", "ListContainerInstances", ok(LIST_CONTAINER_INSTANCES));
    endpoint.on("ecs", "DescribeContainerInstances", ok(DESCRIBE_CONTAINER_INSTANCES));
    const topology = await lab.topology();
    expect(topology.hosts).toEqual([{ id: "i-A1B2C3D4", availabilityZone: "unknown", lifecycle: "on-demand", status: "ACTIVE", capacity: 2, used: 0 }]);
    expect(endpoint.calls("ecs", "DescribeContainerInstances")[0]?.params).toEqual({ cluster: "gameday-cluster", containerInstances: LIST_CONTAINER_INSTANCES.containerInstanceArns, include: ["TAGS"] });
  });

  it("names a service DescribeServices reports as MISSING", async () => {
    const { endpoint, lab } = open();
    serveWorld(endpoint, steadyWorld());
    const world = steadyWorld();
    // ECS API reference, Failure: { arn, reason: "MISSING" } for a service that does not exist.
    endpoint.on("ecs", "DescribeServices", ok({ services: [world.services[0]], failures: [{ arn: "arn:aws:ecs:eu-west-1:123456789012:service/gameday-cluster/backend", reason: "MISSING" }] }));
    const error = await labError(lab.topology());
    expect(error).toMatchObject({ code: "not-found", message: expect.stringContaining("ECS service(s) backend not found in cluster gameday-cluster") as unknown });
    expect(error.message).toContain("MISSING");
  });
});

describe("errors in each protocol", () => {
  // ECS API reference, DescribeServices "Errors" and Common Errors; ELBv2 DescribeTargetHealth "Errors"; RDS DescribeDBClusters "Errors".
  const cases: [string, (endpoint: ReturnType<typeof open>["endpoint"]) => void, string, RegExp][] = [
    ["ECS throttling", (endpoint) => endpoint.on("ecs", "DescribeServices", wireError("ecs", "ThrottlingException", "Rate exceeded", 400)), "throttled", /kept throttling ecs:DescribeServices/],
    ["ECS access denied", (endpoint) => endpoint.on("ecs", "DescribeServices", wireError("ecs", "AccessDeniedException", "User is not authorized to perform: ecs:DescribeServices", 400)), "access-denied", /not allowed to call ecs:DescribeServices/],
    ["ECS validation", (endpoint) => endpoint.on("ecs", "DescribeServices", wireError("ecs", "InvalidParameterException", "The specified cluster is inactive. Specify an active cluster and try again.", 400)), "invalid", /cluster is inactive/],
    ["ECS not found", (endpoint) => endpoint.on("ecs", "DescribeServices", wireError("ecs", "ClusterNotFoundException", "Cluster not found.", 400)), "not-found", /Cluster not found/],
    ["ECS quota", (endpoint) => endpoint.on("ecs", "DescribeServices", wireError("ecs", "LimitExceededException", "The limit for the resource was exceeded.", 400)), "quota-exceeded", /limit for the resource/],
    ["ELBv2 throttling", (endpoint) => endpoint.on("elasticloadbalancing", "DescribeTargetHealth", wireError("elasticloadbalancing", "Throttling", "Rate exceeded", 400)), "throttled", /kept throttling elasticloadbalancing:DescribeTargetHealth/],
    ["ELBv2 not found", (endpoint) => endpoint.on("elasticloadbalancing", "DescribeTargetHealth", wireError("elasticloadbalancing", "TargetGroupNotFound", "One or more target groups not found", 400)), "not-found", /target groups not found/],
    ["ELBv2 access denied", (endpoint) => endpoint.on("elasticloadbalancing", "DescribeTargetHealth", wireError("elasticloadbalancing", "AccessDenied", "User is not authorized to perform: elasticloadbalancing:DescribeTargetHealth", 403)), "access-denied", /not allowed to call elasticloadbalancing:DescribeTargetHealth/],
    ["ELBv2 validation", (endpoint) => endpoint.on("elasticloadbalancing", "DescribeTargetHealth", wireError("elasticloadbalancing", "ValidationError", "'arn' is not a valid target group ARN", 400)), "invalid", /not a valid target group ARN/],
    ["RDS not found", (endpoint) => endpoint.on("rds", "DescribeDBClusters", wireError("rds", "DBClusterNotFoundFault", "DBCluster gameday-db not found.", 404)), "not-found", /gameday-db not found/],
    ["RDS throttling", (endpoint) => endpoint.on("rds", "DescribeDBClusters", wireError("rds", "Throttling", "Rate exceeded", 400)), "throttled", /kept throttling rds:DescribeDBClusters/],
    ["RDS quota", (endpoint) => endpoint.on("rds", "DescribeDBClusters", wireError("rds", "DBClusterQuotaExceededFault", "Cannot create more DB clusters: quota reached.", 403)), "quota-exceeded", /quota reached/],
  ];
  for (const [label, arrange, code, message] of cases) {
    it(`maps ${label} to '${code}'`, async () => {
      const { endpoint, lab } = open();
      serveWorld(endpoint, steadyWorld());
      arrange(endpoint);
      const error = await labError(lab.topology());
      expect({ code: error.code, message: error.message }).toMatchObject({ code, message: expect.stringMatching(message) as unknown });
    });
  }
});
