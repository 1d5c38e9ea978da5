/**
 * The parameter form of a scenario, shared by "add to plan" and "launch": raw inputs in,
 * the scenario's own zod schema (lib/scenarios) judges them, and the blast radius is
 * computed from the parsed values while the facilitator types.
 */
import { getScenario } from "@/lib/scenarios";
import type { ParamField } from "@/lib/scenarios/view";
import { fieldErrorsOf } from "./form";

/** Text inputs as typed; empty means "the scenario's default". */
export type ParamInputs = Record<string, string>;

export function inputsFromParams(fields: readonly ParamField[], params: Record<string, unknown> | null | undefined): ParamInputs {
  const inputs: ParamInputs = {};
  for (const field of fields) {
    const value = params?.[field.name] ?? field.default;
    inputs[field.name] = typeof value === "number" || typeof value === "string" ? String(value) : "";
  }
  return inputs;
}

/** Numbers for integer fields (so the schema can say "at most 2000 ms"), strings otherwise. */
export function paramsFromInputs(fields: readonly ParamField[], inputs: ParamInputs): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const field of fields) {
    const raw = (inputs[field.name] ?? "").trim();
    if (raw === "") continue;
    if (field.type === "integer") {
      const number = Number(raw);
      params[field.name] = Number.isFinite(number) ? number : raw;
    } else params[field.name] = raw;
  }
  return params;
}

/** What the form shows: per-field errors, the parsed params and the blast radius when they are valid. */
export interface LaunchCheck {
  params: Record<string, unknown> | null;
  durationSeconds: number | null;
  errors: Record<string, string>;
  blastRadius: string | null;
}

export function checkLaunch(scenarioId: string, fields: readonly ParamField[], inputs: ParamInputs, durationInput: string, duration: { minSeconds: number; maxSeconds: number }): LaunchCheck {
  const definition = getScenario(scenarioId);
  if (!definition) return { params: null, durationSeconds: null, errors: { scenarioId: `unknown scenario '${scenarioId}'` }, blastRadius: null };
  const errors: Record<string, string> = {};
  const durationSeconds = Number(durationInput.trim());
  if (durationInput.trim() === "" || !Number.isInteger(durationSeconds)) errors.durationSeconds = "duration must be a whole number of seconds";
  else if (durationSeconds < duration.minSeconds || durationSeconds > duration.maxSeconds) {
    errors.durationSeconds = `duration must be between ${duration.minSeconds} and ${duration.maxSeconds} s`;
  }
  const parsed = definition.params.safeParse(paramsFromInputs(fields, inputs));
  if (!parsed.success) {
    for (const [path, message] of Object.entries(fieldErrorsOf(parsed.error))) errors[`params.${path}`] ??= message;
    return { params: null, durationSeconds: errors.durationSeconds ? null : durationSeconds, errors, blastRadius: null };
  }
  const params = parsed.data as Record<string, unknown>;
  return { params, durationSeconds: errors.durationSeconds ? null : durationSeconds, errors, blastRadius: definition.blastRadius(params) };
}
