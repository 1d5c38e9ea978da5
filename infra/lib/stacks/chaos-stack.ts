import { CfnOutput, RemovalPolicy, Stack, type StackProps } from "aws-cdk-lib";
import * as fis from "aws-cdk-lib/aws-fis";
import * as iam from "aws-cdk-lib/aws-iam";
import * as logs from "aws-cdk-lib/aws-logs";
import type { Construct } from "constructs";
import type { InfraConfig } from "../config";
import { experimentSpecs, selectionMode, validateExperimentSpec, type FisScenarioId, type TargetSpec } from "../experiments";
import { CAPACITY_TAG, GAMEDAY_TAGS, type DeploymentNames } from "../names";
import { acknowledgeWildcardResource, nagArn } from "../nag";
import type { DataStack } from "./data-stack";
import type { NetworkStack } from "./network-stack";
import { SUBNET_TIER_TAG } from "./network-stack";
import type { ObservabilityStack } from "./observability-stack";
import type { TargetStack } from "./target-stack";

/** Props of {@link ChaosStack}. */
export interface ChaosStackProps extends StackProps {
  /** The validated app configuration. */
  readonly config: InfraConfig;
  /** Names derived from the deployment prefix. */
  readonly names: DeploymentNames;
  /** The VPC and its subnet groups. */
  readonly network: NetworkStack;
  /** Aurora, its security group and the app secret. */
  readonly data: DataStack;
  /** The target services, load balancer and capacity. */
  readonly target: TargetStack;
  /** The alarms (stop conditions) and the topic. */
  readonly observability: ObservabilityStack;
}

/** The SSM documents FIS runs for the ECS task actions used here (FIS actions reference). */
export const FIS_SSM_DOCUMENTS = ["AWSFIS-Run-CPU-Stress", "AWSFIS-Run-Network-Latency-ECS"] as const;

/**
 * Fault injection: one FIS experiment template per FIS-driven scenario, each tagged with
 * `gameday:scenario` and `gameday:deployment` (how the console finds them), bounded targets,
 * the stop guard plus scenario-specific stop conditions, logs to CloudWatch Logs, and one
 * least-privilege experiment role.
 */
export class ChaosStack extends Stack {
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  /** Templates by scenario id. */
  readonly templates: Readonly<Partial<Record<FisScenarioId, fis.CfnExperimentTemplate>>>;

  constructor(scope: Construct, id: string, props: ChaosStackProps) {
    super(scope, id, props);
    const { config, names, network, data, target, observability } = props;
    const specs = experimentSpecs({ ec2Capacity: config.capacity === "ec2" });
    specs.forEach(validateExperimentSpec);

    this.logGroup = new logs.LogGroup(this, "ExperimentLogs", {
      logGroupName: names.logGroup("fis-experiments"),
      retention: config.logRetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.role = new iam.Role(this, "ExperimentRole", {
      roleName: `${names.prefix}-fis-experiments`,
      description: "Assumed by AWS FIS to run this deployment's game-day experiments",
      assumedBy: new iam.ServicePrincipal("fis.amazonaws.com", {
        conditions: {
          StringEquals: { "aws:SourceAccount": this.account },
          ArnLike: { "aws:SourceArn": this.formatArn({ service: "fis", resource: "experiment", resourceName: "*" }) },
        },
      }),
    });
    this.addRolePermissions(names, network, data, config.capacity === "ec2");

    const templates: Partial<Record<FisScenarioId, fis.CfnExperimentTemplate>> = {};
    for (const spec of specs) {
      templates[spec.scenario] = new fis.CfnExperimentTemplate(this, `Template-${spec.scenario}`, {
        description: spec.description,
        roleArn: this.role.roleArn,
        targets: Object.fromEntries(Object.entries(spec.targets).map(([name, targetSpec]) => [name, this.resolveTarget(targetSpec, names, network, data, target)])),
        actions: Object.fromEntries(
          Object.entries(spec.actions).map(([name, action]) => [
            name,
            {
              actionId: action.actionId,
              description: action.description,
              parameters: action.parameters ? { ...action.parameters } : undefined,
              targets: action.target && action.targetKey ? { [action.targetKey]: action.target } : undefined,
              startAfter: action.startAfter ? [...action.startAfter] : undefined,
            },
          ]),
        ),
        stopConditions: (["stopGuard", ...spec.stopConditions] as const).map((key) => ({ source: "aws:cloudwatch:alarm", value: observability.alarms[key].alarmArn })),
        // CloudFormation reads these keys in PascalCase (the CDK property is untyped here).
        logConfiguration: { logSchemaVersion: 2, cloudWatchLogsConfiguration: { LogGroupArn: this.logGroup.logGroupArn } },
        experimentOptions: { accountTargeting: "single-account", emptyTargetResolutionMode: "fail" },
        tags: { Name: `${names.prefix}-${spec.scenario}`, [GAMEDAY_TAGS.scenario]: spec.scenario, [GAMEDAY_TAGS.deployment]: names.prefix },
      });
    }
    this.templates = templates;

    new CfnOutput(this, "FisExperimentRoleArn", { key: "FisExperimentRoleArn", value: this.role.roleArn });
    new CfnOutput(this, "FisLogGroupName", { key: "FisLogGroupName", value: this.logGroup.logGroupName });
  }

  private resolveTarget(
    spec: TargetSpec,
    names: DeploymentNames,
    network: NetworkStack,
    data: DataStack,
    target: TargetStack,
  ): fis.CfnExperimentTemplate.ExperimentTemplateTargetProperty {
    const selection = selectionMode(spec.selection);
    switch (spec.kind) {
      case "ecs-tasks":
        // Tasks of one service only: FIS resolves them from the cluster and service names.
        return { resourceType: "aws:ecs:task", parameters: { cluster: names.clusterName, service: spec.service }, selectionMode: selection };
      case "app-subnets":
        if ("count" in spec.selection && spec.selection.count !== network.appSubnetIds.length) {
          throw new Error(`ChaosStack: the app-subnet target selects ${spec.selection.count} subnets but the VPC has ${network.appSubnetIds.length}`);
        }
        return {
          resourceType: "aws:ec2:subnet",
          resourceTags: { [SUBNET_TIER_TAG]: "app", [GAMEDAY_TAGS.deployment]: names.prefix },
          selectionMode: selection,
        };
      case "db-cluster":
        return { resourceType: "aws:rds:cluster", resourceArns: [data.cluster.clusterArn], selectionMode: selection };
      case "spot-instances":
        if (!target.autoScalingGroup) throw new Error("ChaosStack: the Spot experiment needs the EC2 capacity variant (capacity: ec2)");
        return {
          resourceType: "aws:ec2:spot-instance",
          resourceTags: { [CAPACITY_TAG]: "ecs-asg", [GAMEDAY_TAGS.deployment]: names.prefix },
          filters: [{ path: "State.Name", values: ["running"] }],
          selectionMode: selection,
        };
    }
  }

  /**
   * The experiment role: for each action, the permissions the FIS actions reference lists,
   * scoped to this deployment's cluster, tasks, subnets, DB cluster and instances.
   */
  private addRolePermissions(names: DeploymentNames, network: NetworkStack, data: DataStack, ec2Capacity: boolean): void {
    const arn = (service: string, resource: string, resourceName?: string) => this.formatArn({ service, resource, resourceName });
    const clusterArn = arn("ecs", "cluster", names.clusterName);
    const taskArns = arn("ecs", "task", `${names.clusterName}/*`);
    const add = (sid: string, statement: Omit<iam.PolicyStatementProps, "sid">) => this.role.addToPolicy(new iam.PolicyStatement({ sid, ...statement }));

    // aws:ecs:stop-task and every aws:ecs:task action resolve and act on the cluster's tasks.
    add("EcsTasks", { actions: ["ecs:StopTask", "ecs:DescribeTasks"], resources: [taskArns] });
    add("EcsListTasks", { actions: ["ecs:ListTasks"], resources: ["*"], conditions: { ArnEquals: { "ecs:cluster": clusterArn } } });
    add("EcsContainerInstances", { actions: ["ecs:DescribeContainerInstances"], resources: [arn("ecs", "container-instance", `${names.clusterName}/*`)] });
    // Target resolution by tags and the EC2 describe calls have no resource-level permissions.
    add("ResolveTargets", {
      actions: ["tag:GetResources", "ec2:DescribeInstances", "ec2:DescribeSubnets", "ec2:DescribeVpcs", "ec2:DescribeNetworkAcls", "ec2:DescribeManagedPrefixLists"],
      resources: ["*"],
    });

    // aws:ecs:task-cpu-stress / -network-latency run AWS-owned SSM documents on the tasks'
    // managed instances, which the sidecar tags with the task ARN.
    add("SsmDocuments", {
      actions: ["ssm:SendCommand"],
      resources: FIS_SSM_DOCUMENTS.map((document) => this.formatArn({ service: "ssm", account: "", resource: "document", resourceName: document })),
    });
    add("SsmTaskInstances", {
      actions: ["ssm:SendCommand"],
      resources: [arn("ssm", "managed-instance", "*")],
      conditions: { StringLike: { "ssm:resourceTag/ECS_TASK_ARN": taskArns } },
    });
    add("SsmCommands", { actions: ["ssm:ListCommands", "ssm:CancelCommand"], resources: ["*"] });

    // aws:network:disrupt-connectivity clones the subnets' network ACL (tagged managedByFIS),
    // swaps it in and restores the original afterwards.
    const vpcArn = arn("ec2", "vpc", network.vpc.vpcId);
    const anyAcl = arn("ec2", "network-acl", "*");
    add("NaclCreateInVpc", { actions: ["ec2:CreateNetworkAcl"], resources: [vpcArn] });
    add("NaclCreate", { actions: ["ec2:CreateNetworkAcl"], resources: [anyAcl], conditions: { StringEquals: { "aws:RequestTag/managedByFIS": "true" } } });
    add("NaclTag", {
      actions: ["ec2:CreateTags"],
      resources: [anyAcl],
      conditions: { StringEquals: { "ec2:CreateAction": "CreateNetworkAcl", "aws:RequestTag/managedByFIS": "true" } },
    });
    add("NaclEntriesAndDelete", {
      actions: ["ec2:CreateNetworkAclEntry", "ec2:DeleteNetworkAcl"],
      resources: [anyAcl, vpcArn],
      conditions: { StringEquals: { "ec2:ResourceTag/managedByFIS": "true" } },
    });
    add("NaclSwap", {
      actions: ["ec2:ReplaceNetworkAclAssociation"],
      resources: [...network.appSubnetIds.map((subnetId) => arn("ec2", "subnet", subnetId)), anyAcl],
    });

    // aws:rds:failover-db-cluster on the one cluster.
    add("AuroraFailover", { actions: ["rds:FailoverDBCluster", "rds:DescribeDBClusters"], resources: [data.cluster.clusterArn] });

    if (ec2Capacity) {
      add("SpotInterruptions", {
        actions: ["ec2:SendSpotInstanceInterruptions"],
        resources: [arn("ec2", "instance", "*")],
        conditions: { StringEquals: { [`aws:ResourceTag/${GAMEDAY_TAGS.deployment}`]: names.prefix, [`aws:ResourceTag/${CAPACITY_TAG}`]: "ecs-asg" } },
      });
    }

    // Experiment logging to CloudWatch Logs sets up a log delivery; those calls have no resource type.
    add("ExperimentLogDelivery", {
      actions: ["logs:CreateLogDelivery", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies", "logs:DescribeLogGroups"],
      resources: ["*"],
    });

    const reasons: Array<[string, string]> = [
      ["*", "Target resolution (tag:GetResources, EC2 Describe*), ecs:ListTasks (scoped by the ecs:cluster condition), SSM command listing/cancelling and log delivery have no resource-level permissions."],
      [nagArn("ecs", `task/${names.clusterName}/*`), "Task IDs change with every deployment; the grant is limited to this deployment's cluster."],
      [nagArn("ecs", `container-instance/${names.clusterName}/*`), "Container instance IDs change as the capacity group scales; limited to this deployment's cluster."],
      [nagArn("ssm", "managed-instance/*"), "Managed-instance IDs are assigned when a task registers; the ECS_TASK_ARN tag condition limits SendCommand to this cluster's tasks."],
      [nagArn("ec2", "network-acl/*"), "FIS creates the cloned network ACL during the experiment; create/entry/delete require the managedByFIS tag FIS sets."],
    ];
    if (ec2Capacity) reasons.push([nagArn("ec2", "instance/*"), "Spot instance IDs change as the group scales; the tag conditions limit interruptions to this deployment's capacity group."]);
    for (const [resource, reason] of reasons) acknowledgeWildcardResource(this.role, resource, reason);
  }
}
