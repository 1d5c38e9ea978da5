import "server-only";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import type { LabEvent, LabEventKind } from "@/lib/lab/types";
import { appendTimelineEvent } from "./append-event";

const TIMELINE_KIND_OF_LAB_EVENT = {
  service: "service-event",
  "task-started": "task.started",
  "task-stopped": "task.stopped",
  deployment: "deployment",
  scaling: "scaling",
  alarm: "alarm",
  host: "host",
  "target-health": "target-health",
  // "fault" events duplicate what the run's phases already record.
  fault: null,
} as const satisfies Record<LabEventKind, string | null>;

/**
 * Puts the lab's events since the game day started on its timeline, each exactly once: the
 * lab event id is unique per game day, so re-reads with overlap and two instances racing
 * write nothing twice. Returns how many were new.
 */
export async function recordLabEvents(gameDayId: string, startedAt: Date, events: readonly LabEvent[]): Promise<number> {
  const relevant = events.filter((event) => Date.parse(event.at) >= startedAt.getTime() && TIMELINE_KIND_OF_LAB_EVENT[event.kind] !== null);
  if (relevant.length === 0) return 0;
  const recorded = await db().timelineEvent.findMany({
    where: { gameDayId, labEventId: { in: relevant.map((event) => event.id) } },
    select: { labEventId: true },
  });
  const seen = new Set(recorded.map((row) => row.labEventId));
  const fresh = relevant.filter((event) => !seen.has(event.id)).sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  let written = 0;
  for (const event of fresh) {
    const kind = TIMELINE_KIND_OF_LAB_EVENT[event.kind];
    if (kind === null) continue;
    try {
      await appendTimelineEvent({
        gameDayId,
        kind,
        at: new Date(event.at),
        body: event.message,
        labEventId: event.id,
        data: { ...event.data, labEventId: event.id, labKind: event.kind, service: event.service },
      });
      written += 1;
    } catch (error) {
      // Another instance recorded it first.
      if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")) throw error;
    }
  }
  return written;
}

/** The lab stopped or started answering during a running game day. */
export async function recordLabReachability(gameDayId: string, labKind: "local" | "aws", reachable: boolean, detail: string): Promise<void> {
  const lab = labKind === "aws" ? "AWS" : "local";
  await appendTimelineEvent({
    gameDayId,
    kind: reachable ? "lab.reachable" : "lab.unreachable",
    body: reachable ? `The ${lab} lab answers again` : `The ${lab} lab cannot be reached: ${detail}`,
    data: { detail },
  });
}
