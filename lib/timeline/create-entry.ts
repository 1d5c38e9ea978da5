import "server-only";
import { ApiError } from "@/lib/api/errors";
import type { AuditEntry } from "@/lib/audit/record-audit";
import type { Principal } from "@/lib/auth/principal";
import { db } from "@/lib/db/client";
import type { NewTimelineEvent } from "./append-event";
import { entryAccess } from "./entry-access";
import { commitEntry } from "./group-commit";
import { entryKindsFor, TIMELINE_KINDS } from "./kinds";
import type { CreateTimelineEntryInput, TimelineEventView } from "./schemas";
import { toTimelineView } from "./view";

export interface CreatedEntry {
  event: TimelineEventView;
  /** True when the entryKey named an entry already stored: nothing new was written. */
  replayed: boolean;
}

/**
 * A person's entry on the timeline. Trainees record what they detect, think and do;
 * facilitators add notes and status updates. A correction is a new entry pointing at the
 * writer's own earlier entry; nothing is ever edited in place. With an entryKey the write
 * is idempotent: the same key again answers with the entry stored the first time.
 */
export async function createTimelineEntry(
  principal: Principal,
  gameDayId: string,
  input: CreateTimelineEntryInput,
  /** The audit row for the stored entry, committed with it. */
  auditOf?: (stored: { eventId: string; replayed: boolean }) => AuditEntry,
): Promise<CreatedEntry> {
  // Whether the game day has ended is decided at commit, under the timeline's lock.
  const { participant, role } = await entryAccess(principal, gameDayId);
  if (role === "observer") throw new ApiError("forbidden", "Observers can watch but not take part.");
  const allowed = entryKindsFor(role);
  if (!allowed.includes(input.kind)) {
    throw new ApiError("forbidden", `A ${role} cannot write '${input.kind}' entries; allowed: ${allowed.join(", ")}.`);
  }
  if (input.runId) {
    const run = await db().run.findFirst({ where: { id: input.runId, gameDayId } });
    if (!run) throw new ApiError("unprocessable", "runId does not belong to this game day.");
  }
  let correctsId: bigint | null = null;
  if (input.correctsId) {
    const original = await db().timelineEvent.findFirst({ where: { id: BigInt(input.correctsId), gameDayId } });
    if (!original) throw new ApiError("unprocessable", "correctsId does not name an entry of this game day.");
    if (original.source !== "user" || original.actorId !== principal.userId) throw new ApiError("forbidden", "You can only correct your own entries.");
    correctsId = original.id;
  }
  // The kind and its data travel apart in the input; they are checked together before queueing.
  const event = {
    gameDayId,
    kind: input.kind,
    body: input.body,
    data: input.kind === "root-cause" ? { component: input.component, failureMode: input.failureMode } : {},
    runId: input.runId ?? null,
    actor: { id: principal.userId, name: principal.name },
    teamId: participant?.teamId ?? null,
    correctsId,
  } as NewTimelineEvent;
  TIMELINE_KINDS[event.kind].data.parse(event.data);
  const stored = await commitEntry({
    event,
    entryKey: input.entryKey ?? null,
    audit: auditOf && ((committed) => auditOf({ eventId: String(committed.row.id), replayed: committed.replayed })),
  });
  return { event: toTimelineView(stored.row), replayed: stored.replayed };
}
