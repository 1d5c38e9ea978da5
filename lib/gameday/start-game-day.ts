import "server-only";
import { ApiError } from "@/lib/api/errors";
import type { Principal } from "@/lib/auth/principal";
import { db } from "@/lib/db/client";
import { appendTimelineEvent } from "@/lib/timeline/append-event";
import { requireGameDayAccess } from "./access";

/** Opens a planned game day: faults may be launched from now on. */
export async function startGameDay(principal: Principal, gameDayId: string): Promise<void> {
  const { gameDay } = await requireGameDayAccess(principal, gameDayId, "manage");
  if (gameDay.status === "running") return;
  if (gameDay.status !== "draft" && gameDay.status !== "scheduled") throw new ApiError("conflict", `A game day that has ${gameDay.status} cannot start again.`);
  const startedAt = new Date();
  await db().$transaction(async (tx) => {
    const { count } = await tx.gameDay.updateMany({ where: { id: gameDayId, status: { in: ["draft", "scheduled"] } }, data: { status: "running", startedAt } });
    if (count === 0) return;
    await appendTimelineEvent(
      { gameDayId, kind: "gameday.started", data: {}, actor: { id: principal.userId, name: principal.name }, at: startedAt, body: `Game day started by ${principal.name}` },
      tx,
    );
  });
}
