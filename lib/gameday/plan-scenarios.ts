import "server-only";
import { ApiError } from "@/lib/api/errors";
import type { Principal } from "@/lib/auth/principal";
import { db } from "@/lib/db/client";
import type { PlannedScenario, Prisma } from "@/lib/generated/prisma/client";
import { getScenario } from "@/lib/scenarios";
import { resolveScenario } from "@/lib/scenarios/resolve";
import { requireGameDayAccess } from "./access";
import { PlannedScenarioViewSchema, type PlanScenarioInput, type PlannedScenarioView } from "./schemas";

const MAX_PLANNED = 30;

function toPlannedView(row: PlannedScenario, blind: boolean, ordinal: number): PlannedScenarioView {
  const definition = getScenario(row.scenarioId);
  const params = row.params as Record<string, unknown>;
  return PlannedScenarioViewSchema.parse({
    id: row.id,
    scenarioId: blind ? null : row.scenarioId,
    label: blind ? `Scenario ${ordinal}` : (definition?.title ?? row.scenarioId),
    params: blind ? null : params,
    durationSeconds: row.durationSeconds,
    position: row.position,
    blastRadius: blind || !definition ? null : definition.blastRadius(definition.params.parse(params)),
  });
}

export async function listPlannedScenarios(principal: Principal, gameDayId: string): Promise<PlannedScenarioView[]> {
  const { blind } = await requireGameDayAccess(principal, gameDayId, "view");
  const rows = await db().plannedScenario.findMany({ where: { gameDayId }, orderBy: [{ position: "asc" }, { createdAt: "asc" }] });
  return rows.map((row, index) => toPlannedView(row, blind, index + 1));
}

/** Adds a scenario to the plan with parameters checked against its limits. */
export async function planScenario(principal: Principal, gameDayId: string, input: PlanScenarioInput): Promise<PlannedScenarioView> {
  const { gameDay } = await requireGameDayAccess(principal, gameDayId, "manage");
  if (gameDay.status === "ended" || gameDay.status === "cancelled") throw new ApiError("conflict", `This game day has ${gameDay.status}; its plan is closed.`);
  const resolved = resolveScenario(input.scenarioId, input.params ?? {}, input.durationSeconds);
  const row = await db().$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`plan:${gameDayId}`}))`;
    const count = await tx.plannedScenario.count({ where: { gameDayId } });
    if (count >= MAX_PLANNED) throw new ApiError("conflict", `A game day plans at most ${MAX_PLANNED} scenarios.`);
    return tx.plannedScenario.create({
      data: { gameDayId, scenarioId: resolved.scenarioId, params: resolved.params as Prisma.InputJsonObject, durationSeconds: resolved.durationSeconds, position: count },
    });
  });
  return toPlannedView(row, false, row.position + 1);
}

export async function removePlannedScenario(principal: Principal, plannedId: string): Promise<void> {
  const row = await db().plannedScenario.findUnique({ where: { id: plannedId } });
  if (!row) throw new ApiError("not_found", "No planned scenario with that id is visible to you.");
  const { gameDay } = await requireGameDayAccess(principal, row.gameDayId, "manage");
  if (gameDay.status === "ended" || gameDay.status === "cancelled") throw new ApiError("conflict", `This game day has ${gameDay.status}; its plan is closed.`);
  await db().plannedScenario.delete({ where: { id: plannedId } });
}
