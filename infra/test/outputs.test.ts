/**
 * The contract with the AWS adapter: the deployment exports every key of
 * lib/lab/aws/outputs.ts exactly once across its stacks (the adapter merges them), the two
 * capacity keys only in the EC2 variant, and the console container gets the same keys.
 * This is the one infra file that imports from the console.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { AwsOutputsSchema, parseAwsOutputs, REQUIRED_OUTPUT_KEYS } from "../../lib/lab/aws/outputs";
import { consoleEnvironment } from "../console-image/entrypoint.mjs";
import { flatten, resourcesOfType, STACK_KEYS, synth, VARIANTS, type Synthesized } from "./synth";

const CAPACITY_KEYS = ["CapacityProviderName", "AutoScalingGroupName"] as const;

let base: Synthesized;
let full: Synthesized;
beforeAll(() => {
  base = synth(VARIANTS.defaults);
  full = synth(VARIANTS.everything);
});

/** Output key → how many stacks export it. */
function outputCounts(s: Synthesized): Map<string, number> {
  const counts = new Map<string, number>();
  for (const stack of STACK_KEYS) {
    for (const key of Object.keys(s.json[stack].Outputs ?? {})) {
      if (key.startsWith("ExportsOutput")) continue;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return counts;
}

describe("stack outputs", () => {
  it("export every required key exactly once", () => {
    expect(REQUIRED_OUTPUT_KEYS.length).toBeGreaterThan(20);
    for (const variant of [base, full]) {
      const counts = outputCounts(variant);
      for (const key of REQUIRED_OUTPUT_KEYS) expect(counts.get(key), key).toBe(1);
    }
  });

  it("export the capacity keys once in the EC2 variant and not at all on Fargate", () => {
    for (const key of CAPACITY_KEYS) {
      expect(outputCounts(full).get(key), key).toBe(1);
      expect(outputCounts(base).get(key), key).toBeUndefined();
    }
  });

  it("export nothing under a key the adapter would read differently", () => {
    const known = new Set(Object.keys(AwsOutputsSchema.shape));
    const extras = [...outputCounts(full).keys()].filter((key) => !known.has(key)).sort();
    // Extra, informational outputs; the adapter's schema ignores them.
    expect(extras).toEqual(["AlarmTopicArn", "ConsoleLogGroupName", "ConsoleSeedCommand", "ConsoleUrl", "FisExperimentRoleArn", "FisLogGroupName"]);
  });

  it("give the values the adapter expects where they are known at synth time", () => {
    const value = (stack: (typeof STACK_KEYS)[number], key: string) => base.json[stack].Outputs?.[key]?.Value;
    expect(value("target", "ApiServiceName")).toEqual({ "Fn::GetAtt": [expect.stringMatching(/^ApiService/), "Name"] });
    expect(value("target", "BackendServiceName")).toEqual({ "Fn::GetAtt": [expect.stringMatching(/^BackendService/), "Name"] });
    expect(value("target", "ApiDeploymentController")).toBe("CODE_DEPLOY");
    expect(value("target", "Prefix")).toBe("gameday");
    expect(value("observability", "AlarmNamePrefix")).toBe("gameday-alarm-");
    expect(flatten(value("target", "LoadBalancerUrl"))).toMatch(/^http:\/\/<Alb.*\.DNSName>$/);
    // Names hold: the services are called exactly what the port calls them.
    base.templates.target.hasResourceProperties("AWS::ECS::Service", { ServiceName: "api" });
    base.templates.target.hasResourceProperties("AWS::ECS::Service", { ServiceName: "backend" });
  });

  it("reach the console container as JSON with every key the adapter needs", () => {
    for (const [variant, keys] of [
      [base, REQUIRED_OUTPUT_KEYS],
      [full, [...REQUIRED_OUTPUT_KEYS, ...CAPACITY_KEYS]],
    ] as const) {
      const [[, taskDefinition]] = resourcesOfType(variant.json.console, "AWS::ECS::TaskDefinition") as [[string, Record<string, unknown>]];
      const [container] = taskDefinition.ContainerDefinitions as [{ Environment: Array<{ Name: string; Value: unknown }> }];
      const json = flatten(container.Environment.find((entry) => entry.Name === "GAMEDAY_AWS_OUTPUTS_JSON")?.Value);
      expect(json.startsWith('{"gameday-console":{')).toBe(true);
      for (const key of keys) expect(json, key).toContain(`"${key}":`);
    }
  });

  it("written by the console's entrypoint, parse with the adapter's own parser", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "gameday-outputs-"));
    try {
      // What the deployed values look like once CloudFormation resolved the references.
      const values: Record<string, string> = {
        Prefix: "gameday",
        Region: "eu-west-1",
        ClusterName: "gameday-cluster",
        ApiServiceName: "api",
        BackendServiceName: "backend",
        ApiDeploymentController: "CODE_DEPLOY",
        ApiTaskExecutionRoleName: "gameday-target-ApiExecutionRole1A2B3C",
        ApiSecretAccessPolicyArn: "arn:aws:iam::123456789012:policy/gameday-target-ApiSecretAccess1A2B3C",
        LoadBalancerFullName: "app/gameday-target/50dc6c495c0c9188",
        LoadBalancerUrl: "http://gameday-target-123.eu-west-1.elb.amazonaws.com",
        ApiBlueTargetGroupArn: "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/gameday-api-blue/73e2d6bc24d8a067",
        ApiGreenTargetGroupArn: "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/gameday-api-green/83e2d6bc24d8a067",
        ApiBlueTargetGroupFullName: "targetgroup/gameday-api-blue/73e2d6bc24d8a067",
        ApiGreenTargetGroupFullName: "targetgroup/gameday-api-green/83e2d6bc24d8a067",
        CodeDeployApplicationName: "gameday-api",
        CodeDeployDeploymentGroupName: "gameday-api-blue-green",
        DbClusterIdentifier: "gameday-aurora",
        DbAppSecretArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:gameday/aurora/app-AbCdEf",
        WebAclName: "gameday-target-web-acl",
        WebAclId: "a1b2c3d4-5678-90ab-cdef-EXAMPLE11111",
        FaultFlagParameterName: "/gameday/target/fault-flags",
        AlarmNamePrefix: "gameday-alarm-",
        DashboardName: "gameday-gameday",
      };
      expect(Object.keys(values).sort()).toEqual([...REQUIRED_OUTPUT_KEYS].sort());
      const env = consoleEnvironment(
        { DATABASE_URL: "postgresql://u:p@h:5432/d", GAMEDAY_AWS_OUTPUTS_JSON: JSON.stringify({ "gameday-console": values }) },
        dir,
      );
      const parsed = parseAwsOutputs(JSON.parse(readFileSync(env.GAMEDAY_AWS_OUTPUTS ?? "", "utf8")));
      expect(parsed).toMatchObject({ Prefix: "gameday", ApiDeploymentController: "CODE_DEPLOY", AlarmNamePrefix: "gameday-alarm-" });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
