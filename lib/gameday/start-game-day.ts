import "server-only";
import { ApiError } from "@/lib/api/errors";
import type { Principal } from "@/lib/auth/principal";
import { db } from "@/lib/db/client";
import { getLab } from "@/lib/lab";
import type { Lab, LabPace } from "@/lib/lab/types";
import { appendTimelineEvent } from "@/lib/timeline/append-event";
import { requireGameDayAccess } from "./access";

/**
 * Opens a planned game day: faults may be launched from now on. A local game day also sets
 * the local lab's pace; the lab failing to answer does not hold the start up (its own
 * default pace applies), it is logged for the operator.
 */
export async function startGameDay(principal: Principal, gameDayId: string, lab?: Lab): Promise<void> {
  const { gameDay } = await requireGameDayAccess(principal, gameDayId, "manage");
  if (gameDay.status === "running") return;
  if (gameDay.status !== "draft" && gameDay.status !== "scheduled") throw new ApiError("conflict", `A game day that has ${gameDay.status} cannot start again.`);
  const startedAt = new Date();
  const started = await db().$transaction(async (tx) => {
    const { count } = await tx.gameDay.updateMany({ where: { id: gameDayId, status: { in: ["draft", "scheduled"] } }, data: { status: "running", startedAt } });
    if (count === 0) return false;
    await appendTimelineEvent(
      { gameDayId, kind: "gameday.started", data: {}, actor: { id: principal.userId, name: principal.name }, at: startedAt, body: `Game day started by ${principal.name}` },
      tx,
    );
    return true;
  });
  if (started && gameDay.environment === "local") await setLabPace(lab, gameDayId, gameDay.labPace);
}

async function setLabPace(given: Lab | undefined, gameDayId: string, labPace: LabPace): Promise<void> {
  try {
    const lab = given ?? getLab();
    if (lab.kind !== "local" || !lab.setPace) return;
    await lab.setPace(labPace);
  } catch (error) {
    console.warn(JSON.stringify({ level: "warn", msg: "the local lab did not take the game day's pace; its default pace applies", gameDayId, labPace, error: error instanceof Error ? error.message : String(error) }));
  }
}
