/**
 * Reading the append-only timeline: which entries a later correction supersedes, and the
 * filters of the timeline panel. (Which kinds a viewer may write comes from the server.)
 */
import { ENTRY_KINDS, TIMELINE_KINDS, TIMELINE_KIND_NAMES, type TimelineKind } from "@/lib/timeline/kinds";
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

const WRITTEN_KINDS: ReadonlySet<string> = new Set(ENTRY_KINDS);

/**
 * A person may correct only entries they wrote themselves (the server says the same). Their
 * launches, halts and remediations are acts, not statements: those are not corrected.
 */
export function canCorrect(event: TimelineEventView, viewerUserId: string): boolean {
  return event.source === "user" && event.actorId === viewerUserId && WRITTEN_KINDS.has(event.kind);
}

export type TimelineFilter = "all" | "people" | "system" | "faults";

/** The faults and what they did to steady state: every kind blind mode withholds, and the steady-state verdicts. */
const FAULT_KINDS: ReadonlySet<TimelineKind> = new Set(
  TIMELINE_KIND_NAMES.filter((name) => TIMELINE_KINDS[name].blind !== "show" || name === "steady-state.lost" || name === "steady-state.regained"),
);

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
