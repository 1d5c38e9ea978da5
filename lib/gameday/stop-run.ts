import "server-only";
import { ApiError } from "@/lib/api/errors";
import type { Principal } from "@/lib/auth/principal";
import { db } from "@/lib/db/client";
import type { Lab } from "@/lib/lab/types";
import { appendTimelineEvent } from "@/lib/timeline/append-event";
import { requireGameDayAccess } from "./access";
import { applyLabRunStatus } from "./apply-run-status";
import { runViewOf } from "./list-runs";
import { runHandleOf } from "./run-handle";
import type { RunView } from "./schemas";
import { scenarioTitle } from "./scenario-title";

/** Stops one run with a reason: the lab reverts its fault; the run ends `stopped`. */
export async function stopRun(principal: Principal, runId: string, reason: string, lab: Lab): Promise<RunView> {
  const run = await db().run.findUnique({ where: { id: runId } });
  if (!run) throw new ApiError("not_found", "No run with that id is visible to you.");
  await requireGameDayAccess(principal, run.gameDayId, "manage");
  if (run.status === "ended") throw new ApiError("conflict", `This run already ended (${run.outcome ?? "unknown"}).`);

  await db().run.update({ where: { id: run.id }, data: { stopReason: reason, stoppedById: principal.userId } });
  await appendTimelineEvent({
    gameDayId: run.gameDayId,
    runId: run.id,
    kind: "run.stopped",
    actor: { id: principal.userId, name: principal.name },
    body: `${principal.name} stopped ${scenarioTitle(run.scenarioId)}: ${reason}`,
    data: { scenarioId: run.scenarioId, reason },
  });

  const handle = runHandleOf(run);
  if (handle) {
    await lab.stop(handle, reason);
    await applyLabRunStatus(run.id, await lab.status(handle));
  } else {
    await applyLabRunStatus(run.id, {
      externalId: "none",
      phase: "ended",
      outcome: "cancelled",
      reason: `stopped before the lab accepted it: ${reason}`,
      injectedAt: null,
      revertedAt: null,
      leaseExpiresAt: new Date().toISOString(),
      actions: [],
    });
  }
  return runViewOf(run.id);
}
