/**
 * Synthesizes the whole app once per context (cached for the test run: the infra project
 * runs its files in one worker) and hands tests the templates, the validation report and
 * the constructs. Synth includes the cdk-nag gate, so a finding fails every test that synths.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Validations } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import type { IConstruct } from "constructs";
import { buildApp, type BuiltApp } from "../lib/app";

export type StackKey = "network" | "data" | "target" | "observability" | "chaos" | "console";
export const STACK_KEYS: readonly StackKey[] = ["network", "data", "target", "observability", "chaos", "console"];

/** A CloudFormation template as JSON. */
export interface TemplateJson {
  Resources: Record<string, { Type: string; Properties?: Record<string, unknown>; DependsOn?: string[] }>;
  Outputs?: Record<string, { Value: unknown; Export?: unknown }>;
  Mappings?: Record<string, unknown>;
  Conditions?: Record<string, unknown>;
  Parameters?: Record<string, unknown>;
}

/** cdk-nag and CloudFormation-validate findings as CDK writes them. */
export interface ValidationReport {
  pluginReports: { pluginName: string; violations: { ruleName: string; description: string; violatingConstructs: { constructPath: string }[] }[] }[];
}

export interface Synthesized {
  readonly built: BuiltApp;
  readonly outdir: string;
  readonly json: Readonly<Record<StackKey, TemplateJson>>;
  readonly templates: Readonly<Record<StackKey, Template>>;
  readonly report: ValidationReport;
}

const cache = new Map<string, Synthesized>();
const outdirs: string[] = [];
process.once("exit", () => {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

/** The full app for a context (string values, as `-c key=value` gives them, or JSON values). */
export function synth(context: Record<string, unknown> = {}): Synthesized {
  const key = JSON.stringify(context);
  const cached = cache.get(key);
  if (cached) return cached;

  const outdir = mkdtempSync(path.join(tmpdir(), "gameday-infra-test-"));
  outdirs.push(outdir);
  const built = buildApp({ outdir, context });
  let assembly;
  try {
    assembly = built.app.synth();
  } catch (error) {
    const reportFile = path.join(outdir, "validation-report.json");
    const report = existsSync(reportFile) ? readFileSync(reportFile, "utf8") : "(no report)";
    throw new Error(`synth failed for context ${key}: ${error instanceof Error ? error.message : String(error)}\n${report}`);
  }
  const json = {} as Record<StackKey, TemplateJson>;
  const templates = {} as Record<StackKey, Template>;
  for (const stackKey of STACK_KEYS) {
    const template = assembly.getStackByName(built.stacks[stackKey].stackName).template as TemplateJson;
    json[stackKey] = template;
    templates[stackKey] = Template.fromJSON(template);
  }
  const report = JSON.parse(readFileSync(path.join(outdir, "validation-report.json"), "utf8")) as ValidationReport;
  const result: Synthesized = { built, outdir, json, templates, report };
  cache.set(key, result);
  return result;
}

/** Resources of one type in a template, by logical id. */
export function resourcesOfType(template: TemplateJson, type: string): Array<[string, Record<string, unknown>]> {
  return Object.entries(template.Resources)
    .filter(([, resource]) => resource.Type === type)
    .map(([id, resource]) => [id, resource.Properties ?? {}]);
}

/** Every cdk-nag / validation acknowledgement recorded in the app: construct path, rule id, reason. */
export function acknowledgements(root: IConstruct): Array<{ path: string; id: string; reason: string }> {
  const found: Array<{ path: string; id: string; reason: string }> = [];
  for (const construct of root.node.findAll()) {
    for (const entry of construct.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) found.push({ path: construct.node.path, id, reason });
    }
  }
  return found;
}

/** The IAM statements of every AWS::IAM::Policy / ManagedPolicy / Role inline policy in a template. */
export interface Statement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

export function actionsOf(statement: Statement): string[] {
  return Array.isArray(statement.Action) ? statement.Action : [statement.Action];
}

export function resourcesOf(statement: Statement): unknown[] {
  return Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
}

/** Flattens CloudFormation intrinsic joins into a readable string (tokens become `<Ref>`). */
export function flatten(value: unknown): string {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.map(flatten).join("");
  if (value && typeof value === "object") {
    const record = value as Record<string, unknown>;
    if ("Fn::Join" in record) {
      const [separator, parts] = record["Fn::Join"] as [string, unknown[]];
      return parts.map(flatten).join(separator);
    }
    if ("Ref" in record) return `<${String(record.Ref)}>`;
    if ("Fn::GetAtt" in record) return `<${(record["Fn::GetAtt"] as string[]).join(".")}>`;
    if ("Fn::ImportValue" in record) return `<import:${flatten(record["Fn::ImportValue"])}>`;
    if ("Fn::FindInMap" in record) return "<map>";
    if ("Fn::Select" in record) return "<select>";
    if ("Fn::Split" in record) return "<split>";
  }
  return JSON.stringify(value);
}

/** The two deployments the tests synthesize: the defaults, and every option switched on. */
export const VARIANTS = {
  defaults: {},
  everything: {
    capacity: "ec2",
    natGateways: "2",
    vpcEndpoints: "true",
    alarmEmail: "oncall@example.com",
    certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-aaaa-bbbb-cccc-1234567890ab",
    consoleDomainName: "gameday.example.com",
  },
} as const satisfies Record<string, Record<string, string>>;
