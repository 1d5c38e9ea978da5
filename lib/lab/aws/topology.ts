import "server-only";
import { DescribeTargetHealthCommand, type TargetHealthDescription } from "@aws-sdk/client-elastic-load-balancing-v2";
import { DescribeDBClustersCommand, type DBCluster } from "@aws-sdk/client-rds";
import { TargetHealthSchema, TopologySchema, type Database, type Host, type TargetHealth, type Topology } from "../types";
import { type AwsContext } from "./context";
import { describeServices, readContainerInstances, readTasks, toHost, toPortService, toPortTask } from "./ecs";
import { awsCall } from "./errors";

const TARGET_STATES = new Set(["initial", "healthy", "unhealthy", "unused", "draining", "unavailable"]);

function toTargetHealth(description: TargetHealthDescription): TargetHealth | null {
  const id = description.Target?.Id;
  if (!id) return null;
  const state = description.TargetHealth?.State ?? "unavailable";
  return TargetHealthSchema.parse({
    targetId: description.Target?.Port ? `${id}:${description.Target.Port}` : id,
    service: "api",
    state: TARGET_STATES.has(state) ? state : "unavailable",
    reason: description.TargetHealth?.Reason ?? null,
    description: description.TargetHealth?.Description ?? null,
  });
}

interface TargetGroupView {
  fullName: string;
  targets: TargetHealth[];
}

/**
 * Blue/green keeps two target groups for api; the one with live (not draining or unused)
 * targets is the active one, and its CloudWatch dimension is what the dashboard charts.
 */
export async function readApiTargetGroups(context: AwsContext): Promise<{ active: TargetGroupView; all: TargetGroupView[] }> {
  const { outputs } = context.config;
  const groups = [
    { arn: outputs.ApiBlueTargetGroupArn, fullName: outputs.ApiBlueTargetGroupFullName },
    { arn: outputs.ApiGreenTargetGroupArn, fullName: outputs.ApiGreenTargetGroupFullName },
  ];
  const views: TargetGroupView[] = [];
  for (const group of groups) {
    const response = await awsCall("elasticloadbalancing:DescribeTargetHealth", () =>
      context.clients.elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: group.arn })),
    );
    views.push({
      fullName: group.fullName,
      targets: (response.TargetHealthDescriptions ?? []).map(toTargetHealth).filter((target): target is TargetHealth => target !== null),
    });
  }
  const live = (view: TargetGroupView) => view.targets.filter((target) => target.state !== "draining" && target.state !== "unused").length;
  const [blue, green] = views;
  if (!blue || !green) throw new Error("two target groups expected");
  return { active: live(green) > live(blue) ? green : blue, all: views };
}

export async function readDbCluster(context: AwsContext): Promise<DBCluster | null> {
  const response = await awsCall("rds:DescribeDBClusters", () =>
    context.clients.rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: context.config.outputs.DbClusterIdentifier })),
  );
  return response.DBClusters?.[0] ?? null;
}

export function writerOf(cluster: DBCluster): string | null {
  return cluster.DBClusterMembers?.find((member) => member.IsClusterWriter)?.DBInstanceIdentifier ?? null;
}

function toDatabase(cluster: DBCluster, identifier: string): Database {
  const status = cluster.Status === "failing-over" ? "failing-over" : ["available", "backing-up", "modifying", "upgrading", "maintenance"].includes(cluster.Status ?? "") ? "available" : "unavailable";
  return { identifier, engine: cluster.Engine ?? "aurora-postgresql", status, writer: writerOf(cluster) };
}

/** The whole target stack as the port describes it. */
export async function readTopology(context: AwsContext): Promise<Topology> {
  const { outputs } = context.config;
  const now = context.now();
  const services = await describeServices(context);
  const [tasks, targetGroups, cluster, instances] = [await readTasks(context), await readApiTargetGroups(context), await readDbCluster(context), await readContainerInstances(context)];
  const hostIds = new Map(instances.filter((instance) => instance.containerInstanceArn && instance.ec2InstanceId).map((instance) => [instance.containerInstanceArn ?? "", instance.ec2InstanceId ?? ""]));
  return TopologySchema.parse({
    kind: "aws",
    cluster: outputs.ClusterName,
    loadBalancer: {
      dimension: outputs.LoadBalancerFullName,
      url: outputs.LoadBalancerUrl,
      targetGroups: [{ service: "api", dimension: targetGroups.active.fullName }],
    },
    capturedAt: now.toISOString(),
    services: [...services.entries()].map(([name, service]) => toPortService(name, service, now)),
    tasks: tasks.map((task) => toPortTask(context, task, hostIds)).filter((task) => task !== null),
    hosts: instances.map(toHost).filter((host): host is Host => host !== null),
    targets: targetGroups.all.flatMap((group) => group.targets),
    database: cluster ? toDatabase(cluster, outputs.DbClusterIdentifier) : null,
  });
}
