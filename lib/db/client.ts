import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { env } from "@/lib/env";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { reportDatabaseStatus, setDatabaseProbe } from "./status";
import { isDatabaseUnavailable } from "./unavailable";

/** Secret columns are never selected unless a query asks for them by name. */
const omitSecrets = {
  user: { passwordHash: true },
  session: { tokenHash: true },
  apiToken: { tokenHash: true },
} as const;

/**
 * Postgres cancels any one statement of the console's that runs longer than this (a lock
 * that is never released, a server that stalls): the request answers 503 with Retry-After
 * instead of holding its connection, and the pool's other 19, forever. Nothing the console
 * asks takes more than a fraction of a second; a group commit waiting for its game day's
 * timeline lock is the longest wait by design, and stays well inside this.
 */
export const STATEMENT_TIMEOUT_MS = 15_000;

/**
 * Pool settings that matter when Postgres restarts: a connection that dies is dropped by the
 * pool (pg removes clients that are no longer queryable) and a new one is made on demand;
 * waiting for a free connection is bounded, so a request answers 503 instead of hanging.
 */
const POOL = { max: 20, connectionTimeoutMillis: 5000, idleTimeoutMillis: 30_000, statement_timeout: STATEMENT_TIMEOUT_MS } as const;

function noteConnectionError(error: Error): void {
  if (isDatabaseUnavailable(error)) reportDatabaseStatus(false, error.message);
}

function createClient() {
  return new PrismaClient({
    adapter: new PrismaPg({ connectionString: env().DATABASE_URL, ...POOL }, { onPoolError: noteConnectionError, onConnectionError: noteConnectionError }),
    omit: omitSecrets,
  });
}

export type Database = ReturnType<typeof createClient>;

const globalForPrisma = globalThis as unknown as { gamedayPrisma?: Database; gamedayPrismaUrl?: string };

/**
 * The one Prisma client of this process. Cached on globalThis so Next's dev reloads do not
 * open a new pool each time; re-created if the database URL changes (tests).
 */
export function db(): Database {
  const url = env().DATABASE_URL;
  if (!globalForPrisma.gamedayPrisma || globalForPrisma.gamedayPrismaUrl !== url) {
    void globalForPrisma.gamedayPrisma?.$disconnect();
    globalForPrisma.gamedayPrisma = createClient();
    globalForPrisma.gamedayPrismaUrl = url;
    setDatabaseProbe(async () => {
      await db().$queryRaw`SELECT 1`;
    });
  }
  return globalForPrisma.gamedayPrisma;
}

export async function disconnectDb(): Promise<void> {
  await globalForPrisma.gamedayPrisma?.$disconnect();
  globalForPrisma.gamedayPrisma = undefined;
  globalForPrisma.gamedayPrismaUrl = undefined;
}
