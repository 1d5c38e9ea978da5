import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { env } from "@/lib/env";
import { PrismaClient } from "@/lib/generated/prisma/client";

/** Secret columns are never selected unless a query asks for them by name. */
const omitSecrets = {
  user: { passwordHash: true },
  session: { tokenHash: true },
  apiToken: { tokenHash: true },
} as const;

function createClient() {
  return new PrismaClient({
    adapter: new PrismaPg({ connectionString: env().DATABASE_URL, max: 10 }),
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
  }
  return globalForPrisma.gamedayPrisma;
}

export async function disconnectDb(): Promise<void> {
  await globalForPrisma.gamedayPrisma?.$disconnect();
  globalForPrisma.gamedayPrisma = undefined;
  globalForPrisma.gamedayPrismaUrl = undefined;
}
