/**
 * What the run panels and charts derive from a run: where it is in its lifecycle, how long
 * its lease has left, and the window during which its fault was really in effect.
 */
import type { RunView } from "@/lib/gameday/schemas";
import { RUN_PHASES } from "@/lib/gameday/vocabulary";

export { RUN_PHASES };

export function isLiveRun(run: Pick<RunView, "status">): boolean {
  return run.status !== "ended";
}

/** -1 while pending, then the index in RUN_PHASES. */
export function phaseIndex(status: RunView["status"]): number {
  return status === "pending" ? -1 : RUN_PHASES.indexOf(status);
}

/**
 * Milliseconds left on the fault's lease, by the server's clock (`nowMs` already corrected
 * for skew); null when there is no lease yet or the run has ended. Never negative: past the
 * lease the lab is reverting and the countdown shows zero.
 */
export function leaseRemainingMs(run: Pick<RunView, "status" | "leaseExpiresAt">, nowMs: number): number | null {
  if (!isLiveRun(run) || !run.leaseExpiresAt) return null;
  return Math.max(0, Date.parse(run.leaseExpiresAt) - nowMs);
}

/** Share of the lease used, 0..1, for a progress bar; null without a lease. */
export function leaseProgress(run: Pick<RunView, "status" | "startedAt" | "leaseExpiresAt" | "durationSeconds">, nowMs: number): number | null {
  if (!isLiveRun(run) || !run.leaseExpiresAt) return null;
  const end = Date.parse(run.leaseExpiresAt);
  const start = run.startedAt ? Date.parse(run.startedAt) : end - run.durationSeconds * 1000;
  if (end <= start) return 1;
  return Math.min(1, Math.max(0, (nowMs - start) / (end - start)));
}

/** A span during which a fault was in effect, for shading charts. */
export interface FaultWindow {
  runId: string;
  /** Empty when the viewer must not learn the scenario. */
  label: string;
  fromMs: number;
  toMs: number;
  /** Still in effect: `toMs` is "now". */
  open: boolean;
}

/**
 * Ground truth only: from the lab's injection instant to its revert instant (or now while
 * the fault is still in effect). A run that never injected has no window.
 */
export function faultWindows(runs: readonly RunView[], nowMs: number, options: { named: boolean }): FaultWindow[] {
  const windows: FaultWindow[] = [];
  for (const run of runs) {
    if (!run.injectedAt) continue;
    const fromMs = Date.parse(run.injectedAt);
    const reverted = run.revertedAt ?? (run.status === "ended" ? run.endedAt : null);
    const toMs = reverted ? Date.parse(reverted) : Math.max(nowMs, fromMs);
    windows.push({ runId: run.id, label: options.named ? run.label : "", fromMs, toMs, open: !reverted });
  }
  return windows;
}

/** A one-line reading of a run's parameters: `service=api · percent=50`. */
export function describeParams(params: Record<string, unknown> | null): string {
  if (!params) return "";
  return Object.entries(params)
    .map(([key, value]) => `${key}=${typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? String(value) : JSON.stringify(value)}`)
    .join(" · ");
}
