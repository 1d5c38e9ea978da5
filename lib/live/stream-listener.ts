import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { route } from "@/lib/api/handler";
import { readParams, readQuery } from "@/lib/api/route";
import { IdParamsSchema } from "@/lib/db/ids";
import { encodeRetry } from "./encode";
import { StreamQuerySchema } from "./events";
import type { GameDayHub, Viewer } from "./hub";
import { admitStreamViewer, MAX_BUFFERED_BYTES, MAX_STREAM_MS, openingEvents, RECONNECT_MS, STREAM_HEADERS, type StreamAdmission } from "./open-stream";
import { closeAllHubs, hubFor } from "./registry";
import { answerUnexpectedFailure, pathIdOf, setApiSecurityHeaders, webRequestOf } from "@/lib/http/node-request";

/**
 * The console's server entry (scripts/console/server.mjs) finds the listener here. Next
 * bundles server code, so the entry cannot import lib/live itself without making a second
 * hub registry: instrumentation.ts publishes this one, from inside the bundle, instead.
 */
export const LIVE_STREAM_LISTENER_KEY = Symbol.for("gameday.liveStreamListener");

/** What the server entry calls; keep in step with scripts/console/server.mjs. */
export interface LiveStreamListener {
  /** The game day id when `url` is a stream's address, else null. */
  match(url: string): string | null;
  serve(req: IncomingMessage, res: ServerResponse, gameDayId: string): Promise<void>;
  /** Ends every open stream and stops this instance's hubs (SIGTERM). */
  shutdown(): Promise<void>;
  openStreams(): number;
}

const STREAM_PATH = /^\/api\/gamedays\/([^/?#]+)\/stream\/?(?:\?|$)/;
/** Streams past their lifetime are ended by one sweep for all, not a timer per viewer. */
const LIFETIME_SWEEP_MS = 15_000;

/**
 * One viewer on a plain node response. All it keeps is the response, its hub and a few
 * fields: no web streams, no per-viewer timers, no closures beyond its close listener.
 */
class NodeStreamViewer implements Viewer {
  readonly blind: boolean;
  readonly onlyTeam: string | null;
  readonly windowSeconds: number;
  lastTimelineId: bigint;
  pending: Viewer["pending"] = null;
  readonly endsAt: number;
  private closed = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly hub: GameDayHub,
    admission: StreamAdmission,
  ) {
    this.blind = admission.timelineViewer.blind;
    this.onlyTeam = admission.timelineViewer.onlyTeam;
    this.windowSeconds = admission.windowSeconds;
    this.lastTimelineId = admission.resumeAfter;
    this.endsAt = Date.now() + MAX_STREAM_MS;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /**
   * Writes through node's socket buffer. When write() reports it is full, the viewer may
   * still catch up (the socket drains by itself); once more than MAX_BUFFERED_BYTES wait
   * for it, it is cut off instead of buffering without bound.
   */
  send(bytes: Uint8Array): boolean {
    if (this.closed) return false;
    if (this.res.write(bytes) || this.res.writableLength <= MAX_BUFFERED_BYTES) return true;
    this.close(true);
    return false;
  }

  /** Detaches from the hub once; `abort` drops the connection instead of flushing what waits. */
  close(abort = false): void {
    if (this.closed) return;
    this.closed = true;
    openViewers.delete(this);
    this.hub.detach(this);
    this.hub.release();
    if (abort) this.res.destroy();
    else if (!this.res.writableEnded) this.res.end();
  }
}

const openViewers = new Set<NodeStreamViewer>();
let lifetimeSweep: NodeJS.Timeout | null = null;

function sweepExpired(): void {
  const now = Date.now();
  for (const viewer of openViewers) if (viewer.endsAt <= now) viewer.close();
  if (openViewers.size === 0 && lifetimeSweep) {
    clearInterval(lifetimeSweep);
    lifetimeSweep = null;
  }
}

function track(viewer: NodeStreamViewer): void {
  openViewers.add(viewer);
  if (!lifetimeSweep) {
    lifetimeSweep = setInterval(sweepExpired, LIFETIME_SWEEP_MS);
    lifetimeSweep.unref();
  }
}

/**
 * The same wrapper the Next route uses (lib/api/handler.ts `route()`): the catalog's access
 * rule, session cookie or bearer token, 401/403/404/422 in the API's error shape. On success
 * it leaves the admission beside the request instead of answering.
 */
const admissions = new WeakMap<Request, StreamAdmission>();
const ADMITTED = 204;
const admit = route("GET /api/gamedays/{id}/stream", async ({ request, params, principal }) => {
  const { id } = readParams(params, IdParamsSchema);
  const query = readQuery(request, StreamQuerySchema);
  admissions.set(request, await admitStreamViewer(principal, id, query, request.headers.get("last-event-id")));
  return new Response(null, { status: ADMITTED });
});

async function answer(res: ServerResponse, response: Response): Promise<void> {
  const body = Buffer.from(await response.arrayBuffer());
  res.writeHead(response.status, { ...Object.fromEntries(response.headers), "content-length": String(body.length) });
  res.end(body);
}

async function serve(req: IncomingMessage, res: ServerResponse, gameDayId: string): Promise<void> {
  setApiSecurityHeaders(res);
  const request = webRequestOf(req);
  const response = await admit(request, { params: Promise.resolve({ id: gameDayId }) });
  const admission = admissions.get(request);
  if (!admission || response.status !== ADMITTED) return answer(res, response);
  if (res.destroyed) return;

  const hub = hubFor(admission.gameDayId);
  try {
    await hub.retain();
  } catch (error) {
    hub.release();
    throw error;
  }
  const viewer = new NodeStreamViewer(res, hub, admission);
  track(viewer);
  res.once("close", () => viewer.close());
  // The client may have gone while the hub was loading: 'close' has then been and gone.
  if (req.socket.destroyed) return viewer.close(true);
  req.socket.setNoDelay(true);
  res.writeHead(200, STREAM_HEADERS);
  res.write(encodeRetry(RECONNECT_MS));
  try {
    const opening = await openingEvents(hub, admission);
    if (viewer.isClosed) return;
    await hub.attach(viewer, opening);
  } catch (error) {
    console.error(JSON.stringify({ level: "error", msg: "live stream failed to open", gameDayId, error: error instanceof Error ? error.message : String(error) }));
    viewer.close(true);
  }
}

let stopSupervisor: () => void = () => undefined;

async function shutdown(): Promise<void> {
  stopSupervisor();
  for (const viewer of [...openViewers]) viewer.close();
  await closeAllHubs();
}

export const liveStreamListener: LiveStreamListener = {
  match(url) {
    const found = STREAM_PATH.exec(url)?.[1];
    return found ? pathIdOf(found) : null;
  },
  serve: (req, res, gameDayId) => serve(req, res, gameDayId).catch((error: unknown) => answerUnexpectedFailure(req, res, "live stream request", error)),
  shutdown,
  openStreams: () => openViewers.size,
};

/**
 * Makes the listener reachable from the server entry (called once from instrumentation.ts);
 * `stopLiveSupervisor` is called on shutdown so no hub is retained again while it closes.
 */
export function publishLiveStreamListener(stopLiveSupervisor: () => void): void {
  stopSupervisor = stopLiveSupervisor;
  (globalThis as Record<symbol, unknown>)[LIVE_STREAM_LISTENER_KEY] = liveStreamListener;
}
