import "server-only";
import { SCENARIOS } from "@/lib/scenarios";
import type { RunbookView } from "./schemas";

/**
 * Every runbook of the catalog. Responders may read all of them: in blind mode a team picks
 * the one it believes fits, and the whole list gives nothing away.
 */
export function listRunbooks(): RunbookView[] {
  return SCENARIOS.map((scenario) => ({
    id: scenario.id,
    title: scenario.title,
    steps: scenario.runbook.map((step) => ({ id: step.id, phase: step.phase, title: step.title, detail: step.detail, tier: step.tier, aws: step.aws ?? null, local: step.local ?? null })),
  }));
}
