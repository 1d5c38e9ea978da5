import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "../scripts/db/embedded-postgres";
import { applyMigrations } from "../scripts/db/migrations";

export const TEMPLATE_DATABASE = "gameday_template";

declare module "vitest" {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}

/**
 * One throwaway Postgres for the console's tests. Migrations are applied once to a template
 * database; each test file clones it (CREATE DATABASE … TEMPLATE), so files stay isolated
 * and run in parallel.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const postgres = await startEmbeddedPostgres({
    dataDir: path.join(os.tmpdir(), `gameday-test-pg-${process.pid}-${Date.now()}`),
    persistent: false,
  });
  const admin = new pg.Client({ connectionString: postgres.adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  await admin.end();
  await applyMigrations(postgres.urlFor(TEMPLATE_DATABASE));
  project.provide("pgAdminUrl", postgres.adminUrl);
  return async () => {
    await postgres.stop();
  };
}
