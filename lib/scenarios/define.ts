import type { z } from "zod";
import type { ScenarioDefinition } from "./types";

/** Keeps each scenario's `blastRadius` typed by its own params schema. */
export function defineScenario<S extends z.ZodType>(definition: ScenarioDefinition<S>): ScenarioDefinition<S> {
  return definition;
}
