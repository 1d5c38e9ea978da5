import "server-only";
import { db } from "@/lib/db/client";
import { scenarioTitle } from "./scenario-title";
import { toRunView } from "./run-view";
import type { RunView } from "./schemas";

/** A game day's runs, oldest first (never shown to blind trainees: see read-runs.ts). */
export async function listRunViews(gameDayId: string): Promise<RunView[]> {
  const runs = await db().run.findMany({ where: { gameDayId }, orderBy: { createdAt: "asc" } });
  return runs.map((run) => toRunView(run, scenarioTitle(run.scenarioId)));
}

export async function runViewOf(runId: string): Promise<RunView> {
  const run = await db().run.findUniqueOrThrow({ where: { id: runId } });
  return toRunView(run, scenarioTitle(run.scenarioId));
}
