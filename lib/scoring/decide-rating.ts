import "server-only";
import { ApiError } from "@/lib/api/errors";
import type { Principal } from "@/lib/auth/principal";
import { db } from "@/lib/db/client";
import type { Run, Score, Team } from "@/lib/generated/prisma/client";
import { requireGameDayAccess } from "@/lib/gameday/access";
import { computeRunScores } from "./compute-run-scores";
import { PartsSchema, RatingOverridesSchema } from "./model";
import { decide } from "./ratings";
import type { DecideRatingInput, TeamScoreView } from "./schemas";
import { toTeamScoreView } from "./score-view";
import type { Rating } from "./vocabulary";

/** The run and the team's freshly computed score, for a facilitator of the run's game day. */
export async function scoreToDecide(principal: Principal, runId: string, teamId: string): Promise<{ run: Run; team: Team; score: Score }> {
  const run = await db().run.findUnique({ where: { id: runId } });
  if (!run) throw new ApiError("not_found", "No run with that id is visible to you.");
  await requireGameDayAccess(principal, run.gameDayId, "manage");
  const team = await db().team.findFirst({ where: { id: teamId, gameDayId: run.gameDayId } });
  if (!team) throw new ApiError("unprocessable", "teamId does not name a team of this game day.");
  const computed = await computeRunScores(run.id);
  if (computed && !computed.result.scorable) throw new ApiError("conflict", computed.result.reason);
  const score = computed?.scores.find((candidate) => candidate.teamId === teamId);
  if (!score) throw new ApiError("conflict", "This run has no score for that team yet.");
  return { run, team, score };
}

export interface RatingDecision {
  score: TeamScoreView;
  /** What the tool proposed when the facilitator decided, for the audit row. */
  proposed: Rating | null;
}

/**
 * The facilitator confirms (same rating as proposed) or overrides one capability's rating,
 * with a reason. Decisions are stored apart from the proposals, so they survive every
 * recomputation; the audit row (written by the route) carries the reason.
 */
export async function decideRating(principal: Principal, runId: string, input: DecideRatingInput, now = new Date()): Promise<RatingDecision> {
  const { team, score } = await scoreToDecide(principal, runId, input.teamId);
  const parts = PartsSchema.parse(score.parts);
  const proposed = parts[input.capability].rating;
  if (proposed === null) throw new ApiError("conflict", `${input.capability} does not apply to this run (${parts[input.capability].reasons[0] ?? "nothing to judge"}).`);
  // Two facilitators deciding on two capabilities at once must both be kept: the row is locked while its decisions are merged.
  const updated = await db().$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Score" WHERE id = ${score.id} FOR UPDATE`;
    const current = await tx.score.findUniqueOrThrow({ where: { id: score.id } });
    const overrides = decide(RatingOverridesSchema.parse(current.ratingOverrides ?? {}), input.capability, {
      rating: input.rating,
      proposed,
      reason: input.reason,
      byId: principal.userId,
      at: now.toISOString(),
    });
    return tx.score.update({ where: { id: score.id }, data: { ratingOverrides: overrides } });
  });
  return { score: toTeamScoreView(updated, team), proposed };
}
