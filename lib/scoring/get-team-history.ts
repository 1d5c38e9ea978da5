import "server-only";
import { ApiError } from "@/lib/api/errors";
import type { Principal } from "@/lib/auth/principal";
import { db } from "@/lib/db/client";
import { requireGameDayAccess } from "@/lib/gameday/access";
import { capabilityHistory, timingHistory, type HistoryRun } from "./history";
import { TeamHistorySchema, type TeamHistory } from "./schemas";
import { toTeamScoreView } from "./score-view";

/**
 * A team's record across game days. Teams are created per game day, so the same team is the
 * team of the same name (case-insensitive) in every game day the caller manages (admins: all).
 * Ratings are the final ones (the facilitator's decisions over the proposals).
 */
export async function getTeamHistory(principal: Principal, teamId: string): Promise<TeamHistory> {
  const team = await db().team.findUnique({ where: { id: teamId } });
  if (!team) throw new ApiError("not_found", "No team with that id is visible to you.");
  await requireGameDayAccess(principal, team.gameDayId, "manage");
  const managed =
    principal.role === "admin"
      ? {}
      : { gameDay: { participants: { some: { userId: principal.userId, role: "facilitator" as const } } } };
  const teams = await db().team.findMany({
    where: { name: { equals: team.name, mode: "insensitive" }, ...managed },
    include: { gameDay: true },
    orderBy: { gameDay: { createdAt: "asc" } },
  });
  const scores = await db().score.findMany({ where: { teamId: { in: teams.map((candidate) => candidate.id) }, run: { injectedAt: { not: null } } }, include: { run: true } });
  const runs: HistoryRun[] = scores.map((score) => {
    const owner = teams.find((candidate) => candidate.id === score.teamId);
    const view = toTeamScoreView(score, { id: score.teamId, name: owner?.name ?? team.name });
    const { measures } = view;
    return {
      runId: score.runId,
      gameDayId: score.run.gameDayId,
      gameDayTitle: owner?.gameDay.title ?? "",
      scenarioId: score.run.scenarioId,
      at: (score.run.injectedAt ?? score.run.createdAt).toISOString(),
      ratings: Object.fromEntries(view.ratings.map((rating) => [rating.capability, rating.final])),
      timings: {
        detect: measures.timeToDetect?.seconds ?? null,
        diagnose: measures.timeToDiagnose?.seconds ?? null,
        mitigate: measures.timeToMitigate?.seconds ?? null,
        firstUpdate: measures.timeToFirstStatusUpdate?.seconds ?? null,
      },
    };
  });
  return TeamHistorySchema.parse({
    team: { id: team.id, name: team.name },
    gameDays: teams.map((candidate) => ({ id: candidate.gameDayId, title: candidate.gameDay.title, teamId: candidate.id })),
    runs: runs.length,
    capabilities: capabilityHistory(runs),
    timings: timingHistory(runs),
  });
}
