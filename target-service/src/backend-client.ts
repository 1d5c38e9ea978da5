/**
 * The api role's call to the backend service (`GET ${BACKEND_URL}/process`), traced as a
 * CLIENT span whose context travels in `traceparent`, so api and backend spans share a trace.
 */
import http from "node:http";
import https from "node:https";
import { context, SpanKind, SpanStatusCode, trace, type TextMapPropagator, type Tracer } from "@opentelemetry/api";
import type { FaultInjector } from "./faults";

/** The backend failed, timed out or was unreachable; `message` says which. */
export class BackendError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BackendError";
  }
}

export const BACKEND_TIMEOUT_MS = 2000;
const MAX_BODY_BYTES = 64 * 1024;

/** Collaborators of the backend client. */
export interface BackendClientDeps {
  tracer: Tracer;
  propagator: TextMapPropagator;
  faults: FaultInjector;
}

export class BackendClient {
  private readonly url: URL;

  constructor(
    baseUrl: string,
    private readonly deps: BackendClientDeps,
  ) {
    this.url = new URL(`${baseUrl}/process`);
  }

  /** Calls `/process`; resolves with its JSON object, throws BackendError otherwise. */
  async process(): Promise<Record<string, unknown>> {
    const url = this.url;
    const span = this.deps.tracer.startSpan(
      "GET",
      {
        kind: SpanKind.CLIENT,
        attributes: {
          "http.request.method": "GET",
          "url.full": url.href,
          "server.address": url.hostname,
          "server.port": Number(url.port || (url.protocol === "https:" ? 443 : 80)),
        },
      },
      context.active(),
    );
    const headers: Record<string, string> = { accept: "application/json" };
    this.deps.propagator.inject(trace.setSpan(context.active(), span), headers, {
      set: (carrier: Record<string, string>, key, value) => {
        carrier[key] = value;
      },
    });
    try {
      // Injected latency counts against the timeout, as a slow network would.
      const started = performance.now();
      const delayMs = this.deps.faults.delayMs();
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(delayMs, BACKEND_TIMEOUT_MS)));
      const remainingMs = Math.floor(BACKEND_TIMEOUT_MS - (performance.now() - started));
      if (remainingMs <= 0) throw new BackendError(`backend timed out after ${BACKEND_TIMEOUT_MS} ms`);
      const { status, body } = await request(url, headers, remainingMs);
      span.setAttribute("http.response.status_code", status);
      if (status >= 400) span.setAttribute("error.type", String(status));
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        throw new BackendError(`backend answered ${status} with a body that is not JSON`);
      }
      if (status < 200 || status >= 300) {
        const reason =
          parsed && typeof parsed === "object" && "error" in parsed && typeof parsed.error === "string" ? `: ${parsed.error}` : "";
        throw new BackendError(`backend answered ${status}${reason}`);
      }
      if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
        throw new BackendError("backend answered with JSON that is not an object");
      }
      return parsed as Record<string, unknown>;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      span.setStatus({ code: SpanStatusCode.ERROR, message });
      if (!(error instanceof BackendError)) span.setAttribute("error.type", errorCode(error));
      throw error instanceof BackendError ? error : new BackendError(`backend unreachable: ${message}`);
    } finally {
      span.end();
    }
  }
}

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" ? code : "Error";
}

/**
 * A fresh connection per call (no keep-alive): behind Cloud Map DNS each call then resolves
 * again and spreads over the backend tasks, and a stopped task shows up as a refused
 * connection instead of a reset on a reused socket.
 */
function request(url: URL, headers: Record<string, string>, timeoutMs: number): Promise<{ status: number; body: string }> {
  const transport = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const req = transport.request(url, { method: "GET", headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) {
          req.destroy(new BackendError(`backend answer larger than ${MAX_BODY_BYTES} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    const timer = setTimeout(() => req.destroy(new BackendError(`backend timed out after ${BACKEND_TIMEOUT_MS} ms`)), timeoutMs);
    req.on("error", reject);
    req.on("close", () => clearTimeout(timer));
    req.end();
  });
}
