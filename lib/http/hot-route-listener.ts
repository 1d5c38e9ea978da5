import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { MAX_BODY_BYTES, type NextRouteContext } from "@/lib/api/route";
import { appendTimelineEntryRoute } from "@/lib/timeline/append-route";
import { answerUnexpectedFailure, pathIdOf, setApiSecurityHeaders, webRequestOf } from "./node-request";

/**
 * Where instrumentation.ts publishes this listener for the console's server entry
 * (scripts/console/server.mjs), as lib/live/stream-listener.ts does for streams: the entry
 * cannot import the bundle's modules without getting second copies of their state.
 */
export const HOT_ROUTE_LISTENER_KEY = Symbol.for("gameday.hotRouteListener");

type RouteHandler = (request: Request, context?: NextRouteContext) => Promise<Response>;

/** A request the listener takes: its handler and the path's id. */
export interface HotRouteMatch {
  handler: RouteHandler;
  id: string;
}

/** What the server entry calls; keep in step with scripts/console/server.mjs. */
export interface HotRouteListener {
  /** The route when `method` and `url` name one of the hot routes, else null (Next serves it). */
  match(method: string, url: string): HotRouteMatch | null;
  serve(req: IncomingMessage, res: ServerResponse, match: HotRouteMatch): Promise<void>;
}

/**
 * The API calls made many times a second, served without Next's request handling, which
 * costs ~3 ms of CPU per call (measured on /api/health): at a thousand timeline entries a
 * second that alone would exceed the machine. Same handler function as the app route, so
 * auth, CSRF, validation, audit and errors are the wrapper's, once. Only the exact path is
 * taken: a trailing slash or any other spelling goes to Next, which redirects it as before.
 */
const HOT_ROUTES: { method: string; path: RegExp; handler: RouteHandler }[] = [
  { method: "POST", path: /^\/api\/gamedays\/([^/?#]+)\/timeline(?:\?|$)/, handler: appendTimelineEntryRoute },
];

/**
 * The body as bytes, read no further than one byte past the limit: the wrapper then refuses
 * it (413) as it refuses a streamed one, and a huge upload costs no more than the limit. A
 * web stream over the node request cost more CPU than the rest of reading an append.
 */
async function cappedBody(req: IncomingMessage): Promise<Buffer> {
  if (Number(req.headers["content-length"] ?? "0") > MAX_BODY_BYTES) return Buffer.alloc(0);
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const done = () => {
      req.off("data", onData).off("end", done).off("close", done).off("error", reject);
      resolve(chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks));
    };
    // Stopping at the limit leaves the rest unread (drained after the answer), not the socket destroyed.
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      received += chunk.length;
      if (received > MAX_BODY_BYTES) {
        req.pause();
        done();
      }
    };
    // A client that goes away mid-body ends the read too ('close'); its answer goes nowhere.
    req.on("data", onData).once("end", done).once("close", done).once("error", reject);
  });
}

async function serve(req: IncomingMessage, res: ServerResponse, match: HotRouteMatch): Promise<void> {
  setApiSecurityHeaders(res);
  const response = await match.handler(webRequestOf(req, new Uint8Array(await cappedBody(req))), { params: Promise.resolve({ id: match.id }) });
  const body = Buffer.from(await response.arrayBuffer());
  for (const [name, value] of response.headers) res.setHeader(name, value);
  // No Content-Length, as Next sends none: the server entry's compression then gzips the
  // answer for a client that accepts it, exactly as Next's answers are.
  res.writeHead(response.status);
  res.end(body);
  // A body the handler refused without reading (too large, wrong type) is drained, not left on the connection.
  if (!req.readableEnded) req.resume();
}

export const hotRouteListener: HotRouteListener = {
  match(method, url) {
    for (const hot of HOT_ROUTES) {
      if (hot.method !== method) continue;
      const found = hot.path.exec(url)?.[1];
      if (found) return { handler: hot.handler, id: pathIdOf(found) };
    }
    return null;
  },
  serve: (req, res, match) => serve(req, res, match).catch((error: unknown) => answerUnexpectedFailure(req, res, "request", error)),
};

/** Makes the listener reachable from the server entry (called once from instrumentation.ts). */
export function publishHotRouteListener(): void {
  (globalThis as Record<symbol, unknown>)[HOT_ROUTE_LISTENER_KEY] = hotRouteListener;
}
