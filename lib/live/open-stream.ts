import "server-only";
import type { Principal } from "@/lib/auth/principal";
import { requireGameDayAccess } from "@/lib/gameday/access";
import { listRunViews } from "@/lib/gameday/list-runs";
import { TimelineIdSchema } from "@/lib/timeline/schemas";
import { encodeRetry } from "./encode";
import type { LiveEvent, StreamQuery } from "./events";
import type { Viewer } from "./hub";
import { forBlindViewer, readGameDayEvent } from "./read-game-day";
import { hubFor } from "./registry";


/** A viewer further behind than this is dropped; its browser reconnects and resumes. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
/**
 * Streams end after this long and the browser reconnects (resuming by Last-Event-ID), which
 * re-checks the session: a revoked session stops receiving within this bound.
 */
const MAX_STREAM_MS = 30 * 60_000;

/**
 * `GET /api/gamedays/:id/stream`: one EventSource per tab. The timeline resumes after
 * Last-Event-ID (or `after`); state (metrics, alarms, fleet, traces, runs) is re-sent whole.
 */
export async function openGameDayStream(principal: Principal, gameDayId: string, query: StreamQuery, request: Request): Promise<Response> {
  const { blind, timelineViewer } = await requireGameDayAccess(principal, gameDayId, "view");
  const resumeFrom = TimelineIdSchema.safeParse(request.headers.get("last-event-id") ?? query.after);
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
    ...timelineViewer,
    windowSeconds: query.window,
    lastTimelineId: resumeFrom.success ? BigInt(resumeFrom.data) : 0n,
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
        controller.enqueue(encodeRetry(2000));
      },
      cancel: () => release(),
    },
    new ByteLengthQueuingStrategy({ highWaterMark: 64 * 1024 }),
  );

  request.signal.addEventListener("abort", () => closeStream(), { once: true });
  const lifetime = setTimeout(() => closeStream(), MAX_STREAM_MS);
  lifetime.unref();

  // Blind trainees get no runs: their phases would tell when the fault hit.
  const [runs, gameDayEvent] = await Promise.all([blind ? [] : listRunViews(gameDayId), readGameDayEvent(gameDayId)]);
  const opening: LiveEvent[] = [
    { type: "hello", gameDayId, serverTime: new Date().toISOString(), labKind: hub.labKind, pollPeriodSeconds: hub.cadence.periodSeconds, blind },
    ...(gameDayEvent ? [blind ? forBlindViewer(gameDayEvent) : gameDayEvent] : []),
    ...runs.map((run): LiveEvent => ({ type: "run", run })),
  ];
  void hub.attach(viewer, opening).catch(() => closeStream());

  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
  });
}
