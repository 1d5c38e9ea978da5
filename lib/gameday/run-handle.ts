import type { Run } from "@/lib/generated/prisma/client";
import type { RunHandle } from "@/lib/lab/types";

/** The lab's handle of a run the lab has accepted (null before that). */
export function runHandleOf(run: Run): RunHandle | null {
  if (!run.externalId || !run.startedAt || !run.leaseExpiresAt) return null;
  return {
    runId: run.id,
    kind: run.labKind,
    externalId: run.externalId,
    startedAt: run.startedAt.toISOString(),
    leaseExpiresAt: run.leaseExpiresAt.toISOString(),
  };
}
