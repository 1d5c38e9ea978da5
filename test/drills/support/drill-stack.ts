/**
 * A console the crash drills can break on purpose: its own embedded Postgres (kept on disk so
 * it can be stopped and started again on the same port and data), the production build
 * under `next start`, no local lab (the drills break the console, not the target). The
 * console can be SIGKILLed and restarted on the same port, database and secrets; Postgres can
 * be restarted under it. Everything lives under one temporary directory removed at the end.
 */
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { findFreePort, startEmbeddedPostgres, type EmbeddedPostgresHandle } from "../../../scripts/db/embedded-postgres";
import { startConsoleProcess, type ConsoleProcess, type ConsoleProcessSettings } from "../../../scripts/console/restart-console";
import { ensureDatabase, startConsoleStack } from "../../../scripts/console/stack";
import type { SeededCredential } from "../../../prisma/seed";

export interface DrillStack {
  url: string;
  databaseUrl: string;
  credentials: SeededCredential[];
  /** The running console (replaced by restartConsole). */
  readonly console: ConsoleProcess;
  /** SIGKILLs the console and waits until it is gone. */
  killConsole(): Promise<void>;
  /** A new `next start` on the same port, database and secrets; resolves when healthy. */
  restartConsole(): Promise<void>;
  /** Stops Postgres (fast shutdown: open connections are cut) and keeps its data. */
  stopPostgres(): Promise<void>;
  /** Starts Postgres again on the same port and data directory. */
  startPostgres(): Promise<void>;
  /** A superuser-free query on the console's database, for assertions. */
  query<R extends pg.QueryResultRow>(sql: string, values?: unknown[]): Promise<R[]>;
  /** Stops everything and removes the data. */
  stop(): Promise<void>;
}

export async function startDrillStack(options: { name: string; log?: (message: string) => void }): Promise<DrillStack> {
  const log = options.log ?? (() => undefined);
  const root = path.join(os.tmpdir(), `gameday-drill-${options.name}-${process.pid}`);
  rmSync(root, { recursive: true, force: true });
  const postgresDir = path.join(root, "postgres");
  // Persistent, so stop() keeps the cluster and a second start finds its data and port.
  let postgres: EmbeddedPostgresHandle | null = await startEmbeddedPostgres({ dataDir: postgresDir, persistent: true });
  const databaseUrl = postgres.urlFor("gameday");
  let current: ConsoleProcess | null = null;
  const cleanup = async () => {
    await current?.kill().catch(() => undefined);
    await postgres?.stop().catch(() => undefined);
    postgres = null;
    rmSync(root, { recursive: true, force: true });
  };

  try {
    await ensureDatabase(postgres.adminUrl, "gameday");
    const port = await findFreePort();
    const settings: ConsoleProcessSettings = {
      host: "127.0.0.1",
      port,
      publicUrl: `http://127.0.0.1:${port}`,
      databaseUrl,
      secrets: { nextauthSecret: randomBytes(32).toString("base64url"), labToken: randomBytes(24).toString("base64url") },
      labKind: "local",
      labUrl: `http://127.0.0.1:${await findFreePort()}`,
    };
    // The stack migrates, seeds and builds if needed; its console is then ours to kill.
    const stack = await startConsoleStack({
      dataDir: root,
      persistent: true,
      databaseUrl,
      host: settings.host,
      port: settings.port,
      publicUrl: settings.publicUrl,
      secrets: settings.secrets,
      labKind: "local",
      labPort: Number(new URL(settings.labUrl).port),
      labPublicPort: await findFreePort(),
      skipLab: true,
      quiet: true,
      log,
    });
    const firstPid = stack.consolePid;
    current = {
      pid: firstPid,
      exited: stack.exited,
      kill: async () => {
        try {
          process.kill(firstPid, "SIGKILL");
        } catch {
          // already gone
        }
        await stack.exited;
      },
      stop: () => stack.stop(),
    };

    const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
    pool.on("error", () => undefined);
    return {
      url: settings.publicUrl,
      databaseUrl,
      credentials: stack.credentials,
      get console() {
        if (!current) throw new Error("the console is not running");
        return current;
      },
      async killConsole() {
        await current?.kill();
        current = null;
      },
      async restartConsole() {
        if (current) throw new Error("the console is still running; kill it first");
        log("restarting the console");
        current = await startConsoleProcess(settings);
      },
      async stopPostgres() {
        log("stopping Postgres");
        await postgres?.stop();
        postgres = null;
      },
      async startPostgres() {
        log("starting Postgres");
        postgres = await startEmbeddedPostgres({ dataDir: postgresDir, persistent: true });
      },
      async query<R extends pg.QueryResultRow>(sql: string, values: unknown[] = []) {
        return (await pool.query<R>(sql, values)).rows;
      },
      async stop() {
        await pool.end().catch(() => undefined);
        await cleanup();
      },
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
