/**
 * The console's task role grants exactly the AWS adapter's calls (the typed list in
 * lib/console-permissions.ts), scoped to this deployment.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { CONSOLE_PERMISSIONS, consoleActions } from "../lib/console-permissions";
import { actionsOf, flatten, resourcesOf, resourcesOfType, synth, VARIANTS, type Statement, type Synthesized } from "./synth";

let base: Synthesized;
let full: Synthesized;
beforeAll(() => {
  base = synth(VARIANTS.defaults);
  full = synth(VARIANTS.everything);
});

function adapterStatements(s: Synthesized): Statement[] {
  const policies = resourcesOfType(s.json.console, "AWS::IAM::Policy").filter(([, props]) => props.PolicyName === "gameday-console-lab-adapter");
  expect(policies).toHaveLength(1);
  return (policies[0]?.[1].PolicyDocument as { Statement: Statement[] }).Statement;
}

function grantedActions(statements: Statement[]): string[] {
  return [...new Set(statements.flatMap(actionsOf))].sort();
}

function statementsFor(statements: Statement[], action: string): Statement[] {
  return statements.filter((statement) => actionsOf(statement).includes(action));
}

describe("console task role", () => {
  it("grants exactly the adapter's calls: the typed list, nothing more, nothing less", () => {
    expect(grantedActions(adapterStatements(base))).toEqual(consoleActions({ ec2Capacity: false }));
    expect(grantedActions(adapterStatements(full))).toEqual(consoleActions({ ec2Capacity: true }));
    expect(consoleActions({ ec2Capacity: true })).toEqual(expect.arrayContaining(["autoscaling:SetDesiredCapacity", "autoscaling:DescribeAutoScalingGroups"]));
    expect(consoleActions({ ec2Capacity: false })).not.toContain("autoscaling:SetDesiredCapacity");
  });

  it("lists every call the brief names for the adapter", () => {
    const required = [
      "fis:ListExperimentTemplates", "fis:GetExperimentTemplate", "fis:StartExperiment", "fis:TagResource", "fis:GetExperiment", "fis:ListExperiments",
      "fis:StopExperiment", "fis:GetSafetyLever", "fis:UpdateSafetyLeverState", "cloudwatch:GetMetricData", "cloudwatch:DescribeAlarms",
      "cloudwatch:DescribeAlarmHistory", "ecs:DescribeServices", "ecs:ListTasks", "ecs:DescribeTasks", "ecs:DescribeTaskDefinition",
      "ecs:RegisterTaskDefinition", "ecs:UpdateService", "ecs:DescribeClusters", "ecs:ListContainerInstances", "ecs:DescribeContainerInstances",
      "iam:PassRole", "elasticloadbalancing:DescribeTargetHealth", "xray:GetServiceGraph", "xray:GetTraceSummaries", "xray:BatchGetTraces",
      "secretsmanager:RotateSecret", "secretsmanager:DescribeSecret", "iam:AttachRolePolicy", "iam:DetachRolePolicy", "ssm:GetParameter",
      "ssm:PutParameter", "wafv2:GetWebACL", "wafv2:UpdateWebACL", "codedeploy:CreateDeployment", "codedeploy:GetDeployment",
      "codedeploy:StopDeployment", "codedeploy:GetDeploymentConfig", "codedeploy:RegisterApplicationRevision", "codedeploy:GetApplicationRevision",
      "rds:DescribeDBClusters", "sts:GetCallerIdentity", "autoscaling:DescribeAutoScalingGroups", "autoscaling:SetDesiredCapacity",
    ];
    expect(consoleActions({ ec2Capacity: true })).toEqual(expect.arrayContaining(required));
    // Beyond the list, each with its reason in CONSOLE_PERMISSIONS: RotateSecret invokes the
    // rotation function; the failback remediation calls FailoverDBCluster; SDK-driven faults
    // keep their ledger in cluster tags; rollback lists revisions; secrets-break checks the
    // policy is attached before detaching it.
    expect(consoleActions({ ec2Capacity: true }).filter((action) => !required.includes(action)).sort()).toEqual([
      "ecs:ListTaskDefinitions",
      "ecs:TagResource",
      "ecs:UntagResource",
      "iam:ListAttachedRolePolicies",
      "lambda:InvokeFunction",
      "rds:FailoverDBCluster",
    ]);
    for (const group of Object.values(CONSOLE_PERMISSIONS)) expect(group.purpose.length).toBeGreaterThan(20);
  });

  it("starts only experiment templates tagged with this deployment", () => {
    const onTemplates = statementsFor(adapterStatements(base), "fis:StartExperiment").filter((statement) => flatten(statement.Resource).includes("experiment-template"));
    expect(onTemplates).toHaveLength(1);
    expect(onTemplates[0]?.Condition).toEqual({ StringEquals: { "aws:ResourceTag/gameday:deployment": "gameday" } });
    expect(flatten(statementsFor(adapterStatements(base), "fis:GetExperimentTemplate")[0]?.Resource)).toContain(":experiment-template/*");
  });

  it("passes only the target's two task roles and two execution roles, and only to ECS tasks", () => {
    const [passRole] = statementsFor(adapterStatements(base), "iam:PassRole") as [Statement];
    expect(resourcesOf(passRole)).toHaveLength(4);
    for (const role of ["ApiTaskRole", "ApiExecutionRole", "BackendTaskRole", "BackendExecutionRole"]) expect(flatten(passRole.Resource)).toContain(role);
    expect(passRole.Condition).toEqual({ StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } });
  });

  it("detaches and attaches only the secret-access policy, only on the api execution role", () => {
    const [statement] = statementsFor(adapterStatements(base), "iam:DetachRolePolicy") as [Statement];
    expect(actionsOf(statement).sort()).toEqual(["iam:AttachRolePolicy", "iam:DetachRolePolicy"]);
    expect(flatten(statement.Resource)).toContain("ApiExecutionRole");
    expect(flatten(statement.Condition)).toContain("ApiSecretAccess");
  });

  it("scopes writes to this deployment's resources", () => {
    const statements = adapterStatements(full);
    const scoped: Record<string, RegExp> = {
      "ecs:UpdateService": /:service\/gameday-cluster\/api.*:service\/gameday-cluster\/backend/,
      "secretsmanager:RotateSecret": /AppSecret/,
      "lambda:InvokeFunction": /:function:gameday-app-secret-rotation$/,
      "ssm:PutParameter": /FaultFlags/,
      "wafv2:UpdateWebACL": /WebAcl/,
      "codedeploy:CreateDeployment": /:deploymentgroup:gameday-api\/gameday-api-blue-green$/,
      "rds:FailoverDBCluster": /:cluster:/,
      "autoscaling:SetDesiredCapacity": /autoScalingGroupName\/gameday-ecs-capacity$/,
      "fis:UpdateSafetyLeverState": /:safety-lever\/\*$/,
    };
    for (const [action, resource] of Object.entries(scoped)) {
      const matching = statementsFor(statements, action);
      expect(matching, action).toHaveLength(1);
      expect(flatten(matching[0]?.Resource), action).toMatch(resource);
    }
  });

  it("uses * only for calls that have no resource-level permissions", () => {
    const allowedOnStar = new Set([
      "fis:ListExperimentTemplates", "fis:ListExperiments", "cloudwatch:GetMetricData", "cloudwatch:DescribeAlarms", "cloudwatch:DescribeAlarmHistory",
      "ecs:ListTasks", "ecs:DescribeTaskDefinition", "ecs:ListTaskDefinitions", "ecs:RegisterTaskDefinition", "elasticloadbalancing:DescribeTargetHealth", "xray:GetServiceGraph",
      "xray:GetTraceSummaries", "xray:BatchGetTraces", "sts:GetCallerIdentity", "autoscaling:DescribeAutoScalingGroups",
    ]);
    for (const statement of adapterStatements(full)) {
      if (!resourcesOf(statement).includes("*")) continue;
      for (const action of actionsOf(statement)) expect(allowedOnStar.has(action), `${action} on *`).toBe(true);
    }
    const [ledger] = statementsFor(adapterStatements(base), "ecs:TagResource") as [Statement];
    expect(flatten(ledger.Resource)).toContain(":cluster/gameday-cluster");
    expect(ledger.Condition).toEqual({ "ForAllValues:StringLike": { "aws:TagKeys": ["gameday:fault:*"] } });
    const [listTasks] = statementsFor(adapterStatements(base), "ecs:ListTasks") as [Statement];
    expect(flatten(listTasks.Condition)).toContain(":cluster/gameday-cluster");
  });
});
