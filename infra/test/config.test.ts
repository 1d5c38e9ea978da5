import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, parseConfig } from "../lib/config";

function problemsOf(raw: Record<string, unknown>): readonly string[] {
  try {
    parseConfig(raw);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error("expected the configuration to be rejected");
}

describe("infra configuration", () => {
  it("applies the documented defaults when context is empty", () => {
    const config = parseConfig({});
    expect(config).toMatchObject({
      prefix: "gameday",
      natGateways: 1,
      vpcEndpoints: false,
      capacity: "fargate",
      desiredCount: 2,
      maxCount: 10,
      deletionProtection: true,
      logRetentionDays: 14,
      ec2InstanceTypes: ["t3.medium", "t3a.medium", "t2.medium"],
      ec2OnDemandBaseCapacity: 1,
      ec2OnDemandPercentageAboveBase: 20,
      // The stack the game days reproduce runs with ECS Exec on.
      ecsExec: true,
    });
    expect(config.alarmEmail).toBeUndefined();
    expect(config.certificateArn).toBeUndefined();
  });

  it("coerces command-line strings (-c key=value) into numbers, booleans and lists", () => {
    const config = parseConfig({ natGateways: "2", vpcEndpoints: "true", deletionProtection: "false", ec2InstanceTypes: "m5.large, m6i.large", ecsExec: "false" });
    expect(config.ecsExec).toBe(false);
    expect(config.natGateways).toBe(2);
    expect(config.vpcEndpoints).toBe(true);
    expect(config.deletionProtection).toBe(false);
    expect(config.ec2InstanceTypes).toEqual(["m5.large", "m6i.large"]);
  });

  it("rejects a NAT gateway count of 3 with a message naming the choices", () => {
    expect(problemsOf({ natGateways: 3 })).toEqual(["natGateways: natGateways must be 1 (one shared NAT gateway) or 2 (one per AZ), got 3"]);
    expect(problemsOf({ natGateways: "3" })).toEqual(["natGateways: natGateways must be 1 (one shared NAT gateway) or 2 (one per AZ), got 3"]);
  });

  it("rejects an alarm email that is not an email address", () => {
    expect(problemsOf({ alarmEmail: "oncall-at-example.com" })).toEqual(['alarmEmail: alarmEmail must be an email address, got "oncall-at-example.com"']);
  });

  it("rejects an unknown capacity variant and a malformed certificate ARN", () => {
    expect(problemsOf({ capacity: "spot" })).toEqual(['capacity: capacity must be "fargate" or "ec2", got "spot"']);
    expect(problemsOf({ certificateArn: "arn:aws:iam::123456789012:server-certificate/x" })).toEqual([
      "certificateArn: certificateArn must be an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>)",
    ]);
  });

  it("rejects prefixes that cannot name stacks and resources", () => {
    expect(problemsOf({ prefix: "Game_Day" })).toEqual([
      "prefix: prefix must be 3-20 lowercase letters, digits or hyphens, start with a letter and not end with a hyphen",
    ]);
  });

  it("checks values against each other", () => {
    expect(problemsOf({ desiredCount: 4, maxCount: 3 })).toEqual(["maxCount: maxCount (3) must be at least desiredCount (4)"]);
    expect(problemsOf({ ec2MinCapacity: 4, ec2MaxCapacity: 2 })).toEqual(["ec2MaxCapacity: ec2MaxCapacity (2) must be at least ec2MinCapacity (4)"]);
    expect(problemsOf({ consoleDomainName: "gameday.example.com" })).toEqual([
      "consoleDomainName: consoleDomainName needs certificateArn: the console is served over HTTPS on that name",
    ]);
  });

  it("reports every bad key at once, in one readable error", () => {
    let message = "";
    try {
      parseConfig({ natGateways: 0, desiredCount: "many", logRetentionDays: 10 });
    } catch (error) {
      message = error instanceof Error ? error.message : "";
    }
    expect(message).toBe(
      [
        "Invalid CDK context for the game-day infra:",
        "  - natGateways: natGateways must be 1 (one shared NAT gateway) or 2 (one per AZ), got 0",
        '  - desiredCount: desiredCount must be a number, got "many"',
        "  - logRetentionDays: logRetentionDays must be one of 7, 14, 30, 60, 90, 180, 365, got 10",
      ].join("\n"),
    );
  });

  it("reads only its own keys from context and ignores feature flags", () => {
    const context: Record<string, unknown> = { natGateways: "2", "@aws-cdk/core:checkSecretUsage": true };
    const config = loadConfig({ tryGetContext: (key) => context[key] });
    expect(config.natGateways).toBe(2);
  });
});
