/**
 * A steady deployment on the stand-in endpoint, assembled from the documented bodies: both
 * services as describe-services.rst shows them, their tasks as describe-tasks.rst does,
 * target health and the Aurora cluster as the API references' sample responses, alarms as
 * describe-alarms.rst. Tests change one piece and watch the adapter's answer.
 */
import type { AwsEndpoint, WireRequest } from "../aws-endpoint";
import { ok } from "../aws-endpoint";
import { OUTPUTS } from "../fixtures";
import { describeAlarms, documentedMetricAlarm } from "./cloudwatch";
import { describeServices, describeTasks, documentedRunningTask, documentedService } from "./ecs";
import { DOCUMENTED_TARGETS, describeDbClusters, describeTargetHealth } from "./query";

export const TASK_ARN = (service: string, index: number) => `arn:aws:ecs:eu-west-1:123456789012:task/gameday-cluster/${service}${index}74de0355a10a4f979ac495c14`;

export interface WireWorld {
  services: Record<string, unknown>[];
  /** Task bodies by ARN, with the desired status ListTasks files them under. */
  tasks: Map<string, { body: Record<string, unknown>; service: string; desired: "RUNNING" | "STOPPED" }>;
  /** ListTasks page size, so paging shows. */
  taskPageSize: number;
}

export function steadyWorld(): WireWorld {
  const world: WireWorld = { services: [documentedService(OUTPUTS.ApiServiceName), documentedService(OUTPUTS.BackendServiceName)], tasks: new Map(), taskPageSize: 100 };
  for (const service of [OUTPUTS.ApiServiceName, OUTPUTS.BackendServiceName]) {
    for (const index of [1, 2]) {
      const arn = TASK_ARN(service, index);
      world.tasks.set(arn, { body: { ...documentedRunningTask(arn.split("/").pop() ?? "", `service:${service}`), taskArn: arn }, service, desired: "RUNNING" });
    }
  }
  return world;
}

function listTasks(world: WireWorld, request: WireRequest): object {
  const { serviceName, desiredStatus, nextToken } = request.params;
  const arns = [...world.tasks.entries()].filter(([, task]) => task.service === serviceName && task.desired === (desiredStatus ?? "RUNNING")).map(([arn]) => arn);
  const start = typeof nextToken === "string" ? Number(nextToken.replace("page-", "")) : 0;
  const end = start + world.taskPageSize;
  return { taskArns: arns.slice(start, end), ...(end < arns.length ? { nextToken: `page-${end}` } : {}) };
}

/** Registers the world's answers for every read topology() and events() make. */
export function serveWorld(endpoint: AwsEndpoint, world: WireWorld): void {
  endpoint.on("ecs", "DescribeServices", () => ok(describeServices(world.services)));
  endpoint.on("ecs", "ListTasks", (request) => ok(listTasks(world, request)));
  endpoint.on("ecs", "DescribeTasks", (request) => {
    const wanted = Array.isArray(request.params.tasks) ? request.params.tasks : [];
    return ok(describeTasks(wanted.flatMap((arn) => (typeof arn === "string" && world.tasks.has(arn) ? [world.tasks.get(arn)?.body ?? {}] : []))));
  });
  endpoint.on("elasticloadbalancing", "DescribeTargetHealth", (request) =>
    ok(describeTargetHealth(request.params.TargetGroupArn === OUTPUTS.ApiBlueTargetGroupArn ? DOCUMENTED_TARGETS.healthy : [DOCUMENTED_TARGETS.unused])),
  );
  endpoint.on("rds", "DescribeDBClusters", ok(describeDbClusters()));
  endpoint.on("monitoring", "DescribeAlarms", ok(describeAlarms([documentedMetricAlarm()])));
  endpoint.on("monitoring", "DescribeAlarmHistory", ok({ AlarmHistoryItems: [] }));
}
