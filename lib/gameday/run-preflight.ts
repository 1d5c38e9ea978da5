import "server-only";
import type { Principal } from "@/lib/auth/principal";
import { db } from "@/lib/db/client";
import { isLabError } from "@/lib/lab/errors";
import { ScenarioIdSchema, type Check, type Lab } from "@/lib/lab/types";
import { getScenario } from "@/lib/scenarios";
import { requireGameDayAccess } from "./access";
import { readSteadyState } from "./read-steady-state";
import { PreflightReportSchema, type PreflightReport } from "./schemas";

function verdictOf(checks: readonly Pick<Check, "status">[]): Check["status"] {
  if (checks.some((check) => check.status === "fail")) return "fail";
  return checks.some((check) => check.status === "warn") ? "warn" : "pass";
}

function labFailure(error: unknown): Check {
  const detail = error instanceof Error ? error.message : String(error);
  return { id: "lab", label: "Lab reachable", status: "fail", detail: isLabError(error) ? `${error.code}: ${detail}` : detail };
}

/**
 * The pre-game checklist: is the target in steady state right now, and is each planned
 * scenario ready to run on this lab (FIS templates and prerequisites in AWS)? Every check
 * says pass, warn or fail and why.
 */
export async function runPreflight(principal: Principal, gameDayId: string, lab: Lab): Promise<PreflightReport> {
  await requireGameDayAccess(principal, gameDayId, "manage");
  const planned = await db().plannedScenario.findMany({ where: { gameDayId }, orderBy: [{ position: "asc" }, { createdAt: "asc" }] });

  let steadyState: Check[];
  try {
    const verdict = await readSteadyState(lab);
    steadyState = verdict.results.map((result, index) => ({
      id: `steady-${index}`,
      label: result.label,
      status: result.status === "pass" ? "pass" : result.status === "fail" ? "fail" : "warn",
      detail: result.detail,
    }));
  } catch (error) {
    steadyState = [labFailure(error)];
  }

  const scenarios = await Promise.all(
    planned.map(async (entry) => {
      const scenarioId = ScenarioIdSchema.safeParse(entry.scenarioId);
      const checks: Check[] = scenarioId.success
        ? await lab
            .preflight({ scenarioId: scenarioId.data, params: entry.params as Record<string, unknown>, durationSeconds: entry.durationSeconds })
            .catch((error: unknown) => [labFailure(error)])
        : [{ id: "catalog", label: "Scenario in the catalog", status: "fail", detail: `'${entry.scenarioId}' is no longer in the catalog; remove it from the plan` }];
      return { plannedScenarioId: entry.id, scenarioId: entry.scenarioId, label: getScenario(entry.scenarioId)?.title ?? entry.scenarioId, verdict: verdictOf(checks), checks };
    }),
  );
  return PreflightReportSchema.parse({
    checkedAt: new Date().toISOString(),
    labKind: lab.kind,
    steadyState: { verdict: verdictOf(steadyState), checks: steadyState },
    scenarios,
    verdict: verdictOf([...steadyState, ...scenarios.map((scenario) => ({ status: scenario.verdict }))]),
  });
}
