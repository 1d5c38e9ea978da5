/**
 * Turns what a facilitator asked for (scenario id, raw params, optional duration) into a
 * validated launch: parameters parsed against the scenario's limits, a duration inside its
 * bounds, and the blast-radius sentence the confirmation shows. Used by planning and launch.
 */
import { z } from "zod";
import { ApiError, describeZodIssues } from "@/lib/api/errors";
import type { ScenarioId } from "@/lib/lab/types";
import { SCENARIOS, getScenario } from "./index";
import type { ScenarioDefinition } from "./types";

export interface ResolvedScenario {
  scenarioId: ScenarioId;
  title: string;
  params: Record<string, unknown>;
  durationSeconds: number;
  blastRadius: string;
  definition: ScenarioDefinition;
}

export function resolveScenario(scenarioId: string, rawParams: Record<string, unknown>, durationSeconds: number | undefined): ResolvedScenario {
  const definition = getScenario(scenarioId);
  if (!definition) {
    throw new ApiError("unprocessable", `Unknown scenarioId '${scenarioId}'; pick one of: ${SCENARIOS.map((scenario) => scenario.id).join(", ")}.`, {
      issues: [{ path: "scenarioId", message: "unknown scenario" }],
    });
  }
  const parsed = definition.params.safeParse(rawParams);
  if (!parsed.success) {
    const issues = describeZodIssues(parsed.error.issues).map((issue) => ({ path: issue.path ? `params.${issue.path}` : "params", message: issue.message }));
    throw new ApiError("unprocessable", `Invalid parameters for ${definition.title}: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join("; ")}`, { issues });
  }
  const { minSeconds, maxSeconds, defaultSeconds } = definition.duration;
  const duration = durationSeconds ?? defaultSeconds;
  if (duration < minSeconds || duration > maxSeconds) {
    throw new ApiError("unprocessable", `durationSeconds for ${definition.title} must be between ${minSeconds} and ${maxSeconds} (every fault has a bounded lease).`, {
      issues: [{ path: "durationSeconds", message: `must be between ${minSeconds} and ${maxSeconds}` }],
    });
  }
  const params = z.record(z.string(), z.unknown()).parse(parsed.data);
  return { scenarioId: definition.id, title: definition.title, params, durationSeconds: duration, blastRadius: definition.blastRadius(parsed.data), definition };
}
