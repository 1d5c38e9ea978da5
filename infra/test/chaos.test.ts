/**
 * FIS: one template per FIS-driven scenario, found by tags, bounded, stopped by alarms,
 * logged, and a least-privilege role.
 */
import { Match } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { experimentSpecs, isoDuration, MAX_STOP_CONDITIONS, validateExperimentSpec, type ExperimentSpec } from "../lib/experiments";
import { actionsOf, flatten, resourcesOf, resourcesOfType, synth, VARIANTS, type Statement, type Synthesized } from "./synth";

interface Template {
  Description: string;
  Tags: Record<string, string>;
  Targets: Record<string, { ResourceType: string; SelectionMode: string; Parameters?: Record<string, string>; ResourceTags?: Record<string, string>; ResourceArns?: unknown[] }>;
  Actions: Record<string, { ActionId: string; Parameters?: Record<string, string>; Targets?: Record<string, string>; StartAfter?: string[] }>;
  StopConditions: Array<{ Source: string; Value: unknown }>;
  LogConfiguration: { LogSchemaVersion: number; CloudWatchLogsConfiguration: { LogGroupArn: unknown } };
  ExperimentOptions: Record<string, string>;
}

let base: Synthesized;
let full: Synthesized;
beforeAll(() => {
  base = synth(VARIANTS.defaults);
  full = synth(VARIANTS.everything);
});

function templates(s: Synthesized): Record<string, Template> {
  return Object.fromEntries(
    resourcesOfType(s.json.chaos, "AWS::FIS::ExperimentTemplate").map(([, props]) => {
      const template = props as unknown as Template;
      return [template.Tags["gameday:scenario"] ?? "?", template];
    }),
  );
}

function rolePolicy(s: Synthesized): Statement[] {
  return resourcesOfType(s.json.chaos, "AWS::IAM::Policy").flatMap(([, props]) => (props.PolicyDocument as { Statement: Statement[] }).Statement);
}

describe("FIS experiment templates", () => {
  it("exist once per FIS-driven scenario, tagged for the console; the Spot one only with EC2 capacity", () => {
    expect(Object.keys(templates(base)).sort()).toEqual(["aurora-failover", "cpu-stress", "ecs-task-termination", "nat-gateway-failure", "network-latency"]);
    expect(Object.keys(templates(full)).sort()).toEqual([
      "aurora-failover",
      "cpu-stress",
      "ecs-task-termination",
      "nat-gateway-failure",
      "network-latency",
      "spot-loss-during-deploy",
    ]);
    for (const [scenario, template] of Object.entries(templates(full))) {
      expect(template.Tags).toMatchObject({ "gameday:scenario": scenario, "gameday:deployment": "gameday" });
    }
  });

  it("use the documented action ids, parameters and ISO 8601 durations", () => {
    const all = templates(full);
    expect(all["ecs-task-termination"]?.Actions.stopTasks).toMatchObject({ ActionId: "aws:ecs:stop-task", Targets: { Tasks: "apiTasks" } });
    expect(all["cpu-stress"]?.Actions.cpuStress).toMatchObject({ ActionId: "aws:ecs:task-cpu-stress", Parameters: { duration: "PT3M", percent: "80" } });
    expect(all["network-latency"]?.Actions.latency).toMatchObject({
      ActionId: "aws:ecs:task-network-latency",
      Parameters: { duration: "PT3M", delayMilliseconds: "200", jitterMilliseconds: "20", useEcsFaultInjectionEndpoints: "true" },
    });
    expect(all["aurora-failover"]?.Actions.failover).toMatchObject({ ActionId: "aws:rds:failover-db-cluster", Targets: { Clusters: "cluster" } });
    expect(all["nat-gateway-failure"]?.Actions).toMatchObject({
      disruptEgress: { ActionId: "aws:network:disrupt-connectivity", Parameters: { scope: "vpc", duration: "PT3M" }, Targets: { Subnets: "appSubnets" } },
      settle: { ActionId: "aws:fis:wait", Parameters: { duration: "PT30S" } },
      stopTasks: { ActionId: "aws:ecs:stop-task", StartAfter: ["settle"], Targets: { Tasks: "apiTasks" } },
    });
    expect(all["spot-loss-during-deploy"]?.Actions.interrupt).toMatchObject({
      ActionId: "aws:ec2:send-spot-instance-interruptions",
      Parameters: { durationBeforeInterruption: "PT2M" },
      Targets: { SpotInstances: "spot" },
    });
    expect(isoDuration(90)).toBe("PT90S");
    expect(() => isoDuration(0)).toThrow("isoDuration: seconds must be a positive whole number, got 0");
  });

  it("bound every target (COUNT/PERCENT, never ALL) and aim ECS actions at the api tasks only", () => {
    for (const template of Object.values(templates(full))) {
      for (const target of Object.values(template.Targets)) {
        expect(target.SelectionMode).toMatch(/^(COUNT|PERCENT)\(\d+\)$/);
        if (target.ResourceType === "aws:ecs:task") expect(target.Parameters).toEqual({ cluster: "gameday-cluster", service: "api" });
      }
    }
    const all = templates(full);
    expect(all["ecs-task-termination"]?.Targets.apiTasks?.SelectionMode).toBe("PERCENT(50)");
    expect(all["nat-gateway-failure"]?.Targets.appSubnets).toMatchObject({ ResourceType: "aws:ec2:subnet", ResourceTags: { "gameday:subnet-tier": "app" }, SelectionMode: "COUNT(2)" });
    expect(all["spot-loss-during-deploy"]?.Targets.spot).toMatchObject({
      ResourceType: "aws:ec2:spot-instance",
      ResourceTags: { "gameday:capacity": "ecs-asg", "gameday:deployment": "gameday" },
      SelectionMode: "PERCENT(60)",
    });
    expect(flatten(all["aurora-failover"]?.Targets.cluster?.ResourceArns)).toContain(":cluster:");
  });

  it("stop on the stop guard first and on at most five alarms, and log to CloudWatch Logs", () => {
    for (const template of Object.values(templates(full))) {
      expect(template.StopConditions.length).toBeLessThanOrEqual(MAX_STOP_CONDITIONS);
      expect(template.StopConditions.every((condition) => condition.Source === "aws:cloudwatch:alarm")).toBe(true);
      expect(flatten(template.StopConditions[0]?.Value)).toMatch(/Alarmfisstopguard/);
      expect(template.LogConfiguration).toMatchObject({ LogSchemaVersion: 2, CloudWatchLogsConfiguration: { LogGroupArn: expect.anything() as unknown } });
      expect(template.ExperimentOptions).toEqual({ AccountTargeting: "single-account", EmptyTargetResolutionMode: "fail" });
    }
  });

  it("refuses specs FIS would reject, with the reason", () => {
    const [first] = experimentSpecs({ ec2Capacity: false }) as [ExperimentSpec];
    expect(() => validateExperimentSpec({ ...first, stopConditions: ["api5xx", "apiLatencyP95", "dbCpuHigh", "dbConnectionsHigh", "probeDb"] })).toThrow(
      "experiment ecs-task-termination: 6 stop conditions (the stop guard plus 5); FIS allows at most 5",
    );
    expect(() => validateExperimentSpec({ ...first, targets: { apiTasks: { kind: "ecs-tasks", service: "api", selection: { percent: 0 } } } })).toThrow(
      "experiment ecs-task-termination: target apiTasks has an invalid selection PERCENT(0)",
    );
    expect(() =>
      validateExperimentSpec({ ...first, actions: { stop: { actionId: "aws:ecs:task-cpu-stress", description: "x", target: "apiTasks", targetKey: "Tasks", parameters: { duration: "3 minutes" } } } }),
    ).toThrow("experiment ecs-task-termination: action stop duration must be an ISO 8601 duration like PT3M, got 3 minutes");
  });
});

describe("FIS experiment role", () => {
  it("is assumed by FIS only, for this account's experiments", () => {
    base.templates.chaos.hasResourceProperties("AWS::IAM::Role", {
      RoleName: "gameday-fis-experiments",
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: "sts:AssumeRole",
            Effect: "Allow",
            Principal: { Service: "fis.amazonaws.com" },
            Condition: { StringEquals: { "aws:SourceAccount": { Ref: "AWS::AccountId" } }, ArnLike: { "aws:SourceArn": Match.anyValue() } },
          },
        ],
      },
    });
  });

  it("never grants a fault-injecting action on every resource", () => {
    const injecting = new Set([
      "ecs:StopTask",
      "ssm:SendCommand",
      "rds:FailoverDBCluster",
      "ec2:SendSpotInstanceInterruptions",
      "ec2:ReplaceNetworkAclAssociation",
      "ec2:CreateNetworkAclEntry",
      "ec2:DeleteNetworkAcl",
      "ec2:CreateNetworkAcl",
      "ec2:CreateTags",
    ]);
    for (const statement of rolePolicy(full)) {
      const starResource = resourcesOf(statement).includes("*");
      for (const action of actionsOf(statement)) {
        if (injecting.has(action)) expect(starResource, `${action} must be scoped`).toBe(false);
      }
    }
  });

  it("scopes task actions to the target cluster, SSM commands to its tasks, failover to the one DB cluster", () => {
    const bySid = Object.fromEntries(rolePolicy(full).map((statement): [string, Statement] => [statement.Sid ?? "", statement]));
    expect(flatten(bySid.EcsTasks?.Resource)).toContain(":task/gameday-cluster/*");
    expect(bySid.EcsListTasks?.Condition).toMatchObject({ ArnEquals: { "ecs:cluster": expect.anything() as unknown } });
    expect(flatten(bySid.SsmTaskInstances?.Condition)).toContain(":task/gameday-cluster/*");
    expect(flatten(bySid.SsmDocuments?.Resource)).toContain("::document/AWSFIS-Run-CPU-Stress");
    expect(flatten(bySid.AuroraFailover?.Resource)).toContain(":cluster:");
    expect(bySid.NaclCreate?.Condition).toEqual({ StringEquals: { "aws:RequestTag/managedByFIS": "true" } });
    expect(bySid.SpotInterruptions?.Condition).toEqual({ StringEquals: { "aws:ResourceTag/gameday:deployment": "gameday", "aws:ResourceTag/gameday:capacity": "ecs-asg" } });
    expect(rolePolicy(base).some((statement) => statement.Sid === "SpotInterruptions")).toBe(false);
  });
});
