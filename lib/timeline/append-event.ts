import "server-only";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { TimelineKind } from "./kinds";
import { toTimelineView } from "./view";
import type { TimelineEventView } from "./schemas";

export interface NewTimelineEvent {
  gameDayId: string;
  kind: TimelineKind;
  source: "system" | "user";
  body: string;
  at?: Date;
  runId?: string | null;
  actor?: { id: string; name: string } | null;
  teamId?: string | null;
  data?: Prisma.InputJsonObject;
  correctsId?: bigint | null;
  /** Id of the lab event this entry records; unique per game day. */
  labEventId?: string | null;
}

type Transaction = Prisma.TransactionClient;

/**
 * Appends one event. Appends to one game day are serialised by an advisory lock held until
 * commit, so ids are committed in order and a stream that resumes "after id N" never misses
 * an event that committed late. The row's insert trigger NOTIFYs listeners on commit.
 */
export async function appendTimelineEvent(event: NewTimelineEvent, tx?: Transaction): Promise<TimelineEventView> {
  const write = async (client: Transaction) => {
    await client.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`timeline:${event.gameDayId}`}))`;
    const row = await client.timelineEvent.create({
      data: {
        gameDayId: event.gameDayId,
        kind: event.kind,
        source: event.source,
        body: event.body,
        at: event.at ?? new Date(),
        runId: event.runId ?? null,
        actorId: event.actor?.id ?? null,
        actorName: event.actor?.name ?? null,
        teamId: event.teamId ?? null,
        data: event.data ?? {},
        correctsId: event.correctsId ?? null,
        labEventId: event.labEventId ?? null,
      },
    });
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
