import { getScenario } from "@/lib/scenarios";

/** The catalog title of a scenario id (the id itself if the catalog no longer has it). */
export function scenarioTitle(scenarioId: string): string {
  return getScenario(scenarioId)?.title ?? scenarioId;
}
