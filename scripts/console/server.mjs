// The console's production server: one node HTTP server in one process. Every request goes
// to Next's request handler, except two kinds served on the plain node response by listeners
// that instrumentation.ts publishes from inside Next's bundle:
// - `GET /api/gamedays/:id/stream`, the live stream each browser tab keeps open
//   (lib/live/stream-listener.ts). A stream through a route handler held ~100 KB of
//   per-request state in Next's machinery; here a viewer is its socket and a few fields.
// - the hot API routes, `POST /api/gamedays/:id/timeline` (lib/http/hot-route-listener.ts):
//   Next's own request handling costs ~3 ms of CPU per call, too much at 1,000 entries/s.
// Same origin, same auth wrapper and handlers, same hubs and caches.
//
//   node scripts/console/server.mjs [--port 3000] [--hostname 0.0.0.0]
//
// Plain JavaScript so it runs as is on Node 20 and 24, with no TypeScript loader.
import { readFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { setTimeout } from "node:timers";
import { fileURLToPath } from "node:url";
import appRouterHeaders from "next/dist/client/components/app-router-headers.js";
import compression from "next/dist/compiled/compression/index.js";
import releaseCompression from "next/dist/server/lib/release-compression-stream.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
/** Where lib/live/stream-listener.ts publishes itself (LIVE_STREAM_LISTENER_KEY). */
const LISTENER_KEY = Symbol.for("gameday.liveStreamListener");
/** Where lib/http/hot-route-listener.ts publishes itself (HOT_ROUTE_LISTENER_KEY). */
const HOT_ROUTE_LISTENER_KEY = Symbol.for("gameday.hotRouteListener");
/**
 * Node flags the console's server runs with (console-process.ts and the image's entrypoint
 * put them before this file). V8's young generation grows to 3 × 16 MB semi-spaces by
 * default and stays resident; 4 MB ones cut the idle RSS by about 55 MB (217 vs 273 MB,
 * bench/console-live.ts) at the cost of more frequent, shorter scavenges. Without
 * --optimize-for-size V8 lets the old space grow far past what is live while a thousand
 * streams make garbage (255 MB committed for 100–140 MB in use with 20 game days); with it
 * the heap stays close to its live size: 1,000 viewers 247 → 262 MB instead of 279 → 316 MB,
 * back to back, delivery lag unchanged. It costs about 0.3 ms of CPU per timeline append
 * (0.74 → 1.06 ms), which takes appends at 1,000/s past their latency goal on two shared
 * cores; the notes of bench/timeline-throughput.ts weigh that trade. Neither flag caps the
 * heap, so a burst costs time, never a crash.
 */
export const SERVER_NODE_FLAGS = ["--max-semi-space-size=4", "--optimize-for-size"];
/** SIGTERM waits this long for open requests before closing their connections. */
const SHUTDOWN_GRACE_MS = 5000;
/**
 * Idle keep-alive connections stay open longer than a load balancer's idle timeout (the ALB's
 * is 60 s), so the server never closes one that the client, or the ALB, is about to reuse.
 */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;
/** Next runs instrumentation's register() after prepare() resolves; the listener appears within this. */
const REGISTER_TIMEOUT_MS = 60_000;

/**
 * `--port`/`-p` and `--hostname`/`-H`, as `next start` takes them (PORT otherwise). The
 * HOSTNAME variable is not read: container runtimes set it to the container's name.
 */
export function parseServerArgs(argv, env) {
  const options = { port: Number(env.PORT ?? 3000), hostname: "0.0.0.0" };
  for (let index = 0; index < argv.length; index += 1) {
    const flag = argv[index];
    const value = argv[index + 1];
    if ((flag === "--port" || flag === "-p") && value !== undefined) options.port = Number(value);
    else if ((flag === "--hostname" || flag === "-H") && value !== undefined) options.hostname = value;
    else throw new Error(`unknown argument ${JSON.stringify(flag)}; use --port <n> and --hostname <host>`);
    index += 1;
  }
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) throw new Error(`the port must be a number from 0 to 65535, got ${JSON.stringify(options.port)}`);
  return options;
}

/**
 * The headers next.config.ts adds to every answer (nosniff, frame denial…), read from the
 * build's routes manifest so streams carry exactly what Next's answers carry.
 */
function configuredHeadersFor(pathname) {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, ".next", "routes-manifest.json"), "utf8"));
  const headers = [];
  for (const rule of manifest.headers ?? []) {
    if (rule.has || rule.missing || !new RegExp(rule.regex).test(pathname)) continue;
    for (const header of rule.headers) headers.push([header.key, header.value]);
  }
  return headers;
}

/**
 * What Next's own request handling adds to an app route's answer, for the routes the hot
 * listener serves instead: the Vary header of app routes (base-server's setVaryHeader) and
 * its compression middleware (router-server: gzip or deflate as the client accepts, plus
 * `Vary: Accept-Encoding`), so the answers are the same bytes Next would send.
 */
const APP_ROUTE_VARY = [appRouterHeaders.RSC_HEADER, appRouterHeaders.NEXT_ROUTER_STATE_TREE_HEADER, appRouterHeaders.NEXT_ROUTER_PREFETCH_HEADER, appRouterHeaders.NEXT_ROUTER_SEGMENT_PREFETCH_HEADER].join(", ");

/** A listener instrumentation.ts publishes; waits for register(), which Next does not await in prepare(). */
async function publishedListener(key, what) {
  const deadline = Date.now() + REGISTER_TIMEOUT_MS;
  while (!globalThis[key]) {
    if (Date.now() > deadline) throw new Error(`instrumentation.ts did not publish the ${what}; is the build current?`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return globalThis[key];
}

async function main() {
  const { port, hostname } = parseServerArgs(process.argv.slice(2), process.env);
  // Next reads NODE_ENV when it loads; a production server must not start in development mode.
  process.env.NODE_ENV ??= "production";
  const { default: next } = await import("next");
  const app = next({ dev: false, dir: ROOT, hostname, port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const live = await publishedListener(LISTENER_KEY, "live stream listener");
  const hot = await publishedListener(HOT_ROUTE_LISTENER_KEY, "hot route listener");
  const streamHeaders = configuredHeadersFor("/api/gamedays/x/stream");
  const apiHeaders = configuredHeadersFor("/api/gamedays/x/timeline");
  const compress = compression();

  // Rate limits and the audit log key on the client's address. Next keeps an X-Forwarded-For
  // the client sent, so without a proxy of ours in front (TRUST_PROXY) the socket's address
  // replaces it: a client cannot name its own address and dodge the sign-in limit.
  const trustProxy = ["true", "1"].includes(process.env.TRUST_PROXY ?? "");
  const server = http.createServer((req, res) => {
    if (!trustProxy) {
      req.headers["x-forwarded-for"] = req.socket.remoteAddress ?? "";
      delete req.headers["x-real-ip"];
    }
    const gameDayId = req.method === "GET" ? live.match(req.url ?? "/") : null;
    const hotRoute = gameDayId === null ? hot.match(req.method ?? "GET", req.url ?? "/") : null;
    if (hotRoute) {
      for (const [name, value] of apiHeaders) res.setHeader(name, value);
      res.setHeader("vary", APP_ROUTE_VARY);
      compress(req, res, () => undefined);
      // As Next does: a client that disconnects mid-answer would leave the zlib stream open.
      res.once("close", () => {
        if (!res.writableFinished) releaseCompression.releaseCompressionStream(res);
      });
      void hot.serve(req, res, hotRoute);
      return;
    }
    if (gameDayId === null) {
      handle(req, res).catch((error) => {
        console.error(JSON.stringify({ level: "error", msg: "request failed", url: req.url, error: String(error) }));
        if (!res.headersSent) res.writeHead(500).end();
      });
      return;
    }
    for (const [name, value] of streamHeaders) res.setHeader(name, value);
    void live.serve(req, res, gameDayId);
  });

  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1000;

  let stopping = false;
  const stop = (signal) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: closing ${live.openStreams()} live streams and the server…`);
    server.close(() => process.exit(0));
    setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS).unref();
    // Whatever still holds the process (a database call that hangs), the stack's stop must finish.
    setTimeout(() => process.exit(0), 2 * SHUTDOWN_GRACE_MS).unref();
    live
      .shutdown()
      .catch((error) => console.error(JSON.stringify({ level: "error", msg: "live shutdown failed", error: String(error) })))
      .finally(() => server.closeIdleConnections());
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));

  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, hostname, resolve);
  });
  console.log(`The console is listening on http://${hostname}:${port} (live streams and timeline appends served by the console's own listeners).`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(`console server: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  });
}
