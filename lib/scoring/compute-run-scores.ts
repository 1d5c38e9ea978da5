import "server-only";
import { db } from "@/lib/db/client";
import type { Prisma, Run, Score } from "@/lib/generated/prisma/client";
import { seriesOfSnapshot } from "@/lib/gameday/snapshot-run-metrics";
import type { Series } from "@/lib/lab/types";
import { getScenario } from "@/lib/scenarios";
import type { TimelineEventView } from "@/lib/timeline/schemas";
import { toTimelineView } from "@/lib/timeline/view";
import { answerKeyOf } from "./keys";
import { proposedRatings } from "./ratings";
import { scoreRun, UNTIED_ENTRY_MARGIN_MS, type ScoreRunResult } from "./score-run";

/** System events before the fault still matter (an alarm already firing); this much is read before injection. */
const LOOKBACK_MS = 5 * 60_000;

export interface ComputedRunScores {
  run: Run;
  result: ScoreRunResult;
  scores: Score[];
}

async function seriesOf(runId: string): Promise<Series[]> {
  return seriesOfSnapshot(await db().metricSnapshot.findFirst({ where: { runId }, orderBy: { capturedAt: "desc" } }));
}

/** Every event of the window that still parses; one malformed row must not stop scoring the rest. */
function viewsOf(rows: Parameters<typeof toTimelineView>[0][]): TimelineEventView[] {
  const views: TimelineEventView[] = [];
  for (const row of rows) {
    try {
      views.push(toTimelineView(row));
    } catch {
      continue;
    }
  }
  return views;
}

/**
 * Recomputes every team's score on one run from the evidence as it stands now: late entries
 * and corrections are picked up, and the facilitator's decisions (ratingOverrides, the total
 * override) are left untouched. Safe to call as often as wanted: the same evidence gives the
 * same score.
 */
export async function computeRunScores(runId: string, now = new Date()): Promise<ComputedRunScores | null> {
  const run = await db().run.findUnique({ where: { id: runId } });
  if (!run) return null;
  const scenario = getScenario(run.scenarioId);
  const answer = answerKeyOf(run.scenarioId);
  if (!scenario || !answer) return { run, result: { scorable: false, reason: `No scoring key for '${run.scenarioId}'.` }, scores: [] };
  if (!run.injectedAt) return { run, result: { scorable: false, reason: "The fault was never injected: there is nothing to score." }, scores: [] };

  const next = await db().run.findFirst({ where: { gameDayId: run.gameDayId, injectedAt: { gt: run.injectedAt } }, orderBy: { injectedAt: "asc" } });
  const ended = (run.endedAt ?? run.revertedAt ?? now).getTime() + UNTIED_ENTRY_MARGIN_MS;
  const untiedUntil = new Date(Math.min(ended, next?.injectedAt?.getTime() ?? Infinity));
  const gameDay = await db().gameDay.findUniqueOrThrow({ where: { id: run.gameDayId }, select: { scoresRevealedAt: true } });
  const [rows, teams, series] = await Promise.all([
    db().timelineEvent.findMany({
      where: { gameDayId: run.gameDayId, OR: [{ runId: run.id }, { at: { gte: new Date(run.injectedAt.getTime() - LOOKBACK_MS), lte: untiedUntil } }] },
      orderBy: { id: "asc" },
    }),
    db().team.findMany({ where: { gameDayId: run.gameDayId }, orderBy: { name: "asc" } }),
    seriesOf(run.id),
  ]);
  const result = scoreRun({
    run,
    scenario: { checks: scenario.recovery.checks, runbook: scenario.runbook, key: scenario.scoring, answer },
    series,
    events: viewsOf(rows),
    teamIds: teams.map((team) => team.id),
    untiedUntil,
    evidenceUntil: gameDay.scoresRevealedAt,
    now,
  });
  if (!result.scorable) return { run, result, scores: [] };

  const scores = await db().$transaction(
    result.teams.map((team) => {
      const computed = {
        parts: team.parts as unknown as Prisma.InputJsonValue,
        total: team.total,
        ratings: proposedRatings(team.parts) as unknown as Prisma.InputJsonValue,
        measures: { groundTruth: result.groundTruth, team: team.measures } as unknown as Prisma.InputJsonValue,
        computedAt: now,
      };
      return db().score.upsert({ where: { runId_teamId: { runId: run.id, teamId: team.teamId } }, create: { runId: run.id, teamId: team.teamId, ...computed }, update: computed });
    }),
  );
  return { run, result, scores };
}
