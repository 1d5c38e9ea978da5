import "server-only";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { sourceOf, TIMELINE_KINDS, type TimelineDataInput, type TimelineKind } from "./kinds";
import { toTimelineView } from "./view";
import type { TimelineEventView } from "./schemas";

interface NewTimelineEventOf<K extends TimelineKind> {
  gameDayId: string;
  kind: K;
  body: string;
  /** Checked against the kind's schema before anything is written. */
  data: TimelineDataInput<K>;
  at?: Date;
  runId?: string | null;
  actor?: { id: string; name: string } | null;
  teamId?: string | null;
  correctsId?: bigint | null;
  /** Id of the lab event this entry records; unique per game day. */
  labEventId?: string | null;
}

/** An event to append; its data's type follows from its kind. */
export type NewTimelineEvent = { [K in TimelineKind]: NewTimelineEventOf<K> }[TimelineKind];

type Transaction = Prisma.TransactionClient;

/** The row an event is stored as; its data checked against its kind's schema. */
export function timelineRowOf(event: NewTimelineEvent): Prisma.TimelineEventCreateManyInput {
  return {
    gameDayId: event.gameDayId,
    kind: event.kind,
    source: sourceOf(event.kind),
    body: event.body,
    at: event.at ?? new Date(),
    runId: event.runId ?? null,
    actorId: event.actor?.id ?? null,
    actorName: event.actor?.name ?? null,
    teamId: event.teamId ?? null,
    data: TIMELINE_KINDS[event.kind].data.parse(event.data) as Prisma.InputJsonObject,
    correctsId: event.correctsId ?? null,
    labEventId: event.labEventId ?? null,
  };
}

/**
 * Appends one event. Appends to one game day are serialised by an advisory lock held until
 * commit, so ids are committed in order and a stream that resumes "after id N" never misses
 * an event that committed late. The row's insert trigger NOTIFYs listeners on commit.
 */
export async function appendTimelineEvent(event: NewTimelineEvent, tx?: Transaction): Promise<TimelineEventView> {
  const data = timelineRowOf(event);
  const write = async (client: Transaction) => {
    await client.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`timeline:${event.gameDayId}`}))`;
    const row = await client.timelineEvent.create({ data });
    return toTimelineView(row);
  };
  return tx ? write(tx) : db().$transaction(write);
}

export async function appendTimelineEvents(events: NewTimelineEvent[], tx?: Transaction): Promise<TimelineEventView[]> {
  const write = async (client: Transaction) => {
    const views: TimelineEventView[] = [];
    for (const event of events) views.push(await appendTimelineEvent(event, client));
    return views;
  };
  return tx ? write(tx) : db().$transaction(write);
}
