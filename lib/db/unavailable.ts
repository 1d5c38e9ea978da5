/**
 * Tells "the database is not there right now" apart from every other failure, so a
 * restart or failover of Postgres answers 503 with Retry-After (the caller should retry)
 * instead of a 500 (a bug). No server-only import: the API's error mapping uses it.
 */

/** Socket-level codes of a refused, reset or timed-out connection. */
const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "ENOTCONN", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN"]);

/**
 * Postgres SQLSTATEs of a server going away, not yet ready or not answering in time:
 * admin_shutdown, crash_shutdown, cannot_connect_now (starting up / shutting down),
 * too_many_connections, the connection_exception class, and query_canceled (what the
 * console's statement timeout raises, lib/db/client.ts).
 */
const POSTGRES_CODES = new Set(["57P01", "57P02", "57P03", "53300", "08000", "08001", "08003", "08004", "08006", "57014"]);

/** Prisma's codes for an unreachable server, a closed connection and an exhausted pool. */
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);

/** Driver-adapter error kinds Prisma reports for the same conditions. */
const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections", "DatabaseUnavailable"]);

/** What pg and Prisma say when a pooled or new connection dies under a query. */
const MESSAGES = [
  /connection terminated/i,
  /terminating connection due to administrator command/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
  /timeout exceeded when trying to connect/i,
  /connection (is )?(closed|refused|reset)/i,
  /client has encountered a connection error and is not queryable/i,
  /can't reach database server/i,
  /server closed the connection unexpectedly/i,
  // Prisma reports a raw query's SQLSTATE only inside its message (P2010).
  /canceling statement due to statement timeout/i,
  /ECONNREFUSED|ECONNRESET/,
];

function fieldOf(value: object, name: string): unknown {
  return (value as Record<string, unknown>)[name];
}

/** True when `error`, or anything in its cause chain, says the database cannot be reached. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === "object" && !seen.has(current)) {
    seen.add(current);
    const code = fieldOf(current, "code");
    if (typeof code === "string" && (NETWORK_CODES.has(code) || POSTGRES_CODES.has(code) || PRISMA_CODES.has(code))) return true;
    const kind = fieldOf(current, "kind");
    if (typeof kind === "string" && ADAPTER_KINDS.has(kind)) return true;
    const originalCode = fieldOf(current, "originalCode");
    if (typeof originalCode === "string" && POSTGRES_CODES.has(originalCode)) return true;
    const message = fieldOf(current, "message");
    if (typeof message === "string" && MESSAGES.some((pattern) => pattern.test(message))) return true;
    if (current instanceof AggregateError && current.errors.some((inner) => isDatabaseUnavailable(inner))) return true;
    current = fieldOf(current, "cause");
  }
  return false;
}

/** Seconds a client should wait before retrying while the database is away. */
export const DATABASE_RETRY_AFTER_SECONDS = 2;
