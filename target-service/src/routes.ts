/**
 * The endpoints of both roles. Each one computes a reply from the service's state; tracing,
 * latency injection and logging happen around it in http-server.ts.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import type { BackendClient } from "./backend-client";
import type { ServiceConfig } from "./config";
import { burnCpu } from "./cpu";
import { DbError, type Database } from "./db";
import { FaultRequestSchema, type FaultInjector } from "./faults";
import { BodyTooLargeError, type Reply, type Route, type RouteRequest } from "./http-server";
import type { SsmFaultFlags } from "./ssm-flags";

/** The state routes read; owned by the running service. */
export interface RouteContext {
  config: ServiceConfig;
  startedAt: number;
  faults: FaultInjector;
  ssmFlags: SsmFaultFlags | undefined;
  db: Database | undefined;
  backend: BackendClient | undefined;
  isDraining(): boolean;
}

const WorkQuerySchema = z.object({
  ms: z
    .string({ error: "ms is required: an integer from 1 to 2000 (milliseconds of CPU to burn)" })
    .regex(/^\d{1,4}$/, "ms must be an integer from 1 to 2000 (milliseconds of CPU to burn)")
    .transform(Number)
    .pipe(z.number().min(1, "ms must be from 1 to 2000").max(2000, "ms must be from 1 to 2000")),
});

const FAULT_BODY_LIMIT_BYTES = 4096;
// The backend's share of work per call: enough to show up in CPU metrics under load.
const PROCESS_CPU_MS = 2;

function issuesReply(issues: z.core.$ZodIssue[]): Reply {
  const details = issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
  return {
    status: 422,
    body: { error: details.map((d) => (d.path && !d.message.startsWith(d.path) ? `${d.path}: ${d.message}` : d.message)).join("; "), issues: details },
  };
}

/** Digests have equal length, so timingSafeEqual never throws and length does not leak. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function authorise(request: RouteRequest, secret: string): Reply | undefined {
  const given = request.headers["x-fault-secret"];
  if (typeof given !== "string" || given === "") {
    return { status: 401, body: { error: "x-fault-secret header required" }, headers: { "www-authenticate": "x-fault-secret" } };
  }
  if (!sameSecret(given, secret)) return { status: 403, body: { error: "x-fault-secret does not match" } };
  return undefined;
}

function healthz(ctx: RouteContext): Reply {
  if (ctx.isDraining()) return { status: 503, body: { status: "draining" } };
  const reasons: string[] = [];
  if (ctx.config.startMode === "unhealthy") reasons.push("START_MODE=unhealthy: this release never becomes healthy");
  if (ctx.faults.current().healthFail) reasons.push("health fault flag set through /_fault");
  const ssmReason = ctx.ssmFlags?.healthFailure();
  if (ssmReason) reasons.push(ssmReason);
  if (reasons.length > 0) return { status: 500, body: { status: "failing", reason: reasons.join("; ") } };
  return { status: 200, body: { status: "ok" } };
}

async function db(ctx: RouteContext): Promise<Reply> {
  if (!ctx.db) return { status: 503, body: { ok: false, error: "database not configured", code: "NOT_CONFIGURED" } };
  try {
    const probe = await ctx.db.probe();
    return { status: 200, body: { ok: true, latencyMs: probe.latencyMs, now: probe.now } };
  } catch (error) {
    if (!(error instanceof DbError)) throw error;
    return { status: 503, body: { ok: false, error: error.message, code: error.code } };
  }
}

async function processRequest(ctx: RouteContext): Promise<Reply> {
  let dbState: "ok" | "skipped" = "skipped";
  if (ctx.db) {
    try {
      await ctx.db.probe();
      dbState = "ok";
    } catch (error) {
      if (!(error instanceof DbError)) throw error;
      return { status: 503, body: { error: `database: ${error.message}`, code: error.code, processedBy: ctx.config.taskId } };
    }
  }
  burnCpu(PROCESS_CPU_MS);
  return { status: 200, body: { processedBy: ctx.config.taskId, db: dbState } };
}

async function callBackend(ctx: RouteContext, backend: BackendClient): Promise<Reply> {
  try {
    const answer = await backend.process();
    return { status: 200, body: { ...answer, via: ctx.config.taskId } };
  } catch (error) {
    return { status: 502, body: { error: error instanceof Error ? error.message : String(error), via: ctx.config.taskId } };
  }
}

async function putFault(ctx: RouteContext, request: RouteRequest): Promise<Reply> {
  let raw: string;
  try {
    raw = await request.readBody(FAULT_BODY_LIMIT_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return { status: 413, body: { error: error.message } };
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { status: 422, body: { error: "body must be a JSON object, e.g. {\"latencyMs\":200,\"leaseSeconds\":60}" } };
  }
  const parsed = FaultRequestSchema.safeParse(json);
  if (!parsed.success) return issuesReply(parsed.error.issues);
  return { status: 200, body: ctx.faults.set(parsed.data) };
}

export function buildRoutes(ctx: RouteContext): Route[] {
  const { config } = ctx;
  const routes: Route[] = [
    {
      method: "GET",
      path: "/",
      delayed: true,
      handle: () => ({
        status: 200,
        body: {
          app: "gameday-target",
          role: config.role,
          service: config.serviceName,
          version: config.version,
          taskId: config.taskId,
          uptimeSeconds: Math.round((Date.now() - ctx.startedAt) / 100) / 10,
        },
      }),
    },
    { method: "GET", path: "/healthz", delayed: true, handle: () => healthz(ctx) },
    {
      method: "GET",
      path: "/work",
      delayed: true,
      handle: (request) => {
        const parsed = WorkQuerySchema.safeParse({ ms: request.query.get("ms") ?? undefined });
        if (!parsed.success) return issuesReply(parsed.error.issues);
        const iterations = burnCpu(parsed.data.ms);
        return { status: 200, body: { ms: parsed.data.ms, iterations } };
      },
    },
    { method: "GET", path: "/db", delayed: true, handle: () => db(ctx) },
  ];

  if (config.role === "api" && ctx.backend) {
    const backend = ctx.backend;
    routes.push({ method: "GET", path: "/api/backend", delayed: true, handle: () => callBackend(ctx, backend) });
  }
  if (config.role === "backend") {
    routes.push({ method: "GET", path: "/process", delayed: true, handle: () => processRequest(ctx) });
  }

  // Without a secret the fault endpoint does not exist at all (404), as in production images.
  const secret = config.faultSecret;
  if (secret) {
    const guarded = (handler: (request: RouteRequest) => Promise<Reply> | Reply) => (request: RouteRequest) =>
      authorise(request, secret) ?? handler(request);
    routes.push(
      { method: "PUT", path: "/_fault", delayed: false, handle: guarded((request) => putFault(ctx, request)) },
      { method: "GET", path: "/_fault", delayed: false, handle: guarded(() => ({ status: 200, body: ctx.faults.snapshot() })) },
      { method: "DELETE", path: "/_fault", delayed: false, handle: guarded(() => ({ status: 200, body: ctx.faults.clear("cleared through /_fault") })) },
    );
  }
  return routes;
}
