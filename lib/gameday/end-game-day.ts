import "server-only";
import { ApiError } from "@/lib/api/errors";
import type { Principal } from "@/lib/auth/principal";
import { db } from "@/lib/db/client";
import type { Lab } from "@/lib/lab/types";
import { appendTimelineEvent } from "@/lib/timeline/append-event";
import { requireGameDayAccess } from "./access";
import { applyLabRunStatus } from "./apply-run-status";
import { runHandleOf } from "./run-handle";

/** Closes a game day. Any fault still live is stopped first; the timeline closes with it. */
export async function endGameDay(principal: Principal, gameDayId: string, lab: Lab): Promise<void> {
  const { gameDay } = await requireGameDayAccess(principal, gameDayId, "manage");
  if (gameDay.status === "ended") return;
  if (gameDay.status !== "running") throw new ApiError("conflict", `Only a running game day can end; this one is ${gameDay.status}.`);

  const live = await db().run.findMany({ where: { gameDayId, status: { not: "ended" } } });
  for (const run of live) {
    const handle = runHandleOf(run);
    await db().run.update({ where: { id: run.id }, data: { stopReason: "game day ended", stoppedById: principal.userId } });
    if (handle) {
      await lab.stop(handle, "game day ended");
      await applyLabRunStatus(run.id, await lab.status(handle));
    }
  }
  const endedAt = new Date();
  await db().$transaction(async (tx) => {
    await tx.gameDay.update({ where: { id: gameDayId }, data: { status: "ended", endedAt } });
    await appendTimelineEvent(
      { gameDayId, kind: "gameday.ended", data: {}, actor: { id: principal.userId, name: principal.name }, at: endedAt, body: `Game day ended by ${principal.name}` },
      tx,
    );
  });
}
