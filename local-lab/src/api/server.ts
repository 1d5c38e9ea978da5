/**
 * The control API on 127.0.0.1: JSON in the lab port's shapes, bearer token on every route
 * except the OTLP receiver (tasks export spans there without credentials, as they would to
 * a collector sidecar). Errors are `{ error: { code, message, details? } }` with the code the
 * console's LabError uses.
 */
import { timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { z } from "zod";
import { invalidFrom, LabFailure } from "../errors";
import type { LabParts } from "../daemon";
import { parseOtlp } from "../traces/otlp";
import {
  EventsQuerySchema,
  HaltAllBodySchema,
  MetricsBodySchema,
  PaceBodySchema,
  RemediationActionSchema,
  RunSpecSchema,
  ScenarioSpecSchema,
  StopBodySchema,
  TracesQuerySchema,
  type HealthView,
  type SeriesView,
} from "./schemas";
import { remediate } from "../remediation";
import { preflight } from "../preflight";
import { topology } from "../topology";

const MAX_BODY_BYTES = 4 * 1024 * 1024;

type Reply = { status: number; body: unknown } | { status: 204 };

function readBody(request: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new LabFailure("invalid", `Request body larger than ${MAX_BODY_BYTES} bytes`));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

async function json<T extends z.ZodType>(request: http.IncomingMessage, schema: T, what: string): Promise<z.infer<T>> {
  const raw = await readBody(request);
  let parsed: unknown;
  try {
    parsed = raw.length === 0 ? {} : JSON.parse(raw.toString("utf8"));
  } catch {
    throw new LabFailure("invalid", `The ${what} body is not valid JSON`);
  }
  const result = schema.safeParse(parsed);
  if (!result.success) throw invalidFrom(result.error, what);
  return result.data;
}

function query<T extends z.ZodType>(url: URL, schema: T, what: string): z.infer<T> {
  const result = schema.safeParse(Object.fromEntries(url.searchParams));
  if (!result.success) throw invalidFrom(result.error, what);
  return result.data;
}

function authorised(header: string | undefined, token: string): boolean {
  if (!header?.startsWith("Bearer ")) return false;
  const given = Buffer.from(header.slice("Bearer ".length));
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

async function route(parts: LabParts, request: http.IncomingMessage, url: URL): Promise<Reply> {
  const method = request.method ?? "GET";
  const path = url.pathname;

  if (method === "GET" && path === "/health") {
    const steady = parts.fleet.isSteady();
    const body: HealthView = {
      reachable: true,
      detail: `local lab up since ${parts.startedAt.toISOString()}; fleet ${steady ? "steady" : "converging"}; ${parts.faults.activeIds().length} active fault(s); ${parts.pace.pace} pace`,
    };
    return { status: 200, body };
  }
  if (method === "GET" && path === "/topology") return { status: 200, body: topology(parts) };
  if (method === "POST" && path === "/preflight") {
    const spec = await json(request, ScenarioSpecSchema, "preflight request");
    return { status: 200, body: preflight(parts, spec) };
  }
  if (method === "POST" && path === "/runs") {
    const spec = await json(request, RunSpecSchema, "run");
    return { status: 201, body: parts.faults.start(spec) };
  }
  const run = /^\/runs\/([A-Za-z0-9_-]{1,80})(\/stop)?$/.exec(path);
  if (run?.[1]) {
    if (method === "GET" && !run[2]) return { status: 200, body: parts.faults.status(run[1]) };
    if (method === "POST" && run[2]) {
      const { reason } = await json(request, StopBodySchema, "stop request");
      await parts.faults.stop(run[1], reason);
      return { status: 200, body: parts.faults.status(run[1]) };
    }
  }
  if (method === "POST" && path === "/halt-all") {
    const { reason } = await json(request, HaltAllBodySchema, "halt-all request");
    return { status: 200, body: { stopped: await parts.faults.haltAll(reason) } };
  }
  if (method === "POST" && path === "/metrics") {
    const body = await json(request, MetricsBodySchema, "metrics request");
    const from = Date.parse(body.from);
    const to = Date.parse(body.to);
    const series: SeriesView[] = body.queries.map((entry) => ({
      id: entry.id,
      label: entry.label ?? entry.metricName,
      points: parts.store.query({ namespace: entry.namespace, metricName: entry.metricName, dimensions: entry.dimensions }, entry.stat, entry.periodSeconds, from, to),
    }));
    return { status: 200, body: series };
  }
  if (method === "GET" && path === "/alarms") return { status: 200, body: parts.alarms.list() };
  if (method === "GET" && path === "/events") {
    const { since } = query(url, EventsQuerySchema, "events query");
    return { status: 200, body: parts.events.since(new Date(since)) };
  }
  if (method === "GET" && path === "/traces") {
    const { from, to } = query(url, TracesQuerySchema, "traces query");
    return { status: 200, body: parts.traces.query(Date.parse(from), Date.parse(to)) };
  }
  if (method === "GET" && path === "/pace") return { status: 200, body: parts.pace.view() };
  if (method === "PUT" && path === "/pace") {
    const { pace } = await json(request, PaceBodySchema, "pace");
    if (parts.pace.set(pace)) parts.log(`pace: ${pace} (from the next health check and task start)`);
    return { status: 200, body: parts.pace.view() };
  }
  if (method === "POST" && path === "/remediate") {
    const action = await json(request, RemediationActionSchema, "remediation");
    await remediate(parts, action);
    return { status: 204 };
  }
  throw new LabFailure("not-found", `No route ${method} ${path}`);
}

export function createControlServer(parts: LabParts): http.Server {
  return http.createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const send = (status: number, body?: unknown) => {
      if (response.headersSent) return;
      if (body === undefined) {
        response.writeHead(status);
        response.end();
        return;
      }
      const text = JSON.stringify(body);
      response.writeHead(status, { "content-type": "application/json", "cache-control": "no-store", "content-length": Buffer.byteLength(text) });
      response.end(text);
    };
    const fail = (error: unknown) => {
      if (error instanceof LabFailure) {
        send(error.status, { error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) } });
        return;
      }
      parts.log(`control API error on ${request.method ?? "?"} ${url.pathname}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      send(500, { error: { code: "unreachable", message: "The local lab failed to handle the request; see its log" } });
    };

    if (request.method === "POST" && url.pathname === "/otlp/v1/traces") {
      readBody(request)
        .then((raw) => {
          try {
            parts.traces.add(parseOtlp(JSON.parse(raw.toString("utf8"))));
          } catch {
            send(400, { error: { code: "invalid", message: "Not an OTLP/HTTP JSON trace export" } });
            return;
          }
          send(200, {});
        })
        .catch(fail);
      return;
    }
    if (!authorised(request.headers.authorization, parts.config.token)) {
      request.resume();
      send(401, { error: { code: "credentials", message: "Missing or wrong bearer token" } });
      return;
    }
    route(parts, request, url).then((reply) => ("body" in reply ? send(reply.status, reply.body) : send(reply.status)), fail);
  });
}
