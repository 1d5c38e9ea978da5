import { z } from "zod";
import { SCENARIOS } from "./index";
import type { ScenarioDefinition } from "./types";

const ParamFieldSchema = z.object({
  name: z.string(),
  type: z.enum(["integer", "string", "enum"]),
  default: z.union([z.number(), z.string()]),
  minimum: z.number().optional(),
  maximum: z.number().optional(),
  options: z.array(z.string()).optional(),
  pattern: z.string().optional(),
});
export type ParamField = z.infer<typeof ParamFieldSchema>;

/** What `GET /api/scenarios` returns per scenario: everything a catalog card and a launch form need. */
export const ScenarioViewSchema = z.object({
  id: z.string(),
  title: z.string(),
  category: z.string(),
  summary: z.string(),
  hypothesis: z.string(),
  extra: z.boolean(),
  duration: z.object({ defaultSeconds: z.number(), minSeconds: z.number(), maxSeconds: z.number() }),
  /** The form fields, from the params schema (limits included). */
  paramFields: z.array(ParamFieldSchema),
  defaults: z.record(z.string(), z.unknown()),
  /** The blast radius at the default parameters. */
  defaultBlastRadius: z.string(),
  signals: z.array(z.object({ metric: z.string(), change: z.enum(["rises", "drops"]), description: z.string() })),
  recovery: z.object({ description: z.string(), checks: z.array(z.string()) }),
  local: z.string(),
  aws: z.object({ kind: z.enum(["fis", "sdk"]), steps: z.array(z.string()), note: z.string(), capacity: z.enum(["ec2"]).nullable() }),
  runbook: z.array(z.object({ id: z.string(), phase: z.string(), title: z.string(), detail: z.string(), aws: z.string().nullable(), local: z.string().nullable() })),
  scoring: z.object({ detectTargetSeconds: z.number(), mitigateTargetSeconds: z.number(), weights: z.record(z.string(), z.number()) }),
  source: z.string(),
});
export type ScenarioView = z.infer<typeof ScenarioViewSchema>;

const JsonSchemaPropertySchema = z.object({
  type: z.string().optional(),
  enum: z.array(z.string()).optional(),
  default: z.union([z.number(), z.string()]),
  minimum: z.number().optional(),
  maximum: z.number().optional(),
  pattern: z.string().optional(),
});

function paramFieldsOf(definition: ScenarioDefinition): ParamField[] {
  const schema = z.object({ properties: z.record(z.string(), JsonSchemaPropertySchema).default({}) }).parse(z.toJSONSchema(definition.params, { io: "input" }));
  return Object.entries(schema.properties).map(([name, property]) => ({
    name,
    type: property.enum ? "enum" : property.type === "integer" ? "integer" : "string",
    default: property.default,
    minimum: property.minimum,
    maximum: property.maximum,
    options: property.enum,
    pattern: property.pattern,
  }));
}

export function toScenarioView(definition: ScenarioDefinition): ScenarioView {
  const defaults: unknown = definition.params.parse({});
  return ScenarioViewSchema.parse({
    id: definition.id,
    title: definition.title,
    category: definition.category,
    summary: definition.summary,
    hypothesis: definition.hypothesis,
    extra: definition.extra ?? false,
    duration: definition.duration,
    paramFields: paramFieldsOf(definition),
    defaults,
    defaultBlastRadius: definition.blastRadius(defaults),
    signals: definition.signals,
    recovery: { description: definition.recovery.description, checks: definition.recovery.checks.map((check) => check.label) },
    local: definition.local,
    aws: {
      kind: definition.aws.kind,
      steps: definition.aws.kind === "fis" ? definition.aws.actions : definition.aws.calls,
      note: definition.aws.note,
      capacity: definition.aws.capacity ?? null,
    },
    runbook: definition.runbook.map((step) => ({ ...step, aws: step.aws ?? null, local: step.local ?? null })),
    scoring: {
      detectTargetSeconds: definition.scoring.detectTargetSeconds,
      mitigateTargetSeconds: definition.scoring.mitigateTargetSeconds,
      weights: definition.scoring.weights,
    },
    source: definition.source,
  });
}

export function listScenarioViews(): ScenarioView[] {
  return SCENARIOS.map(toScenarioView);
}
