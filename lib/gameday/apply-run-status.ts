import "server-only";
import { db } from "@/lib/db/client";
import type { Prisma, Run } from "@/lib/generated/prisma/client";
import type { RunStatus as LabRunStatus } from "@/lib/lab/types";
import { appendTimelineEvent, type NewTimelineEvent } from "@/lib/timeline/append-event";
import { advanceTowards, transitionRun, type RunStatus } from "./run-state";
import { scenarioTitle } from "./scenario-title";

/**
 * Records what the lab reports about a run: phases advance (never backwards), the real
 * injection and revert instants are kept as ground truth, and each change lands on the
 * timeline. Safe to call repeatedly and from several places: the run row is locked for the
 * duration and an unchanged report writes nothing. Returns the run if it changed.
 */
export async function applyLabRunStatus(runId: string, report: LabRunStatus): Promise<Run | null> {
  return db().$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Run" WHERE id = ${runId} FOR UPDATE`;
    const run = await tx.run.findUniqueOrThrow({ where: { id: runId } });
    const title = scenarioTitle(run.scenarioId);
    const events: NewTimelineEvent[] = [];
    const data: Prisma.RunUpdateInput = {};
    const scenarioData = { scenarioId: run.scenarioId, runId: run.id };

    if (report.injectedAt && !run.injectedAt) {
      data.injectedAt = new Date(report.injectedAt);
      events.push({
        gameDayId: run.gameDayId,
        runId: run.id,
        kind: "fault.injected",
        at: new Date(report.injectedAt),
        body: `${title}: fault injected`,
        data: scenarioData,
      });
    }
    if (report.revertedAt && !run.revertedAt) {
      data.revertedAt = new Date(report.revertedAt);
      events.push({
        gameDayId: run.gameDayId,
        runId: run.id,
        kind: "fault.reverted",
        at: new Date(report.revertedAt),
        body: `${title}: fault reverted`,
        data: scenarioData,
      });
    }

    let status: RunStatus = run.status;
    for (const next of advanceTowards(run.status, report.phase)) {
      const moved = transitionRun(status, next, next === "ended" ? (report.outcome ?? "completed") : undefined);
      status = moved.status;
      const reason = next === "ended" && report.reason ? ` (${report.reason})` : "";
      events.push({
        gameDayId: run.gameDayId,
        runId: run.id,
        kind: "run.phase",
        body: `${title}: ${next}${next === "ended" ? `, ${moved.outcome ?? "completed"}` : ""}${reason}`,
        data: { ...scenarioData, phase: next, outcome: moved.outcome },
      });
      if (next === "ended") {
        data.outcome = moved.outcome;
        data.endedAt = report.revertedAt ? new Date(report.revertedAt) : new Date();
        data.statusReason = report.reason ?? run.statusReason;
      }
    }
    if (status !== run.status) data.status = status;
    if (Object.keys(data).length === 0) return null;

    const updated = await tx.run.update({ where: { id: run.id }, data });
    for (const event of events.sort((a, b) => (a.at?.getTime() ?? Date.now()) - (b.at?.getTime() ?? Date.now()))) {
      await appendTimelineEvent(event, tx);
    }
    return updated;
  });
}
