/**
 * The run lifecycle. A run is created `pending`, handed to the lab (`initiating`), the fault
 * takes effect (`injecting` → `active`), is reverted (`reverting`) and `ended` with an
 * outcome. Every transition the console records goes through `transitionRun`, which refuses
 * the illegal ones, so a late or out-of-order lab report can never move a run backwards.
 */
import { RunStatusSchema, type RunOutcome, type RunStatus } from "./vocabulary";

export { RunStatusSchema, type RunOutcome, type RunStatus };

const NEXT: Record<RunStatus, readonly RunStatus[]> = {
  pending: ["initiating", "ended"],
  initiating: ["injecting", "active", "reverting", "ended"],
  injecting: ["active", "reverting", "ended"],
  active: ["reverting", "ended"],
  reverting: ["ended"],
  ended: [],
};

export function canTransition(from: RunStatus, to: RunStatus): boolean {
  return NEXT[from].includes(to);
}

export function isLive(status: RunStatus): boolean {
  return status !== "ended";
}

export class IllegalRunTransition extends Error {
  constructor(
    readonly from: RunStatus,
    readonly to: RunStatus,
  ) {
    super(`A run cannot go from ${from} to ${to}.`);
    this.name = "IllegalRunTransition";
  }
}

/** Where a run may go next: the target status, or an error for an illegal move. Ending needs an outcome. */
export function transitionRun(from: RunStatus, to: RunStatus, outcome?: RunOutcome): { status: RunStatus; outcome: RunOutcome | null } {
  if (from === to) return { status: from, outcome: outcome ?? null };
  if (!canTransition(from, to)) throw new IllegalRunTransition(from, to);
  if (to === "ended" && !outcome) throw new Error("An ended run needs an outcome.");
  return { status: to, outcome: to === "ended" ? (outcome ?? null) : null };
}

const ORDER = Object.fromEntries(RunStatusSchema.options.map((status, index) => [status, index])) as Record<RunStatus, number>;

/** The furthest legal status on the way to `reported`: lab reports may skip phases (a short fault). */
export function advanceTowards(current: RunStatus, reported: RunStatus): RunStatus[] {
  if (ORDER[reported] <= ORDER[current]) return [];
  if (canTransition(current, reported)) return [reported];
  const path: RunStatus[] = [];
  let status = current;
  while (status !== reported) {
    const next = NEXT[status].filter((candidate) => ORDER[candidate] <= ORDER[reported]).sort((a, b) => ORDER[b] - ORDER[a])[0];
    if (!next) break;
    path.push(next);
    status = next;
  }
  return path;
}
