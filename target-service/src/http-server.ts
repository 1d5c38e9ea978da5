/**
 * The HTTP layer every route shares: route lookup, a SERVER span continued from the caller's
 * `traceparent`, injected response latency, the `x-task-id` header, JSON bodies and one log
 * line per request. Routes only compute a reply.
 */
import http from "node:http";
import { context, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type TextMapPropagator, type Tracer } from "@opentelemetry/api";
import type { Logger } from "./log";

/** What a route answers: a status and a JSON body. */
export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** One request as routes see it. */
export interface RouteRequest {
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  /** Reads the body as UTF-8, at most `limitBytes`; rejects with BodyTooLargeError beyond. */
  readBody(limitBytes: number): Promise<string>;
}

/** One endpoint. */
export interface Route {
  method: "GET" | "PUT" | "DELETE";
  path: string;
  /** false: injected latency does not apply (the fault endpoint must stay prompt). */
  delayed: boolean;
  handle(request: RouteRequest): Promise<Reply> | Reply;
}

export class BodyTooLargeError extends Error {
  constructor(limitBytes: number) {
    super(`request body larger than ${limitBytes} bytes`);
    this.name = "BodyTooLargeError";
  }
}

/** Collaborators of the HTTP layer. */
export interface HttpServerDeps {
  routes: Route[];
  taskId: string;
  tracer: Tracer;
  propagator: TextMapPropagator;
  log: Logger;
  /** Injected latency for the next response, in ms. */
  responseDelayMs(): number;
  /** true once shutdown began: responses then close their connection. */
  isDraining(): boolean;
}

// An ALB keeps idle connections to targets for 60 s; closing ours first would race it and
// surface as 502s, so the server outlives the load balancer's idle timeout.
const KEEP_ALIVE_TIMEOUT_MS = 65_000;

export function createHttpServer(deps: HttpServerDeps): http.Server {
  const server = http.createServer((req, res) => {
    // Route errors are answered inside handle(); this catches a failure of the layer itself,
    // which would otherwise end the whole task as an unhandled rejection.
    handle(deps, req, res).catch((error: unknown) => {
      deps.log.error("request handling failed", { path: req.url, error });
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json", "x-task-id": deps.taskId }).end('{"error":"internal error"}');
      else res.destroy();
    });
  });
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1000;
  server.requestTimeout = 30_000;
  return server;
}

const headerGetter = {
  keys: (carrier: http.IncomingHttpHeaders) => Object.keys(carrier),
  get: (carrier: http.IncomingHttpHeaders, key: string) => carrier[key],
};

async function handle(deps: HttpServerDeps, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const started = performance.now();
  const method = req.method ?? "GET";
  const rawUrl = req.url ?? "/";
  const queryAt = rawUrl.indexOf("?");
  const path = queryAt === -1 ? rawUrl : rawUrl.slice(0, queryAt);
  const query = new URLSearchParams(queryAt === -1 ? "" : rawUrl.slice(queryAt + 1));

  const samePath = deps.routes.filter((route) => route.path === path);
  const route = samePath.find((candidate) => candidate.method === method);

  const parent = deps.propagator.extract(ROOT_CONTEXT, req.headers, headerGetter);
  const span = deps.tracer.startSpan(
    route ? `${method} ${route.path}` : method,
    {
      kind: SpanKind.SERVER,
      attributes: {
        "http.request.method": method,
        "url.path": path,
        "url.scheme": "http",
        ...(route ? { "http.route": route.path } : {}),
        ...(req.socket.remoteAddress ? { "client.address": req.socket.remoteAddress } : {}),
      },
    },
    parent,
  );
  const requestContext = trace.setSpan(parent, span);

  const reply = await context.with(requestContext, async (): Promise<Reply> => {
    if (!route) {
      return samePath.length > 0
        ? { status: 405, body: { error: `method ${method} not allowed on ${path}`, allow: samePath.map((r) => r.method) }, headers: { allow: samePath.map((r) => r.method).join(", ") } }
        : { status: 404, body: { error: "not found", path } };
    }
    let result: Reply;
    try {
      result = await route.handle({ path, query, headers: req.headers, readBody: (limit) => readBody(req, limit) });
    } catch (error) {
      span.recordException(error instanceof Error ? error : String(error));
      deps.log.error("request failed", { path, error });
      result = { status: 500, body: { error: "internal error" } };
    }
    if (route.delayed) {
      const delayMs = deps.responseDelayMs();
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
    return result;
  });

  const payload = JSON.stringify(reply.body);
  const headers: Record<string, string | number> = {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(payload),
    "cache-control": "no-store",
    "x-task-id": deps.taskId,
    ...reply.headers,
  };
  // A draining task hands its keep-alive connections back so clients reconnect elsewhere.
  if (deps.isDraining()) headers.connection = "close";
  // Drain an unread body so the connection stays usable for the next request.
  req.resume();
  res.writeHead(reply.status, headers);
  res.end(payload);

  span.setAttribute("http.response.status_code", reply.status);
  if (reply.status >= 500) {
    span.setAttribute("error.type", String(reply.status));
    span.setStatus({ code: SpanStatusCode.ERROR });
  }
  span.end();

  const spanContext = span.spanContext();
  deps.log.info("request", {
    traceId: spanContext.traceId,
    spanId: spanContext.spanId,
    method,
    path,
    route: route?.path,
    status: reply.status,
    durationMs: Math.round((performance.now() - started) * 10) / 10,
  });
}

function readBody(req: http.IncomingMessage, limitBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on("data", (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limitBytes) {
        failed = true;
        reject(new BodyTooLargeError(limitBytes));
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (!failed) resolve(Buffer.concat(chunks).toString("utf8"));
    });
    req.on("error", (error) => {
      if (!failed) reject(error);
      failed = true;
    });
  });
}
