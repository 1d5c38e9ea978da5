import type { Run } from "@/lib/generated/prisma/client";
import { RunViewSchema, type RunView } from "./schemas";

const iso = (date: Date | null) => date?.toISOString() ?? null;

/**
 * A run as a viewer may see it. A blind trainee sees "Scenario N" (N = launch order within
 * the game day) and neither the scenario id nor its parameters.
 */
export function toRunView(run: Run, options: { blind: boolean; ordinal: number; scenarioTitle: string }): RunView {
  return RunViewSchema.parse({
    id: run.id,
    gameDayId: run.gameDayId,
    scenarioId: options.blind ? null : run.scenarioId,
    label: options.blind ? `Scenario ${options.ordinal}` : options.scenarioTitle,
    params: options.blind ? null : run.params,
    durationSeconds: run.durationSeconds,
    labKind: run.labKind,
    externalId: options.blind ? null : run.externalId,
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
