import "server-only";
import type { Principal } from "@/lib/auth/principal";
import { db } from "@/lib/db/client";
import { scoreToDecide } from "./decide-rating";
import type { OverrideTotalInput, TeamScoreView } from "./schemas";
import { toTeamScoreView } from "./score-view";

/** The facilitator sets (or with null clears) a team's total on a run, with a reason. */
export async function overrideTotal(principal: Principal, runId: string, input: OverrideTotalInput, now = new Date()): Promise<{ score: TeamScoreView; computedTotal: number }> {
  const { team, score } = await scoreToDecide(principal, runId, input.teamId);
  const updated = await db().score.update({
    where: { id: score.id },
    // Clearing keeps who cleared it and why; the computed total counts again.
    data: { overrideTotal: input.total, overrideReason: input.reason, overriddenById: principal.userId, overriddenAt: now },
  });
  return { score: toTeamScoreView(updated, team), computedTotal: score.total };
}
