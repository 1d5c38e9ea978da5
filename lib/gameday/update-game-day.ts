import "server-only";
import { ApiError } from "@/lib/api/errors";
import type { Principal } from "@/lib/auth/principal";
import { db } from "@/lib/db/client";
import { requireGameDayAccess } from "./access";
import { getGameDay } from "./get-game-day";
import type { GameDayView, UpdateGameDayInput } from "./schemas";

export async function updateGameDay(principal: Principal, gameDayId: string, input: UpdateGameDayInput): Promise<GameDayView> {
  const { gameDay } = await requireGameDayAccess(principal, gameDayId, "manage");
  if (gameDay.status === "ended" || gameDay.status === "cancelled") throw new ApiError("conflict", `This game day has ${gameDay.status}; it can no longer change.`);
  if (input.blindMode !== undefined && gameDay.status === "running" && input.blindMode !== gameDay.blindMode) {
    throw new ApiError("conflict", "Blind mode cannot change while the game day runs: trainees would see (or lose) what they were not meant to.");
  }
  if (input.labPace !== undefined && input.labPace !== gameDay.labPace && gameDay.status !== "draft" && gameDay.status !== "scheduled") {
    throw new ApiError("conflict", "The lab pace cannot change once the game day has started: the scoring targets and the report are judged at the pace it started with.");
  }
  const scheduledFor = input.scheduledFor === undefined ? undefined : input.scheduledFor === null ? null : new Date(input.scheduledFor);
  await db().gameDay.update({
    where: { id: gameDayId },
    data: {
      title: input.title,
      description: input.description,
      blindMode: input.blindMode,
      labPace: input.labPace,
      shareTeamLogs: input.shareTeamLogs,
      scheduledFor,
      ...(gameDay.status === "draft" && scheduledFor ? { status: "scheduled" } : {}),
      ...(gameDay.status === "scheduled" && scheduledFor === null ? { status: "draft" } : {}),
    },
  });
  return getGameDay(principal, gameDayId);
}
