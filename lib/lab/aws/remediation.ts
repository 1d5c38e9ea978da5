import "server-only";
/**
 * What trainees do to fix the target. These change the target only, never a fault's
 * record: a fault is still reverted by stop, halt-all or its lease.
 */
import { DescribeAutoScalingGroupsCommand, SetDesiredCapacityCommand } from "@aws-sdk/client-auto-scaling";
import { FailoverDBClusterCommand } from "@aws-sdk/client-rds";
import { AttachRolePolicyCommand } from "@aws-sdk/client-iam";
import { LabError } from "../errors";
import { RemediationActionSchema, type RemediationAction } from "../types";
import { GAMEDAY_TAGS } from "./outputs";
import { requirePortService, type AwsContext } from "./context";
import { currentTaskDefinition, deployService, previousRevision, setDesiredCount } from "./deploy";
import { describeService } from "./ecs";
import { awsCall } from "./errors";
import { WRITER_TAG, getExperiment, listExperiments, ourExperiments } from "./fis";
import { readDbCluster, writerOf } from "./topology";

function parseAction(input: RemediationAction): RemediationAction {
  const result = RemediationActionSchema.safeParse(input);
  if (!result.success) {
    throw new LabError("invalid", `Invalid remediation: ${result.error.issues.map((issue) => `${issue.path.join(".") || "action"} ${issue.message}`).join("; ")}`);
  }
  return result.data;
}

export async function remediate(context: AwsContext, input: RemediationAction): Promise<void> {
  const action = parseAction(input);
  switch (action.type) {
    case "force-new-deployment": {
      const service = requirePortService(action.service);
      await deployService(context, service, { description: "gameday remediation: force new deployment" });
      return;
    }
    case "scale-service":
      await setDesiredCount(context, requirePortService(action.service), action.desiredCount);
      return;
    case "rollback": {
      const service = requirePortService(action.service);
      const current = currentTaskDefinition(await describeService(context, service));
      const previous = await previousRevision(context, current);
      if (!previous) throw new LabError("conflict", `No earlier active revision of ${current} to roll back to.`);
      await deployService(context, service, { taskDefinitionArn: previous, description: "gameday remediation: roll back" });
      return;
    }
    case "add-capacity":
      await addCapacity(context, action.hosts);
      return;
    case "restore-secret-access": {
      const service = requirePortService(action.service);
      if (service !== "api") throw new LabError("unsupported", "Only the api execution role's secret access is managed by this deployment.");
      const { outputs } = context.config;
      await awsCall("iam:AttachRolePolicy", () =>
        context.clients.iam.send(new AttachRolePolicyCommand({ RoleName: outputs.ApiTaskExecutionRoleName, PolicyArn: outputs.ApiSecretAccessPolicyArn })),
      );
      return;
    }
    case "failback-database":
      await failBack(context);
      return;
  }
}

/**
 * EC2 variant: raises the Auto Scaling group's desired capacity by `hosts`, within its
 * maximum, so pending tasks find room (the capacity provider would do it too, but slower).
 */
async function addCapacity(context: AwsContext, hosts: number): Promise<void> {
  const groupName = context.config.outputs.AutoScalingGroupName;
  if (context.config.capacity === "fargate" || !groupName) {
    throw new LabError("unsupported", "This deployment runs on Fargate: there are no hosts to add. Scale the service instead.");
  }
  const described = await awsCall("autoscaling:DescribeAutoScalingGroups", () =>
    context.clients.autoscaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [groupName] })),
  );
  const group = described.AutoScalingGroups?.[0];
  if (!group) throw new LabError("not-found", `Auto Scaling group ${groupName} not found.`);
  const current = group.DesiredCapacity ?? 0;
  const max = group.MaxSize ?? current;
  if (current >= max) throw new LabError("conflict", `Auto Scaling group ${groupName} is already at its maximum of ${max} hosts; raise MaxSize first.`);
  await awsCall("autoscaling:SetDesiredCapacity", () =>
    context.clients.autoscaling.send(new SetDesiredCapacityCommand({ AutoScalingGroupName: groupName, DesiredCapacity: Math.min(max, current + hosts), HonorCooldown: false })),
  );
}

/**
 * Fails the Aurora cluster over to the instance that was writer before the latest
 * aurora-failover run (recorded on that experiment); with no record, to the other member.
 */
async function failBack(context: AwsContext): Promise<void> {
  const cluster = await readDbCluster(context);
  if (!cluster) throw new LabError("not-found", `Aurora cluster ${context.config.outputs.DbClusterIdentifier} not found.`);
  const writer = writerOf(cluster);
  const failovers = ourExperiments(context, await listExperiments(context))
    .filter((experiment) => experiment.tags?.[GAMEDAY_TAGS.scenario] === "aurora-failover" && experiment.id)
    .sort((a, b) => (b.creationTime?.getTime() ?? 0) - (a.creationTime?.getTime() ?? 0));
  let original: string | undefined = failovers[0]?.tags?.[WRITER_TAG];
  if (!original && failovers[0]?.id) original = (await getExperiment(context, failovers[0].id)).tags?.[WRITER_TAG];
  const members = (cluster.DBClusterMembers ?? []).map((member) => member.DBInstanceIdentifier).filter((id): id is string => Boolean(id));
  const target = original && members.includes(original) ? original : members.find((id) => id !== writer);
  if (!target) throw new LabError("conflict", "The Aurora cluster has no other instance to fail back to.");
  if (target === writer) return;
  await awsCall("rds:FailoverDBCluster", () =>
    context.clients.rds.send(new FailoverDBClusterCommand({ DBClusterIdentifier: context.config.outputs.DbClusterIdentifier, TargetDBInstanceIdentifier: target })),
  );
}
