import { cpSync, mkdtempSync, rmSync, writeFileSync, appendFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { MIGRATIONS_DIR, applyMigrations, readMigrations } from "./migrations";

async function withAdmin<T>(use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: inject("pgAdminUrl") });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

function urlOf(database: string): string {
  const url = new URL(inject("pgAdminUrl"));
  url.pathname = `/${database}`;
  return url.toString();
}

describe("migrations", () => {
  const database = `migrate_${Date.now().toString(36)}`;
  let scratch: string;

  beforeAll(async () => {
    await withAdmin((client) => client.query(`CREATE DATABASE ${database}`));
    scratch = mkdtempSync(path.join(os.tmpdir(), "gameday-migrations-"));
  });
  afterAll(async () => {
    await withAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
    rmSync(scratch, { recursive: true, force: true });
  });

  it("apply every migration to an empty database and record them as Prisma does", async () => {
    const expected = readMigrations().map((migration) => migration.name);
    expect(expected.length).toBeGreaterThan(0);

    const result = await applyMigrations(urlOf(database));
    expect(result.applied).toEqual(expected);

    const client = new pg.Client({ connectionString: urlOf(database) });
    await client.connect();
    try {
      const history = await client.query<{ migration_name: string; checksum: string; finished_at: Date | null; applied_steps_count: number }>(
        `SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name`,
      );
      expect(history.rows.map((row) => row.migration_name)).toEqual(expected);
      for (const [index, row] of history.rows.entries()) {
        expect(row.checksum).toBe(readMigrations()[index]?.checksum);
        expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
        expect(row.finished_at).not.toBeNull();
        expect(row.applied_steps_count).toBe(1);
      }
      const tables = await client.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`);
      expect(tables.rows.map((row) => row.table_name)).toEqual(
        expect.arrayContaining(["User", "Session", "ApiToken", "GameDay", "Team", "Participant", "Run", "TimelineEvent", "Score", "RunbookProgress", "MetricSnapshot", "AuditLog"]),
      );
    } finally {
      await client.end();
    }
  });

  it("are idempotent: a second run applies nothing and changes nothing", async () => {
    const again = await applyMigrations(urlOf(database));
    expect(again.applied).toEqual([]);
    expect(again.alreadyApplied).toEqual(readMigrations().map((migration) => migration.name));
  });

  it("refuse to run when an applied migration was edited afterwards", async () => {
    const copy = path.join(scratch, "edited");
    cpSync(MIGRATIONS_DIR, copy, { recursive: true });
    const first = readMigrations(copy)[0];
    if (!first) throw new Error("no migrations");
    appendFileSync(path.join(copy, first.name, "migration.sql"), "\n-- edited after the fact\n");
    await expect(applyMigrations(urlOf(database), copy)).rejects.toThrow(/was changed after it was applied/);
  });

  it("roll back a failing migration completely and leave no history row for it", async () => {
    const copy = path.join(scratch, "failing");
    cpSync(MIGRATIONS_DIR, copy, { recursive: true });
    const broken = path.join(copy, "29990101000000_broken");
    cpSync(path.join(copy, readMigrations(copy)[0]?.name ?? ""), broken, { recursive: true });
    writeFileSync(path.join(broken, "migration.sql"), `CREATE TABLE "HalfWritten" (id int);\nSELECT * FROM "NoSuchTable";\n`);
    await expect(applyMigrations(urlOf(database), copy)).rejects.toThrow(/29990101000000_broken failed and was rolled back/);

    const client = new pg.Client({ connectionString: urlOf(database) });
    await client.connect();
    try {
      const table = await client.query(`SELECT to_regclass('"HalfWritten"') AS name`);
      expect(table.rows[0]).toEqual({ name: null });
      const rows = await client.query(`SELECT 1 FROM "_prisma_migrations" WHERE migration_name = '29990101000000_broken'`);
      expect(rows.rowCount).toBe(0);
    } finally {
      await client.end();
    }
  });
});
