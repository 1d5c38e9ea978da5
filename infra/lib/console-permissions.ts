/**
 * What the console's task role may do: exactly the calls the AWS adapter (lib/lab/aws)
 * makes, grouped by purpose and scoped to this deployment's tagged templates and target
 * resources. The list is written once, here; the console stack builds the policy from it
 * and the tests compare the synthesized policy with it.
 */
import * as iam from "aws-cdk-lib/aws-iam";
import { ArnFormat, Stack } from "aws-cdk-lib";
import type { IConstruct } from "constructs";
import { GAMEDAY_TAGS } from "./names";

/** One purpose, its IAM actions and where they apply. */
export interface PermissionGroup {
  /** Why the console needs it (the adapter feature). */
  readonly purpose: string;
  readonly actions: readonly string[];
  /** Only in the EC2 capacity variant. */
  readonly ec2Only?: boolean;
}

export const CONSOLE_PERMISSIONS = {
  fisTemplates: {
    purpose: "Find this deployment's experiment templates (by tag) and start them",
    actions: ["fis:ListExperimentTemplates", "fis:GetExperimentTemplate", "fis:StartExperiment"],
  },
  fisExperiments: {
    purpose: "Tag started experiments with the run id, follow them, stop them (halt-all)",
    actions: ["fis:StartExperiment", "fis:TagResource", "fis:GetExperiment", "fis:ListExperiments", "fis:StopExperiment"],
  },
  fisSafetyLever: {
    purpose: "Read and engage the account's FIS safety lever (halt-all)",
    actions: ["fis:GetSafetyLever", "fis:UpdateSafetyLeverState"],
  },
  cloudwatch: {
    purpose: "Charts, alarms and alarm history for the timeline",
    actions: ["cloudwatch:GetMetricData", "cloudwatch:DescribeAlarms", "cloudwatch:DescribeAlarmHistory"],
  },
  ecsRead: {
    purpose: "Topology, events and stop reasons of the target services",
    actions: [
      "ecs:DescribeServices",
      "ecs:ListTasks",
      "ecs:DescribeTasks",
      "ecs:DescribeTaskDefinition",
      "ecs:ListTaskDefinitions",
      "ecs:DescribeClusters",
      "ecs:ListContainerInstances",
      "ecs:DescribeContainerInstances",
    ],
  },
  ecsWrite: {
    purpose: "bad-deployment, dependency-down, pending-task-deadlock and remediations (new deployment, scale, roll back)",
    actions: ["ecs:RegisterTaskDefinition", "ecs:UpdateService"],
  },
  faultLedger: {
    purpose: "SDK-driven faults record what to undo and their lease as gameday:fault:* tags on the cluster, so any console process can revert them",
    actions: ["ecs:TagResource", "ecs:UntagResource"],
  },
  passTaskRoles: {
    purpose: "RegisterTaskDefinition passes the target's task and execution roles",
    actions: ["iam:PassRole"],
  },
  loadBalancer: {
    purpose: "Target health in the topology view",
    actions: ["elasticloadbalancing:DescribeTargetHealth"],
  },
  xray: {
    purpose: "Service graph and trace samples of a run's window",
    actions: ["xray:GetServiceGraph", "xray:GetTraceSummaries", "xray:BatchGetTraces"],
  },
  secretDrift: {
    purpose: "secret-drift: rotate the app database secret",
    actions: ["secretsmanager:RotateSecret", "secretsmanager:DescribeSecret"],
  },
  secretRotationFunction: {
    purpose: "secret-drift: RotateSecret invokes the secret's rotation function on the caller's behalf",
    actions: ["lambda:InvokeFunction"],
  },
  secretsBreak: {
    purpose: "secrets-break: detach and re-attach the api execution role's secret-access policy (after checking it is attached)",
    actions: ["iam:AttachRolePolicy", "iam:DetachRolePolicy", "iam:ListAttachedRolePolicies"],
  },
  faultFlags: {
    purpose: "health-check-failure: write the fault-flag parameter the target polls",
    actions: ["ssm:GetParameter", "ssm:PutParameter"],
  },
  waf: {
    purpose: "waf-misblock: add and remove a blocking rule on the WebACL",
    actions: ["wafv2:GetWebACL", "wafv2:UpdateWebACL"],
  },
  codeDeploy: {
    purpose: "bad-deployment and remediations of api (blue/green through CodeDeploy)",
    actions: [
      "codedeploy:CreateDeployment",
      "codedeploy:GetDeployment",
      "codedeploy:StopDeployment",
      "codedeploy:GetDeploymentConfig",
      "codedeploy:RegisterApplicationRevision",
      "codedeploy:GetApplicationRevision",
    ],
  },
  database: {
    purpose: "Database topology, and failing back after aurora-failover (remediation)",
    actions: ["rds:DescribeDBClusters", "rds:FailoverDBCluster"],
  },
  identity: {
    purpose: "Preflight and health: which account the console runs as",
    actions: ["sts:GetCallerIdentity"],
  },
  capacity: {
    purpose: "EC2 variant: capacity view and the add-capacity remediation",
    actions: ["autoscaling:DescribeAutoScalingGroups", "autoscaling:SetDesiredCapacity"],
    ec2Only: true,
  },
} as const satisfies Record<string, PermissionGroup>;

export type PermissionGroupKey = keyof typeof CONSOLE_PERMISSIONS;

/** Every action the console may call, deduplicated and sorted. */
export function consoleActions(options: { readonly ec2Capacity: boolean }): string[] {
  const groups: readonly PermissionGroup[] = Object.values(CONSOLE_PERMISSIONS);
  const actions = groups.filter((group) => options.ec2Capacity || !group.ec2Only).flatMap((group) => group.actions);
  return [...new Set(actions)].sort();
}

/** The target resources the console's permissions are scoped to. */
export interface ConsoleScope {
  readonly prefix: string;
  readonly clusterName: string;
  readonly serviceNames: readonly string[];
  /** Task and execution roles of the target services (PassRole). */
  readonly passableRoleArns: readonly string[];
  readonly apiExecutionRoleArn: string;
  readonly apiSecretAccessPolicyArn: string;
  readonly appSecretArn: string;
  readonly appSecretRotationFunctionName: string;
  readonly faultFlagParameterArn: string;
  readonly webAclArn: string;
  readonly codeDeployApplicationName: string;
  readonly codeDeployGroupName: string;
  readonly dbClusterArn: string;
  /** Only with EC2 capacity. */
  readonly autoScalingGroupName?: string;
}

/**
 * The policy statements, one or more per group. Resources are this deployment's where the
 * service supports resource-level permissions; `*` only for calls that have none (listed
 * per statement).
 */
export function consoleStatements(scope: IConstruct, target: ConsoleScope): iam.PolicyStatement[] {
  const stack = Stack.of(scope);
  const arn = (service: string, resource: string, resourceName?: string, arnFormat?: ArnFormat) => stack.formatArn({ service, resource, resourceName, arnFormat });
  const colon = ArnFormat.COLON_RESOURCE_NAME;
  const statements: iam.PolicyStatement[] = [];
  const allow = (sid: string, actions: readonly string[], resources: string[], conditions?: Record<string, Record<string, unknown>>) =>
    statements.push(new iam.PolicyStatement({ sid, actions: [...actions], resources, conditions }));
  const groups = CONSOLE_PERMISSIONS;

  // FIS: list calls have no resource type; templates only with this deployment's tag.
  allow("FisList", ["fis:ListExperimentTemplates", "fis:ListExperiments"], ["*"]);
  allow("FisTemplates", ["fis:GetExperimentTemplate", "fis:StartExperiment"], [arn("fis", "experiment-template", "*")], {
    StringEquals: { [`aws:ResourceTag/${GAMEDAY_TAGS.deployment}`]: target.prefix },
  });
  allow("FisExperiments", ["fis:StartExperiment", "fis:TagResource", "fis:GetExperiment", "fis:StopExperiment"], [arn("fis", "experiment", "*")]);
  allow("FisSafetyLever", groups.fisSafetyLever.actions, [arn("fis", "safety-lever", "*")]);

  // CloudWatch reads have no resource-level permissions for metric data or alarm listing.
  allow("CloudWatchRead", groups.cloudwatch.actions, ["*"]);

  const clusterArn = arn("ecs", "cluster", target.clusterName);
  const serviceArns = target.serviceNames.map((service) => arn("ecs", "service", `${target.clusterName}/${service}`));
  allow("EcsServices", ["ecs:DescribeServices", "ecs:UpdateService"], serviceArns);
  allow("EcsTasks", ["ecs:DescribeTasks"], [arn("ecs", "task", `${target.clusterName}/*`)]);
  allow("EcsListTasks", ["ecs:ListTasks"], ["*"], { ArnEquals: { "ecs:cluster": clusterArn } });
  allow("EcsCluster", ["ecs:DescribeClusters", "ecs:ListContainerInstances"], [clusterArn]);
  allow("EcsContainerInstances", ["ecs:DescribeContainerInstances"], [arn("ecs", "container-instance", `${target.clusterName}/*`)]);
  // Only the console's own fault tags may be written on the cluster.
  allow("EcsFaultLedger", groups.faultLedger.actions, [clusterArn], { "ForAllValues:StringLike": { "aws:TagKeys": ["gameday:fault:*"] } });
  // Task definitions are read, listed (rollback) and registered by family; these calls have no resource type.
  allow("EcsTaskDefinitions", ["ecs:DescribeTaskDefinition", "ecs:ListTaskDefinitions", "ecs:RegisterTaskDefinition"], ["*"]);
  allow("PassTargetRoles", groups.passTaskRoles.actions, [...target.passableRoleArns], { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } });

  allow("TargetHealth", groups.loadBalancer.actions, ["*"]);
  allow("XRayRead", groups.xray.actions, ["*"]);

  allow("AppSecret", groups.secretDrift.actions, [target.appSecretArn]);
  allow("AppSecretRotation", groups.secretRotationFunction.actions, [arn("lambda", "function", target.appSecretRotationFunctionName, colon)]);
  allow("SecretAccessPolicy", ["iam:AttachRolePolicy", "iam:DetachRolePolicy"], [target.apiExecutionRoleArn], { ArnEquals: { "iam:PolicyARN": target.apiSecretAccessPolicyArn } });
  allow("SecretAccessPolicyRead", ["iam:ListAttachedRolePolicies"], [target.apiExecutionRoleArn]);
  allow("FaultFlags", groups.faultFlags.actions, [target.faultFlagParameterArn]);
  // UpdateWebACL also authorizes against every rule group the ACL references (the AWS managed one).
  allow("WebAcl", groups.waf.actions, [target.webAclArn, arn("wafv2", "regional/managedruleset", "*/*")]);

  allow("CodeDeployGroup", ["codedeploy:CreateDeployment", "codedeploy:GetDeployment", "codedeploy:StopDeployment"], [
    arn("codedeploy", "deploymentgroup", `${target.codeDeployApplicationName}/${target.codeDeployGroupName}`, colon),
  ]);
  allow("CodeDeployApplication", ["codedeploy:RegisterApplicationRevision", "codedeploy:GetApplicationRevision"], [
    arn("codedeploy", "application", target.codeDeployApplicationName, colon),
  ]);
  allow("CodeDeployConfig", ["codedeploy:GetDeploymentConfig"], [arn("codedeploy", "deploymentconfig", "*", colon)]);

  allow("Database", groups.database.actions, [target.dbClusterArn]);
  allow("Identity", groups.identity.actions, ["*"]);

  if (target.autoScalingGroupName) {
    allow("CapacityRead", ["autoscaling:DescribeAutoScalingGroups"], ["*"]);
    allow("CapacityScale", ["autoscaling:SetDesiredCapacity"], [arn("autoscaling", "autoScalingGroup", `*:autoScalingGroupName/${target.autoScalingGroupName}`, colon)]);
  }
  return statements;
}
