/**
 * Wires one running service from its configuration: telemetry, fault flags, database,
 * backend client and the HTTP server, and takes them down again in order on shutdown.
 * main.ts runs it as a process; tests run it in-process.
 */
import type http from "node:http";
import type { AddressInfo } from "node:net";
import type { SSMClient } from "@aws-sdk/client-ssm";
import { BackendClient } from "./backend-client";
import type { ServiceConfig } from "./config";
import { Database } from "./db";
import { FaultInjector } from "./faults";
import { createHttpServer } from "./http-server";
import { createLogger, type Logger, type LogSink } from "./log";
import { buildRoutes } from "./routes";
import { SsmFaultFlags } from "./ssm-flags";
import { setupTelemetry } from "./telemetry";

/** Optional collaborators; production passes none but the SSM client when polling is on. */
export interface StartOptions {
  /** Where log lines go (default stdout). */
  logSink?: LogSink;
  /** Required when `config.faultFlagParameter` is set. */
  ssmClient?: SSMClient;
  /** Poll interval of the SSM fault flag; production uses 10 s. */
  ssmPollIntervalMs?: number;
  /** Called once listening, just before the "ready" line: whoever handles signals needs the handle by then. */
  onListening?: (service: RunningService) => void;
}

/** A listening service. */
export interface RunningService {
  readonly config: ServiceConfig;
  readonly log: Logger;
  /** The port actually bound (differs from config.port when that is 0). */
  readonly port: number;
  /** `http://host:port` as bound. */
  readonly url: string;
  /** Requests being handled right now. */
  inFlight(): number;
  /**
   * Graceful stop: health turns 503 "draining", the listener closes, in-flight requests
   * finish, spans are flushed and the pool closes. Idempotent: later calls share the first.
   */
  shutdown(reason: string): Promise<void>;
}

export async function startService(config: ServiceConfig, options: StartOptions = {}): Promise<RunningService> {
  const startedAt = Date.now();
  const log = createLogger({ taskId: config.taskId, service: config.serviceName, version: config.version }, options.logSink);
  log.info("start", {
    role: config.role,
    startMode: config.startMode,
    pid: process.pid,
    node: process.version,
    db: config.db ? `${config.db.host}:${config.db.port}/${config.db.database}` : null,
    backendUrl: config.backendUrl ?? null,
    otlp: config.otlpEndpoint ?? null,
    faultEndpoint: config.faultSecret !== undefined,
    faultFlagParameter: config.faultFlagParameter ?? null,
  });

  const telemetry = setupTelemetry({
    serviceName: config.serviceName,
    version: config.version,
    taskId: config.taskId,
    otlpEndpoint: config.otlpEndpoint,
    log,
  });
  const faults = new FaultInjector(log);
  const db = config.db
    ? new Database(config.db, { tracer: telemetry.tracer, faults, log, applicationName: `${config.serviceName}/${config.taskId}` })
    : undefined;
  const backend = config.backendUrl
    ? new BackendClient(config.backendUrl, { tracer: telemetry.tracer, propagator: telemetry.propagator, faults })
    : undefined;

  let ssmFlags: SsmFaultFlags | undefined;
  if (config.faultFlagParameter) {
    if (!options.ssmClient) throw new Error("FAULT_FLAG_PARAMETER is set but no SSM client was provided");
    ssmFlags = new SsmFaultFlags({
      client: options.ssmClient,
      parameterName: config.faultFlagParameter,
      taskId: config.taskId,
      serviceName: config.serviceName,
      log,
      intervalMs: options.ssmPollIntervalMs,
    });
    ssmFlags.start();
  }

  let draining = false;
  let inFlight = 0;
  const server = createHttpServer({
    routes: buildRoutes({ config, startedAt, faults, ssmFlags, db, backend, isDraining: () => draining }),
    taskId: config.taskId,
    tracer: telemetry.tracer,
    propagator: telemetry.propagator,
    log,
    responseDelayMs: () => faults.delayMs(),
    isDraining: () => draining,
  });
  server.on("request", (_req: http.IncomingMessage, res: http.ServerResponse) => {
    inFlight += 1;
    res.once("close", () => {
      inFlight -= 1;
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = config.host === "0.0.0.0" || config.host === "::" ? "127.0.0.1" : config.host;

  let stopping: Promise<void> | undefined;
  const shutdown = async (reason: string) => {
    draining = true;
    // close() stops accepting at once and ends idle keep-alive connections; busy ones end
    // after their response (they answer with `connection: close`). Its callback runs when
    // the last in-flight request is done.
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Logged after close(): whoever sees "draining" can rely on new connections being refused.
    log.info("draining", { reason, inFlight });
    await closed;
    faults.stop();
    ssmFlags?.stop();
    await telemetry.shutdown(2000);
    if (db) {
      await db.close().catch((error: unknown) => log.warn("closing the database pool failed", { error }));
    }
  };

  const running: RunningService = {
    config,
    log,
    port,
    url: `http://${urlHost.includes(":") ? `[${urlHost}]` : urlHost}:${port}`,
    inFlight: () => inFlight,
    shutdown: (reason) => {
      stopping ??= shutdown(reason);
      return stopping;
    },
  };
  options.onListening?.(running);
  // The lab and the tests wait for this line; the time is since the process started.
  log.info("ready", { port, host: config.host, sinceProcessStartMs: Math.round(performance.now()) });
  return running;
}
