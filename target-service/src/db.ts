/**
 * The application database through one long-lived `pg.Pool`. The pool is never rebuilt on
 * errors: connections opened before a password rotation keep working and only new ones fail,
 * which is exactly what the secret-drift scenario teaches responders to recognise.
 */
import { context, SpanKind, SpanStatusCode, trace, type Tracer } from "@opentelemetry/api";
import pg from "pg";
import type { DbConfig } from "./config";
import type { FaultInjector } from "./faults";
import type { Logger } from "./log";

/** Outcome of one successful probe query. */
export interface DbProbe {
  latencyMs: number;
  /** The database server's clock (ISO 8601). */
  now: string;
}

/** A failed query, with the Postgres SQLSTATE (e.g. 28P01) or the socket errno (e.g. ECONNREFUSED). */
export class DbError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = "DbError";
  }
}

const PROBE_SQL = "SELECT now() AS now";

/** Message and code of anything `pg` or the socket layer throws. */
export function describeDbError(error: unknown): { message: string; code: string } {
  if (!(error instanceof Error)) return { message: String(error), code: "UNKNOWN" };
  // Node 20 tries every address of a host name and reports an AggregateError with an empty
  // message; the first attempt's error is the useful one.
  const inner = error instanceof AggregateError && error.errors[0] instanceof Error ? error.errors[0] : undefined;
  const message = error.message || inner?.message || error.name;
  const code = (error as { code?: unknown }).code ?? (inner as { code?: unknown } | undefined)?.code;
  if (typeof code === "string" && code) return { message, code };
  if (/timeout exceeded when trying to connect/i.test(message)) return { message, code: "CONNECT_TIMEOUT" };
  if (/query read timeout/i.test(message)) return { message, code: "QUERY_TIMEOUT" };
  if (/connection terminated/i.test(message)) return { message, code: "CONNECTION_TERMINATED" };
  return { message, code: "UNKNOWN" };
}

/** Collaborators of the database module. */
export interface DatabaseDeps {
  tracer: Tracer;
  faults: FaultInjector;
  log: Logger;
  applicationName: string;
}

export class Database {
  private readonly pool: pg.Pool;

  constructor(
    private readonly config: DbConfig,
    private readonly deps: DatabaseDeps,
  ) {
    this.pool = new pg.Pool({
      host: config.host,
      port: config.port,
      database: config.database,
      user: config.user,
      password: config.password,
      ssl: config.ssl ? { rejectUnauthorized: false } : undefined,
      max: 5,
      connectionTimeoutMillis: 2000,
      idleTimeoutMillis: 10_000,
      statement_timeout: 2000,
      // The server-side timeout cannot fire when the connection itself is gone (a failover
      // through the lab's proxy drops packets); this client-side backstop ends the wait.
      query_timeout: 2500,
      keepAlive: true,
      application_name: deps.applicationName,
    });
    // An idle connection killed by a failover emits 'error' on the pool; unhandled, it would
    // crash the process. The pool drops that client and opens a new one on demand.
    this.pool.on("error", (error) => {
      const { message, code } = describeDbError(error);
      deps.log.warn("database connection lost", { error: message, code });
    });
  }

  /** One real round trip (`SELECT now()`), traced as a CLIENT span; throws DbError on failure. */
  async probe(): Promise<DbProbe> {
    const span = this.deps.tracer.startSpan(
      `SELECT ${this.config.database}`,
      {
        kind: SpanKind.CLIENT,
        attributes: {
          "db.system.name": "postgresql",
          "db.operation.name": "SELECT",
          "db.namespace": this.config.database,
          "db.query.text": PROBE_SQL,
          "server.address": this.config.host,
          "server.port": this.config.port,
        },
      },
      context.active(),
    );
    const started = performance.now();
    try {
      return await context.with(trace.setSpan(context.active(), span), async () => {
        const client = await this.pool.connect();
        let failure: unknown;
        try {
          // Injected network latency holds the connection like a slow link would, so a
          // latency fault also shows up as pool pressure.
          await this.deps.faults.delay();
          const result = await client.query<{ now: Date }>(PROBE_SQL);
          const row = result.rows[0];
          return {
            latencyMs: Math.round((performance.now() - started) * 10) / 10,
            now: (row?.now ?? new Date()).toISOString(),
          };
        } catch (error) {
          failure = error;
          throw error;
        } finally {
          // A server error (an ErrorResponse with a SQLSTATE) leaves the connection usable; anything else
          // (timeout, reset) may have left it mid-protocol, so it is discarded.
          const keep = failure === undefined || failure instanceof pg.DatabaseError;
          client.release(keep ? undefined : true);
        }
      });
    } catch (error) {
      const { message, code } = describeDbError(error);
      span.setAttribute("error.type", code);
      span.setStatus({ code: SpanStatusCode.ERROR, message });
      throw new DbError(message, code);
    } finally {
      span.end();
    }
  }

  /** Pool occupancy, for the start page and logs. */
  stats(): { total: number; idle: number; waiting: number } {
    return { total: this.pool.totalCount, idle: this.pool.idleCount, waiting: this.pool.waitingCount };
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
