import type { Run } from "@/lib/generated/prisma/client";
import { RunViewSchema, type RunView } from "./schemas";

const iso = (date: Date | null) => date?.toISOString() ?? null;

/** A run as facilitators, observers and sighted trainees see it. */
export function toRunView(run: Run, scenarioTitle: string): RunView {
  return RunViewSchema.parse({
    id: run.id,
    gameDayId: run.gameDayId,
    scenarioId: run.scenarioId,
    label: scenarioTitle,
    params: run.params,
    durationSeconds: run.durationSeconds,
    labKind: run.labKind,
    externalId: run.externalId,
    status: run.status,
    outcome: run.outcome,
    statusReason: run.statusReason,
    launchedById: run.launchedById,
    stoppedById: run.stoppedById,
    stopReason: run.stopReason,
    createdAt: run.createdAt.toISOString(),
    startedAt: iso(run.startedAt),
    injectedAt: iso(run.injectedAt),
    revertedAt: iso(run.revertedAt),
    endedAt: iso(run.endedAt),
    leaseExpiresAt: iso(run.leaseExpiresAt),
    recoveredAt: iso(run.recoveredAt),
  });
}
