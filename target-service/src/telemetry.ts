/**
 * OpenTelemetry tracing: W3C trace context in and out, spans exported as OTLP/HTTP JSON
 * (to the local lab's receiver, or to an ADOT collector that forwards to X-Ray on AWS).
 * Without an endpoint spans are still created, so trace context keeps flowing api → backend.
 */
import { context, type Tracer, type TextMapPropagator } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { setGlobalErrorHandler, W3CTraceContextPropagator } from "@opentelemetry/core";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, BatchSpanProcessor, type SpanProcessor } from "@opentelemetry/sdk-trace-base";
import type { Logger } from "./log";

/** What the service needs from tracing. */
export interface Telemetry {
  tracer: Tracer;
  propagator: TextMapPropagator;
  /** Exports finished spans now and stops the exporter (bounded by `timeoutMs`). */
  shutdown(timeoutMs: number): Promise<void>;
}

/** Identity of this process in every exported span. */
export interface TelemetryOptions {
  serviceName: string;
  version: string;
  taskId: string;
  /** Base OTLP endpoint; spans are POSTed to `${endpoint}/v1/traces`. */
  otlpEndpoint: string | undefined;
  log: Logger;
}

// The lab shows traces live: export within a fraction of a second, not the SDK's 5 s default.
const EXPORT_DELAY_MS = 200;
const EXPORT_TIMEOUT_MS = 2000;
const EXPORT_ERROR_LOG_INTERVAL_MS = 60_000;

let contextManagerInstalled = false;

/**
 * Async-local context lets any code running inside a request (logs, DB and backend calls)
 * find that request's span without passing it around. Global and process-wide, so installed once.
 */
function installContextManager(): void {
  if (contextManagerInstalled) return;
  const manager = new AsyncLocalStorageContextManager().enable();
  // false: another copy of this module (a test runner re-importing it) already installed one.
  if (!context.setGlobalContextManager(manager)) manager.disable();
  contextManagerInstalled = true;
}

export function setupTelemetry(options: TelemetryOptions): Telemetry {
  installContextManager();

  const spanProcessors: SpanProcessor[] = [];
  if (options.otlpEndpoint) {
    const exporter = new OTLPTraceExporter({ url: `${options.otlpEndpoint}/v1/traces`, timeoutMillis: EXPORT_TIMEOUT_MS });
    spanProcessors.push(
      new BatchSpanProcessor(exporter, {
        scheduledDelayMillis: EXPORT_DELAY_MS,
        exportTimeoutMillis: EXPORT_TIMEOUT_MS,
        maxQueueSize: 4096,
        maxExportBatchSize: 512,
      }),
    );
    // A collector that is down must not flood the logs: one line a minute is enough to notice.
    let lastLogged = 0;
    setGlobalErrorHandler((error) => {
      const now = Date.now();
      if (now - lastLogged < EXPORT_ERROR_LOG_INTERVAL_MS) return;
      lastLogged = now;
      options.log.warn("span export failed", { error: error instanceof Error ? error.message : JSON.stringify(error) });
    });
  }

  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({
      "service.name": options.serviceName,
      "service.version": options.version,
      "service.instance.id": options.taskId,
      "process.pid": process.pid,
    }),
    spanProcessors,
  });

  return {
    tracer: provider.getTracer("gameday-target"),
    propagator: new W3CTraceContextPropagator(),
    shutdown: async (timeoutMs) => {
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
        timer.unref();
      });
      await Promise.race([provider.shutdown().catch(() => undefined), deadline]);
      clearTimeout(timer);
    },
  };
}
