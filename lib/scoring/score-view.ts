import "server-only";
import type { Score, Team } from "@/lib/generated/prisma/client";
import { PartsSchema, RatingOverridesSchema, StoredMeasuresSchema } from "./model";
import { ratingsOf } from "./ratings";
import { TeamScoreViewSchema, type TeamScoreView } from "./schemas";
import { CAPABILITIES } from "./vocabulary";

/** A stored score as the API shows it: parts in capability order, decisions laid over proposals, the total that counts. */
export function toTeamScoreView(score: Score, team: Pick<Team, "id" | "name">): TeamScoreView {
  const parts = PartsSchema.parse(score.parts);
  const overrides = RatingOverridesSchema.parse(score.ratingOverrides ?? {});
  const measures = StoredMeasuresSchema.parse(score.measures);
  const totalOverride =
    score.overrideTotal === null
      ? null
      : { total: score.overrideTotal, reason: score.overrideReason ?? "", byId: score.overriddenById, at: score.overriddenAt?.toISOString() ?? null };
  return TeamScoreViewSchema.parse({
    teamId: team.id,
    teamName: team.name,
    computedAt: score.computedAt.toISOString(),
    parts: CAPABILITIES.map((capability) => parts[capability]),
    computedTotal: score.total,
    total: totalOverride?.total ?? score.total,
    totalOverride,
    ratings: ratingsOf(parts, overrides),
    measures: measures.team,
  });
}
