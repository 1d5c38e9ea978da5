/**
 * The console's `npm start` hands the lab a superuser URL of its own Postgres
 * (LAB_DATABASE_URL): the lab then creates its database and roles there instead of running
 * a cluster, and its database faults work the same.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDatabase, type LabDatabase } from "../src/db/postgres";
import { get, startLab, waitFor, type LabUnderTest } from "./harness";

let consoleDatabase: LabDatabase;
let adminUrl = "";
let lab: LabUnderTest | undefined;
const consoleDir = mkdtempSync(path.join(os.tmpdir(), "gameday-console-pg-"));

beforeAll(async () => {
  // Stands in for the console's embedded Postgres.
  consoleDatabase = await startDatabase({ stateDir: consoleDir, adminUrl: undefined, services: [], passwords: new Map(), log: () => undefined });
  const { password } = JSON.parse(readFileSync(path.join(consoleDir, "postgres", "cluster.json"), "utf8")) as { password: string };
  adminUrl = `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${consoleDatabase.port}/postgres`;
  lab = await startLab({ env: { LAB_DATABASE_URL: adminUrl } });
  await lab.waitSteady();
});

afterAll(async () => {
  await lab?.stop();
  await consoleDatabase?.stop();
  rmSync(consoleDir, { recursive: true, force: true });
});

describe("external Postgres (LAB_DATABASE_URL)", () => {
  it("creates the lab's database and a login role per service there, and the tasks reach it through the fault proxy", async () => {
    if (!lab) throw new Error("lab not started");
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      const databases = await admin.query<{ datname: string }>("select datname from pg_database where datname = 'gameday_lab'");
      expect(databases.rowCount).toBe(1);
      const roles = await admin.query<{ rolname: string }>("select rolname from pg_roles where rolname like 'gameday_lab_%' order by rolname");
      expect(roles.rows.map((row) => row.rolname)).toEqual(["gameday_lab_api", "gameday_lab_backend"]);
    } finally {
      await admin.end();
    }
    const db = await get(`${lab.publicUrl}/db`);
    expect(db.status).toBe(200);
    expect(JSON.parse(db.body)).toMatchObject({ ok: true });
    expect((await lab.topology()).database).toMatchObject({ identifier: "gameday-lab-db", status: "available" });
  });

  it("runs a writer failover against it and recovers", async () => {
    const current = lab;
    if (!current) throw new Error("lab not started");
    const handle = await current.start("aurora-failover", { refuseSeconds: 5 }, 20);
    await waitFor("injection", () => current.status(handle.externalId), (status) => status.phase === "active");
    expect((await get(`${current.publicUrl}/db`, 4000)).status).toBe(503);
    await current.stopRun(handle.externalId);
    await waitFor("/db back", () => get(`${current.publicUrl}/db`, 4000), (result) => result.status === 200, 10_000, 200);
  });
});
