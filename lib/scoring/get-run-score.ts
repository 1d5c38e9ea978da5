import "server-only";
import { ApiError } from "@/lib/api/errors";
import type { Principal } from "@/lib/auth/principal";
import { db } from "@/lib/db/client";
import type { Run } from "@/lib/generated/prisma/client";
import { requireGameDayAccess } from "@/lib/gameday/access";
import { getScenario } from "@/lib/scenarios";
import { computeRunScores } from "./compute-run-scores";
import { GroundTruthSchema, StoredMeasuresSchema } from "./model";
import { DEFINITIONS, RunScoreViewSchema, type RunScoreView, type TeamScoreView } from "./schemas";
import { toTeamScoreView } from "./score-view";

const HIDDEN = "The facilitator has not revealed the scores yet.";

/**
 * The reveal covers the runs that had ended by then: a run launched later (possibly still live,
 * possibly in blind mode) stays hidden from trainees and observers. Reveal once, at the debrief.
 */
export function revealedRun(run: Pick<Run, "status" | "injectedAt" | "endedAt">, revealedAt: Date | null): boolean {
  return revealedAt !== null && run.status === "ended" && run.injectedAt !== null && run.endedAt !== null && run.endedAt.getTime() <= revealedAt.getTime();
}

/** The entries the shown scores rest on (only those: a trainee sees no other team's words). */
async function entriesOf(gameDayId: string, teams: readonly TeamScoreView[]): Promise<RunScoreView["entries"]> {
  const ids = [...new Set(teams.flatMap((team) => team.parts.flatMap((part) => part.evidence.flatMap((ref) => (ref.id ? [ref.id] : [])))))];
  if (ids.length === 0) return {};
  const rows = await db().timelineEvent.findMany({ where: { gameDayId, id: { in: ids.map((id) => BigInt(id)) } } });
  return Object.fromEntries(rows.map((row) => [row.id.toString(), { at: row.at.toISOString(), kind: row.kind, actorName: row.actorName, body: row.body }]));
}

/**
 * One run's scores. Facilitators get every team, recomputed from the evidence as it stands
 * (late entries and corrections count; their decisions stay). Everyone else sees nothing
 * until the facilitator reveals the game day's scores; then a trainee sees their own team
 * (every team when the game day shares team logs) and an observer every team.
 */
export async function getRunScore(principal: Principal, runId: string): Promise<RunScoreView> {
  const run = await db().run.findUnique({ where: { id: runId } });
  if (!run) throw new ApiError("not_found", "No run with that id is visible to you.");
  const { gameDay, canManage, participant, role, blind } = await requireGameDayAccess(principal, run.gameDayId, "view");
  const revealed = revealedRun(run, gameDay.scoresRevealedAt);
  // A blind trainee may not learn that a run exists (or when it ran) before its scores are revealed.
  if (blind && !revealed) throw new ApiError("not_found", "No run with that id is visible to you.");
  const scenarioTitle = getScenario(run.scenarioId)?.title ?? run.scenarioId;
  const base = { runId: run.id, gameDayId: run.gameDayId, scenarioId: run.scenarioId, scenarioTitle, revealed, definitions: DEFINITIONS };

  if (!canManage && !revealed) return RunScoreViewSchema.parse({ ...base, groundTruth: null, reason: HIDDEN, teams: [], entries: {} });

  let reason: string | null = null;
  // After the reveal everyone reads fresh scores (a facilitator's late correction counts); evidence written after it does not.
  if (canManage || revealed) {
    const computed = await computeRunScores(run.id);
    if (computed && !computed.result.scorable) reason = computed.result.reason;
  }
  const ownTeamOnly = role === "trainee" && !gameDay.shareTeamLogs;
  const scores = await db().score.findMany({
    where: { runId: run.id, ...(ownTeamOnly ? { teamId: participant?.teamId ?? "none" } : {}) },
    include: { team: true },
    orderBy: { team: { name: "asc" } },
  });
  const first = scores[0];
  const groundTruth = first ? GroundTruthSchema.parse(StoredMeasuresSchema.parse(first.measures).groundTruth) : null;
  if (!first && reason === null) reason = canManage ? "No team to score." : "No score for your team on this run.";
  const teams = scores.map((score) => toTeamScoreView(score, score.team));
  return RunScoreViewSchema.parse({ ...base, groundTruth, reason, teams, entries: await entriesOf(run.gameDayId, teams) });
}
