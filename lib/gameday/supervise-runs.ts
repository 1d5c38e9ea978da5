import "server-only";
import { db } from "@/lib/db/client";
import type { Run } from "@/lib/generated/prisma/client";
import { isLabError } from "@/lib/lab/errors";
import type { Lab } from "@/lib/lab/types";
import { applyLabRunStatus } from "./apply-run-status";
import { runHandleOf } from "./run-handle";

/** A launch that never got an answer from the lab is given up after this long. */
const ORPHANED_LAUNCH_MS = 60_000;
/** The lab enforces leases itself; the console stops a run this long past its lease as a backstop. */
const LEASE_BACKSTOP_MS = 30_000;
/**
 * A run whose lab cannot be reached this long past its lease is ended as lost: the lab's own
 * lease reverted its fault (local daemon, FIS duration), and a run must never stay live forever.
 */
export const UNREACHABLE_GIVE_UP_MS = 5 * 60_000;

/**
 * Keeps a game day's live runs in step with the lab: records phases and ground-truth
 * instants, gives up launches the lab never accepted, and stops runs past their lease if the
 * lab has not. Returns the runs that changed.
 */
export async function superviseRuns(gameDayId: string, lab: Lab, now = new Date()): Promise<Run[]> {
  const live = await db().run.findMany({ where: { gameDayId, status: { not: "ended" } }, orderBy: { createdAt: "asc" } });
  const changed: Run[] = [];
  for (const run of live) {
    const handle = runHandleOf(run);
    if (!handle) {
      if (now.getTime() - run.createdAt.getTime() > ORPHANED_LAUNCH_MS) {
        const ended = await applyLabRunStatus(run.id, {
          externalId: run.externalId ?? "none",
          phase: "ended",
          outcome: "failed",
          reason: "the lab never accepted the launch",
          injectedAt: null,
          revertedAt: null,
          leaseExpiresAt: now.toISOString(),
          actions: [],
        });
        if (ended) changed.push(ended);
      }
      continue;
    }
    try {
      const report = await lab.status(handle);
      const updated = await applyLabRunStatus(run.id, report);
      if (updated) changed.push(updated);
      if (report.phase !== "ended" && now.getTime() > Date.parse(handle.leaseExpiresAt) + LEASE_BACKSTOP_MS) {
        await lab.stop(handle, "lease expired (console backstop)");
      }
    } catch (error) {
      if (isLabError(error) && error.code === "not-found") {
        const ended = await applyLabRunStatus(run.id, {
          externalId: handle.externalId,
          phase: "ended",
          outcome: "failed",
          reason: "the lab no longer knows this run (it restarted and reverted it)",
          injectedAt: null,
          revertedAt: now.toISOString(),
          leaseExpiresAt: handle.leaseExpiresAt,
          actions: [],
        });
        if (ended) changed.push(ended);
      } else if (!isLabError(error)) {
        throw error;
      } else if (now.getTime() > Date.parse(handle.leaseExpiresAt) + UNREACHABLE_GIVE_UP_MS) {
        const ended = await applyLabRunStatus(run.id, {
          externalId: handle.externalId,
          phase: "ended",
          outcome: "failed",
          reason: `the lab could not be reached for ${UNREACHABLE_GIVE_UP_MS / 60_000} minutes past the lease (${error.message}); its own lease reverted the fault at ${handle.leaseExpiresAt}`,
          injectedAt: null,
          revertedAt: null,
          leaseExpiresAt: handle.leaseExpiresAt,
          actions: [],
        });
        if (ended) changed.push(ended);
      }
      // Until then an unreachable lab is reported by the live pipeline; the lab's own leases keep faults bounded.
    }
  }
  return changed;
}
