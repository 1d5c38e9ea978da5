import "server-only";
import { ApiError } from "@/lib/api/errors";
import type { Principal } from "@/lib/auth/principal";
import { db } from "@/lib/db/client";
import { requireGameDayAccess } from "./access";
import { listRunViews, runViewOf } from "./list-runs";
import type { RunView } from "./schemas";

/**
 * A game day's runs. Blind trainees see none: a run's phases and instants would tell them
 * when the fault hit, which is what their detection time is scored on.
 */
export async function listRunsFor(principal: Principal, gameDayId: string): Promise<RunView[]> {
  const { blind } = await requireGameDayAccess(principal, gameDayId, "view");
  if (blind) return [];
  return listRunViews(gameDayId);
}

export async function getRunFor(principal: Principal, runId: string): Promise<RunView> {
  const run = await db().run.findUnique({ where: { id: runId } });
  if (!run) throw new ApiError("not_found", "No run with that id is visible to you.");
  const { blind } = await requireGameDayAccess(principal, run.gameDayId, "view");
  if (blind) throw new ApiError("not_found", "No run with that id is visible to you.");
  return runViewOf(run.id);
}
