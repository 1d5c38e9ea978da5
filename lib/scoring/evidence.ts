/**
 * From the raw timeline to the evidence one run's scoring reads: corrections applied, only
 * people's evidence kinds, only what belongs to this run. Pure.
 */
import { TIMELINE_KINDS } from "@/lib/timeline/kinds";
import type { TimelineEventView } from "@/lib/timeline/schemas";

/** An entry as scoring reads it: its newest version, with the instant that version counts from. */
export type Evidence = TimelineEventView & { atMs: number };

function sameClaim(a: TimelineEventView, b: TimelineEventView): boolean {
  return a.kind === b.kind && JSON.stringify(a.data) === JSON.stringify(b.data);
}

/**
 * Applies corrections: an entry that a later one corrects is replaced by the newest version of
 * its chain. A correction that only rewords keeps the original's instant (the team did detect
 * at that moment); one that changes the claim (another kind, another component) counts from
 * the correction's own instant, because that is when the team said it.
 */
export function currentVersions(events: readonly TimelineEventView[]): Evidence[] {
  const byId = new Map(events.map((event) => [event.id, event]));
  const correctedBy = new Map<string, TimelineEventView>();
  for (const event of events) {
    if (!event.correctsId) continue;
    const previous = correctedBy.get(event.correctsId);
    if (!previous || BigInt(event.id) > BigInt(previous.id)) correctedBy.set(event.correctsId, event);
  }
  const result: Evidence[] = [];
  for (const event of events) {
    if (event.correctsId && byId.has(event.correctsId)) continue; // reached through its original
    let version = event;
    let atMs = Date.parse(event.at);
    for (let next = correctedBy.get(version.id); next; next = correctedBy.get(next.id)) {
      if (!sameClaim(version, next)) atMs = Date.parse(next.at);
      version = next;
    }
    result.push({ ...version, atMs });
  }
  return result.sort((a, b) => a.atMs - b.atMs || Number(BigInt(a.id) - BigInt(b.id)));
}

export interface RunWindow {
  runId: string;
  /** Entries without a run count for this run from here (the fault start)… */
  fromMs: number;
  /** …until here (the next run's fault start, or a margin after this run ended). */
  toMs: number;
}

/** The people's evidence about one run: entries tied to it, and untied ones written inside its window. */
export function evidenceOfRun(events: readonly TimelineEventView[], window: RunWindow): Evidence[] {
  return currentVersions(events).filter((event) => {
    if (event.source !== "user" || !TIMELINE_KINDS[event.kind].evidence) return false;
    if (event.runId) return event.runId === window.runId;
    return event.atMs >= window.fromMs && event.atMs <= window.toMs;
  });
}
