import "server-only";
import { db } from "@/lib/db/client";
import { scenarioTitle } from "./scenario-title";
import { toRunView } from "./run-view";
import type { RunView } from "./schemas";

/** A game day's runs, oldest first, as this viewer may see them. */
export async function listRunViews(gameDayId: string, viewer: { blind: boolean }): Promise<RunView[]> {
  const runs = await db().run.findMany({ where: { gameDayId }, orderBy: { createdAt: "asc" } });
  return runs.map((run, index) => toRunView(run, { blind: viewer.blind, ordinal: index + 1, scenarioTitle: scenarioTitle(run.scenarioId) }));
}

/** One run as this viewer may see it (its ordinal counts earlier runs of the game day). */
export async function runViewOf(runId: string, viewer: { blind: boolean }): Promise<RunView> {
  const run = await db().run.findUniqueOrThrow({ where: { id: runId } });
  const ordinal = await db().run.count({ where: { gameDayId: run.gameDayId, createdAt: { lte: run.createdAt } } });
  return toRunView(run, { blind: viewer.blind, ordinal, scenarioTitle: scenarioTitle(run.scenarioId) });
}
