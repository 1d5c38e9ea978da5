import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, inject } from "vitest";
import { disconnectDb } from "@/lib/db/client";
import { resetEnvCache } from "@/lib/env";

const TEMPLATE_DATABASE = "gameday_template";

function withDatabase(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function admin<T>(use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: inject("pgAdminUrl") });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/**
 * Gives the calling test file its own migrated database (a clone of the template) and
 * points the console's env at it. Returns the database URL.
 */
export function useTestDatabase(): { url: () => string } {
  const name = `test_${randomBytes(6).toString("hex")}`;
  let url = "";
  beforeAll(async () => {
    await admin((client) => client.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}`));
    url = withDatabase(inject("pgAdminUrl"), name);
    process.env.DATABASE_URL = url;
    resetEnvCache();
  });
  afterAll(async () => {
    await disconnectDb();
    await admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  });
  return { url: () => url };
}
