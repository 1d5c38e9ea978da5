/**
 * The AWS adapter's configuration: the deployment's stack outputs (written by
 * `cdk deploy --all --outputs-file <file>`) plus the few knobs that are not outputs.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";
import { LabError } from "../errors";
import { parseAwsOutputs, REQUIRED_OUTPUT_KEYS, type AwsOutputs } from "./outputs";

/** Everything the AWS adapter needs to find and drive one deployment. */
export interface AwsLabConfig {
  readonly outputs: AwsOutputs;
  /** Region every client talks to; the `Region` output unless overridden. */
  readonly region: string;
  /** `ec2` when the deployment exports its Auto Scaling group (Spot and pending-task scenarios). */
  readonly capacity: "fargate" | "ec2";
  /** Total attempts per SDK call, retries included (adaptive retry mode). */
  readonly maxAttempts: number;
  /** FIS active-experiment quota of the account (5 by default); preflight compares against it. */
  readonly activeExperimentQuota: number;
  /** The account's FIS safety lever id; AWS names the per-Region lever `default`. */
  readonly safetyLeverId: string;
}

/** Settings an operator may override; everything else comes from the outputs file. */
export interface AwsLabConfigOverrides {
  region?: string;
  maxAttempts?: number;
  activeExperimentQuota?: number;
}

const OverridesSchema = z
  .object({
    region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "region must look like eu-west-1").optional(),
    maxAttempts: z.number().int().min(1, "maxAttempts must be at least 1").max(10, "maxAttempts must be at most 10").optional(),
    activeExperimentQuota: z.number().int().min(1).max(100).optional(),
  })
  .strict();

/** Builds the config from already-parsed outputs (tests and callers that hold the outputs). */
export function awsLabConfigFromOutputs(outputs: AwsOutputs, overrides: AwsLabConfigOverrides = {}): AwsLabConfig {
  const parsed = OverridesSchema.parse(overrides);
  return {
    outputs,
    region: parsed.region ?? outputs.Region,
    capacity: outputs.AutoScalingGroupName && outputs.CapacityProviderName ? "ec2" : "fargate",
    maxAttempts: parsed.maxAttempts ?? 5,
    activeExperimentQuota: parsed.activeExperimentQuota ?? 5,
    safetyLeverId: "default",
  };
}

/**
 * Reads the `cdk deploy --outputs-file` JSON. A missing file, bad JSON or missing keys
 * fail with a LabError that names the file and every missing or malformed key, so the
 * operator knows which stack to redeploy.
 */
export function loadAwsLabConfig(outputsFilePath: string, overrides: AwsLabConfigOverrides = {}): AwsLabConfig {
  if (!outputsFilePath) {
    throw new LabError(
      "prerequisite-missing",
      "No AWS outputs file is configured: set GAMEDAY_AWS_OUTPUTS to the file written by `cdk deploy --all --outputs-file <file>`.",
    );
  }
  let text: string;
  try {
    text = readFileSync(outputsFilePath, "utf8");
  } catch (error) {
    const reason = error instanceof Error && "code" in error && error.code === "ENOENT" ? "does not exist" : "cannot be read";
    throw new LabError("prerequisite-missing", `The AWS outputs file ${outputsFilePath} ${reason}; run \`cdk deploy --all --outputs-file ${outputsFilePath}\`.`, {
      file: outputsFilePath,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new LabError("prerequisite-missing", `The AWS outputs file ${outputsFilePath} is not valid JSON.`, { file: outputsFilePath });
  }
  let outputs: AwsOutputs;
  try {
    outputs = parseAwsOutputs(json);
  } catch (error) {
    if (!(error instanceof z.ZodError)) throw error;
    throw outputsError(outputsFilePath, json, error);
  }
  return awsLabConfigFromOutputs(outputs, overrides);
}

/** Names every missing and malformed key, so the operator knows which stack to redeploy. */
function outputsError(file: string, json: unknown, error: z.ZodError): LabError {
  const grouped = z.record(z.string(), z.record(z.string(), z.string())).safeParse(json);
  if (!grouped.success) {
    return new LabError("prerequisite-missing", `The AWS outputs file ${file} is not a cdk outputs file ({ "<Stack>": { "<Key>": "<value>" } }).`, { file });
  }
  const present = new Set(Object.values(grouped.data).flatMap((outputs) => Object.keys(outputs)));
  const missing = REQUIRED_OUTPUT_KEYS.filter((key) => !present.has(key));
  const invalid = error.issues
    .filter((issue) => present.has(String(issue.path[0])))
    .map((issue) => `${issue.path.join(".")} ${issue.message}`);
  const parts = [missing.length > 0 ? `missing keys: ${missing.join(", ")}` : null, invalid.length > 0 ? `invalid keys: ${invalid.join("; ")}` : null].filter(
    (part): part is string => part !== null,
  );
  return new LabError("prerequisite-missing", `The AWS outputs file ${file} is incomplete (${parts.join("; ")}); redeploy the stacks with --outputs-file.`, {
    file,
    missingKeys: missing,
    invalidKeys: invalid,
  });
}
