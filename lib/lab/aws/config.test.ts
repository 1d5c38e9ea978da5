import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isLabError, type LabError } from "../errors";
import { loadAwsLabConfig } from "./config";
import { EC2_OUTPUTS, OUTPUTS, outputsFile } from "./test/fixtures";

const dir = mkdtempSync(path.join(tmpdir(), "gameday-aws-config-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, content: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

function failure(run: () => unknown): LabError {
  try {
    run();
  } catch (error) {
    if (isLabError(error)) return error;
    throw error;
  }
  throw new Error("expected a LabError");
}

describe("loadAwsLabConfig", () => {
  it("merges every stack's outputs and reads the Fargate variant", () => {
    const config = loadAwsLabConfig(write("ok.json", JSON.stringify(outputsFile(OUTPUTS))));
    expect(config.outputs.ClusterName).toBe("gameday-cluster");
    expect(config.outputs.DbClusterIdentifier).toBe("gameday-db");
    expect(config.region).toBe("eu-west-1");
    expect(config.capacity).toBe("fargate");
    expect(config.maxAttempts).toBe(5);
    expect(config.activeExperimentQuota).toBe(5);
  });

  it("recognises the EC2 capacity variant and takes a region override", () => {
    const config = loadAwsLabConfig(write("ec2.json", JSON.stringify(outputsFile(EC2_OUTPUTS))), { region: "us-east-1" });
    expect(config.capacity).toBe("ec2");
    expect(config.region).toBe("us-east-1");
  });

  it("rejects a malformed region override", () => {
    expect(() => loadAwsLabConfig(write("ok2.json", JSON.stringify(outputsFile(OUTPUTS))), { region: "Ireland" })).toThrow(/region must look like eu-west-1/);
  });

  it("names the file and every missing key", () => {
    const { ClusterName: _cluster, AlarmNamePrefix: _prefix, ...rest } = OUTPUTS;
    const file = write("partial.json", JSON.stringify({ GamedayService: rest }));
    const error = failure(() => loadAwsLabConfig(file));
    expect(error.code).toBe("prerequisite-missing");
    expect(error.message).toContain(file);
    expect(error.message).toContain("missing keys: ClusterName, AlarmNamePrefix");
    expect(error.details).toMatchObject({ file, missingKeys: ["ClusterName", "AlarmNamePrefix"] });
  });

  it("names malformed values apart from missing ones", () => {
    const file = write("bad-arn.json", JSON.stringify(outputsFile({ ...OUTPUTS, DbAppSecretArn: "gameday/db/app" })));
    const error = failure(() => loadAwsLabConfig(file));
    expect(error.message).toContain("invalid keys: DbAppSecretArn must be an ARN");
    expect(error.message).not.toContain("missing keys");
  });

  it("says so when the file is missing, is not JSON, or is not an outputs file", () => {
    expect(failure(() => loadAwsLabConfig(path.join(dir, "nope.json"))).message).toMatch(/nope\.json does not exist/);
    expect(failure(() => loadAwsLabConfig(write("text.json", "not json"))).message).toMatch(/text\.json is not valid JSON/);
    expect(failure(() => loadAwsLabConfig(write("array.json", "[1,2]"))).message).toMatch(/array\.json is not a cdk outputs file/);
    expect(failure(() => loadAwsLabConfig("")).message).toMatch(/GAMEDAY_AWS_OUTPUTS/);
  });
});
