/**
 * The local adapter of the lab port: an HTTP client of the local-lab daemon's control API
 * (local-lab/src/api/server.ts). The daemon answers in the port's own shapes, so this client
 * validates inputs, parses every answer with the port's schemas and turns failures into
 * LabErrors: a network failure is `unreachable`, an error answer keeps the daemon's code.
 */
import "server-only";
import { z } from "zod";
import { LAB_ERROR_CODES, LabError, type LabErrorCode } from "../errors";
import {
  AlarmStateSchema,
  CheckSchema,
  LabEventSchema,
  LabHealthSchema,
  MetricQuerySchema,
  PaceBodySchema,
  PaceViewSchema,
  RemediationActionSchema,
  RunHandleSchema,
  RunSpecSchema,
  RunStatusSchema,
  ScenarioSpecSchema,
  SeriesSchema,
  TopologySchema,
  TracesSchema,
  type Lab,
  type RunHandle,
} from "../types";

/** Where the daemon listens and the bearer token of its control API. */
export interface LocalLabOptions {
  url: string;
  token: string;
  /** Per-call timeout; default 10 s. */
  timeoutMs?: number;
}

const STATUS_CODES: Record<number, LabErrorCode> = {
  401: "credentials",
  403: "access-denied",
  404: "not-found",
  409: "conflict",
  412: "prerequisite-missing",
  422: "invalid",
  429: "throttled",
  501: "unsupported",
};

const HaltAllAnswerSchema = z.object({ stopped: z.array(z.string()) });

function isErrorCode(value: unknown): value is LabErrorCode {
  return typeof value === "string" && (LAB_ERROR_CODES as readonly string[]).includes(value);
}

function describe(error: z.ZodError): string {
  return error.issues.map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message)).join("; ");
}

export function createLocalLab(options: LocalLabOptions): Lab {
  const base = options.url.replace(/\/+$/, "");
  const timeoutMs = options.timeoutMs ?? 10_000;

  async function call<T extends z.ZodType>(method: "GET" | "POST" | "PUT", path: string, schema: T | null, body?: unknown): Promise<z.infer<T>> {
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${options.token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
        cache: "no-store",
      });
    } catch (error) {
      const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
      throw new LabError("unreachable", `The local lab at ${base} is unreachable (${reason}). Is it running? \`npm start\` starts it.`, undefined, { cause: error });
    }
    const text = await response.text();
    let payload: unknown = undefined;
    if (text.length > 0) {
      try {
        payload = JSON.parse(text);
      } catch {
        payload = undefined;
      }
    }
    if (!response.ok) {
      const failure = (payload as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)?.error;
      const code = isErrorCode(failure?.code) ? failure.code : (STATUS_CODES[response.status] ?? "unreachable");
      const message = typeof failure?.message === "string" ? failure.message : `The local lab answered HTTP ${response.status}`;
      const details = typeof failure?.details === "object" && failure.details !== null ? (failure.details as Record<string, unknown>) : undefined;
      throw new LabError(code, message, details);
    }
    if (!schema) return undefined as z.infer<T>;
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      throw new LabError("unreachable", `The local lab answered ${method} ${path} in an unexpected shape (${describe(parsed.error)}); is it the same version as the console?`);
    }
    return parsed.data;
  }

  function invalid(error: z.ZodError, what: string): LabError {
    return new LabError("invalid", `Invalid ${what}: ${describe(error)}`, { issues: error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })) });
  }

  const runPath = (handle: RunHandle) => `/runs/${encodeURIComponent(handle.externalId)}`;

  return {
    kind: "local",

    async health() {
      try {
        return await call("GET", "/health", LabHealthSchema);
      } catch (error) {
        return { reachable: false, detail: error instanceof Error ? error.message : String(error) };
      }
    },

    topology: () => call("GET", "/topology", TopologySchema),

    async preflight(spec) {
      const parsed = ScenarioSpecSchema.safeParse(spec);
      if (!parsed.success) throw invalid(parsed.error, "scenario");
      return call("POST", "/preflight", CheckSchema.array(), parsed.data);
    },

    async start(spec) {
      const parsed = RunSpecSchema.safeParse(spec);
      if (!parsed.success) throw invalid(parsed.error, "run");
      return call("POST", "/runs", RunHandleSchema, parsed.data);
    },

    async stop(handle, reason) {
      await call("POST", `${runPath(handle)}/stop`, RunStatusSchema, { reason: reason.slice(0, 500) || "stopped" });
    },

    async haltAll(reason) {
      // The local lab has no account-wide safety lever; halting every fault is all there is.
      const answer = await call("POST", "/halt-all", HaltAllAnswerSchema, { reason: reason.slice(0, 500) || "halt-all" });
      return answer.stopped;
    },

    status: (handle) => call("GET", runPath(handle), RunStatusSchema),

    async metrics(queries, from, to) {
      const parsed = MetricQuerySchema.array().safeParse(queries);
      if (!parsed.success) throw invalid(parsed.error, "metric queries");
      if (parsed.data.length === 0) return [];
      return call("POST", "/metrics", SeriesSchema.array(), { queries: parsed.data, from: from.toISOString(), to: to.toISOString() });
    },

    alarms: () => call("GET", "/alarms", AlarmStateSchema.array()),

    events: (since) => call("GET", `/events?since=${encodeURIComponent(since.toISOString())}`, LabEventSchema.array()),

    traces: (from, to) => call("GET", `/traces?from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}`, TracesSchema),

    async remediate(action) {
      const parsed = RemediationActionSchema.safeParse(action);
      if (!parsed.success) throw invalid(parsed.error, "remediation");
      await call("POST", "/remediate", null, parsed.data);
    },

    async setPace(pace) {
      const parsed = PaceBodySchema.safeParse({ pace });
      if (!parsed.success) throw invalid(parsed.error, "pace");
      await call("PUT", "/pace", PaceViewSchema, parsed.data);
    },
  };
}
