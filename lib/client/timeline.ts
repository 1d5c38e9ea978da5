/**
 * Reading the append-only timeline: which entries a later correction supersedes, which
 * kinds a viewer may write, and the filters of the timeline panel.
 */
import { USER_KINDS, USER_KINDS_BY_ROLE, type TimelineKind, type UserKind } from "@/lib/timeline/kinds";
import type { TimelineEventView } from "@/lib/timeline/schemas";
import { compareTimelineIds } from "./live-state";

/**
 * Display order, newest on top. The record's order is the id (commit) order, but a lab event
 * is committed a moment after the instant it reports, so ids and instants can disagree by a
 * second or two; people read instants, so the display sorts by instant, then id.
 */
export function newestFirst(events: readonly TimelineEventView[]): TimelineEventView[] {
  return [...events].sort((a, b) => b.at.localeCompare(a.at) || compareTimelineIds(b.id, a.id));
}

/** Entry id → id of the newest entry that corrects it. */
export function supersededBy(events: readonly TimelineEventView[]): Map<string, string> {
  const map = new Map<string, string>();
  // Events are in id order, so a later correction overwrites an earlier one.
  for (const event of events) if (event.correctsId) map.set(event.correctsId, event.id);
  return map;
}

const NO_KINDS: readonly UserKind[] = [];

/** The kinds a viewer may write (none for observers), as the server enforces them; the same array each call. */
export function writableKinds(viewer: { role: string; canManage: boolean }): readonly UserKind[] {
  if (viewer.canManage) return USER_KINDS_BY_ROLE.facilitator;
  if (viewer.role === "trainee") return USER_KINDS_BY_ROLE.trainee;
  return NO_KINDS;
}

const WRITTEN_KINDS: ReadonlySet<string> = new Set(USER_KINDS);

/**
 * A person may correct only entries they wrote themselves (the server says the same). Their
 * launches, halts and remediations are acts, not statements: those are not corrected.
 */
export function canCorrect(event: TimelineEventView, viewerUserId: string): boolean {
  return event.source === "user" && event.actorId === viewerUserId && WRITTEN_KINDS.has(event.kind);
}

export type TimelineFilter = "all" | "people" | "system" | "faults";

const FAULT_KINDS: ReadonlySet<TimelineKind> = new Set<TimelineKind>([
  "run.launched",
  "run.phase",
  "fault.injected",
  "fault.reverted",
  "run.stopped",
  "halt.engaged",
  "halt.lifted",
  "steady-state.lost",
  "steady-state.regained",
]);

export function matchesFilter(event: TimelineEventView, filter: TimelineFilter): boolean {
  switch (filter) {
    case "all":
      return true;
    case "people":
      return event.source === "user" && !FAULT_KINDS.has(event.kind);
    case "system":
      return event.source === "system";
    case "faults":
      return FAULT_KINDS.has(event.kind);
  }
}

/** A tone for the kind badge. */
export function kindTone(kind: TimelineKind): "bad" | "warn" | "ok" | "info" | "" {
  switch (kind) {
    case "fault.injected":
    case "halt.engaged":
    case "steady-state.lost":
    case "task.stopped":
    case "lab.unreachable":
      return "bad";
    case "run.launched":
    case "alarm":
    case "run.stopped":
    case "detected":
      return "warn";
    case "fault.reverted":
    case "steady-state.regained":
    case "halt.lifted":
    case "lab.reachable":
    case "remediation":
      return "ok";
    case "note":
    case "observation":
    case "hypothesis":
    case "root-cause":
    case "action":
    case "status-update":
      return "info";
    default:
      return "";
  }
}
