import "server-only";
import type { Principal } from "@/lib/auth/principal";
import { db } from "@/lib/db/client";
import { requireGameDayAccess } from "@/lib/gameday/access";
import { getScenario } from "@/lib/scenarios";
import { computeRunScores } from "./compute-run-scores";
import { revealedRun } from "./get-run-score";
import { capabilityHistory, type HistoryRun } from "./history";
import { GameDayScoresSchema, type GameDayScores } from "./schemas";
import { toTeamScoreView } from "./score-view";

/**
 * Every run of a game day, teams side by side: the total that counts, final ratings, the
 * mitigation verdict and how many flags. Facilitators get it fresh (recomputed); trainees and
 * observers only after the reveal, trainees only their own team unless logs are shared.
 */
export async function listGameDayScores(principal: Principal, gameDayId: string): Promise<GameDayScores> {
  const { gameDay, canManage, participant, role } = await requireGameDayAccess(principal, gameDayId, "view");
  const revealed = gameDay.scoresRevealedAt !== null;
  const base = { gameDayId, revealed, revealedAt: gameDay.scoresRevealedAt?.toISOString() ?? null };
  if (!canManage && !revealed) return GameDayScoresSchema.parse({ ...base, teams: [], runs: [], capabilities: [] });

  const injected = await db().run.findMany({ where: { gameDayId, injectedAt: { not: null } }, orderBy: { injectedAt: "asc" } });
  const runs = canManage ? injected : injected.filter((run) => revealedRun(run, gameDay.scoresRevealedAt));
  if (canManage) for (const run of runs) await computeRunScores(run.id);
  const ownTeamOnly = role === "trainee" && !gameDay.shareTeamLogs;
  const teams = await db().team.findMany({ where: { gameDayId, ...(ownTeamOnly ? { id: participant?.teamId ?? "none" } : {}) }, orderBy: { name: "asc" } });
  const scores = await db().score.findMany({ where: { runId: { in: runs.map((run) => run.id) }, teamId: { in: teams.map((team) => team.id) } } });
  const views = new Map(scores.map((score) => [`${score.runId}/${score.teamId}`, toTeamScoreView(score, teams.find((team) => team.id === score.teamId) ?? { id: score.teamId, name: "" })]));

  const history = new Map<string, HistoryRun[]>(teams.map((team) => [team.id, []]));
  const rows = runs.map((run) => {
    const faultStart = run.injectedAt?.toISOString() ?? null;
    return {
      runId: run.id,
      scenarioId: run.scenarioId,
      scenarioTitle: getScenario(run.scenarioId)?.title ?? run.scenarioId,
      faultStart,
      teams: teams.flatMap((team) => {
        const view = views.get(`${run.id}/${team.id}`);
        if (!view) return [];
        const ratings = Object.fromEntries(view.ratings.map((rating) => [rating.capability, rating.final]));
        history.get(team.id)?.push({
          runId: run.id,
          gameDayId,
          gameDayTitle: gameDay.title,
          scenarioId: run.scenarioId,
          at: faultStart ?? run.createdAt.toISOString(),
          ratings,
          timings: { detect: null, diagnose: null, mitigate: null, firstUpdate: null },
        });
        return [{ teamId: team.id, total: view.total, overridden: view.totalOverride !== null, ratings, mitigation: view.measures.mitigation, flags: view.measures.flags.length }];
      }),
    };
  });
  return GameDayScoresSchema.parse({
    ...base,
    teams: teams.map((team) => ({ id: team.id, name: team.name })),
    runs: rows,
    capabilities: teams.map((team) => ({ teamId: team.id, capabilities: capabilityHistory(history.get(team.id) ?? []) })),
  });
}
