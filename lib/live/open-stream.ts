import "server-only";
import type { Principal } from "@/lib/auth/principal";
import { requireGameDayAccess } from "@/lib/gameday/access";
import { listRunViews } from "@/lib/gameday/list-runs";
import type { TimelineViewer } from "@/lib/timeline/redact";
import { TimelineIdSchema } from "@/lib/timeline/schemas";
import { encodeRetry } from "./encode";
import type { LiveEvent, StreamQuery } from "./events";
import type { GameDayHub, Viewer } from "./hub";
import { forBlindViewer, readGameDayEvent } from "./read-game-day";
import { hubFor } from "./registry";

/** A viewer further behind than this is dropped; its browser reconnects and resumes. */
export const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
/**
 * Streams end after this long and the browser reconnects (resuming by Last-Event-ID), which
 * re-checks the session: a revoked session stops receiving within this bound.
 */
export const MAX_STREAM_MS = 30 * 60_000;
/** How long a browser waits before reconnecting a stream that ended. */
export const RECONNECT_MS = 2000;

export const STREAM_HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache, no-transform",
  connection: "keep-alive",
  "x-accel-buffering": "no",
} as const;

/** What a caller who may watch a game day's stream is let in with. */
export interface StreamAdmission {
  gameDayId: string;
  blind: boolean;
  timelineViewer: TimelineViewer;
  windowSeconds: number;
  /** The timeline id to resume after (Last-Event-ID wins over `?after=`); 0 for the whole timeline. */
  resumeAfter: bigint;
}

/** Checks the caller may view the game day (404/403 as `requireGameDayAccess` decides) and where to resume. */
export async function admitStreamViewer(principal: Principal, gameDayId: string, query: StreamQuery, lastEventId: string | null): Promise<StreamAdmission> {
  const { blind, timelineViewer } = await requireGameDayAccess(principal, gameDayId, "view");
  const resumeFrom = TimelineIdSchema.safeParse(lastEventId ?? query.after);
  return { gameDayId, blind, timelineViewer, windowSeconds: query.window, resumeAfter: resumeFrom.success ? BigInt(resumeFrom.data) : 0n };
}

/** hello, the game day's status and (for all but blind trainees) its runs: what a viewer hears first. */
export async function openingEvents(hub: GameDayHub, admission: StreamAdmission): Promise<LiveEvent[]> {
  const { gameDayId, blind } = admission;
  // Blind trainees get no runs: their phases would tell when the fault hit.
  const [runs, gameDayEvent] = await Promise.all([blind ? [] : listRunViews(gameDayId), readGameDayEvent(gameDayId)]);
  return [
    { type: "hello", gameDayId, serverTime: new Date().toISOString(), labKind: hub.labKind, pollPeriodSeconds: hub.cadence.periodSeconds, blind },
    ...(gameDayEvent ? [blind ? forBlindViewer(gameDayEvent) : gameDayEvent] : []),
    ...runs.map((run): LiveEvent => ({ type: "run", run })),
  ];
}

/**
 * `GET /api/gamedays/:id/stream` as a web Response, for `next dev` and in-process tests.
 * Production serves the stream from lib/live/stream-listener.ts on plain node sockets,
 * which holds far less per viewer; both admit and open a stream the same way.
 */
export async function openGameDayStream(principal: Principal, gameDayId: string, query: StreamQuery, request: Request): Promise<Response> {
  const admission = await admitStreamViewer(principal, gameDayId, query, request.headers.get("last-event-id"));
  const hub = hubFor(gameDayId);
  await hub.retain();

  let released = false;
  let closeStream: () => void = () => undefined;
  const release = () => {
    if (released) return;
    released = true;
    hub.detach(viewer);
    hub.release();
  };
  const viewer: Viewer = {
    ...admission.timelineViewer,
    windowSeconds: admission.windowSeconds,
    lastTimelineId: admission.resumeAfter,
    pending: null,
    send: () => false,
  };

  const stream = new ReadableStream<Uint8Array>(
    {
      start: (controller) => {
        closeStream = () => {
          release();
          try {
            controller.close();
          } catch {
            // already closed by the client
          }
        };
        viewer.send = (bytes) => {
          if (released) return false;
          if ((controller.desiredSize ?? 0) < -MAX_BUFFERED_BYTES) {
            closeStream();
            return false;
          }
          controller.enqueue(bytes);
          return true;
        };
        controller.enqueue(encodeRetry(RECONNECT_MS));
      },
      cancel: () => release(),
    },
    new ByteLengthQueuingStrategy({ highWaterMark: 64 * 1024 }),
  );

  request.signal.addEventListener("abort", () => closeStream(), { once: true });
  const lifetime = setTimeout(() => closeStream(), MAX_STREAM_MS);
  lifetime.unref();

  const opening = await openingEvents(hub, admission);
  void hub.attach(viewer, opening).catch(() => closeStream());

  return new Response(stream, { headers: STREAM_HEADERS });
}
