/**
 * Starts the whole console on this machine: Postgres (embedded unless a URL is given),
 * migrations, first-run seed, the local lab, a production build if needed, `next start`.
 * Used by `npm start` and by the browser tests, so both run the same thing.
 */
import { spawnSync, type ChildProcess } from "node:child_process";
import path from "node:path";
import pg from "pg";
import { z } from "zod";
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from "../db/embedded-postgres";
import { applyMigrations } from "../db/migrations";
import type { LabPace } from "../../contract/lab";
import type { SeededCredential } from "../../prisma/seed";
import { buildConsoleIfNeeded } from "./build";
import { spawnConsoleProcess } from "./console-process";
import { ROOT } from "./config";
import { startSupervisedLab, type SupervisedLab } from "./lab-supervisor";
import { claimDataDir } from "./process-registry";
import type { LocalSecrets } from "./secrets";
import { waitForHttp } from "./wait";

export interface StackOptions {
  dataDir: string;
  /** Keep Postgres data across runs (npm start) or throw it away (tests). */
  persistent: boolean;
  databaseUrl?: string;
  postgresPort?: number;
  host: string;
  port: number;
  publicUrl: string;
  secrets: LocalSecrets;
  labKind: "local" | "aws";
  labPort: number;
  labPublicPort: number;
  awsOutputs?: string;
  forceBuild?: boolean;
  /** Do not start the local-lab daemon; the console reports the lab unreachable. */
  skipLab?: boolean;
  /** Inherit the console's output (npm start) or keep it quiet (tests). */
  quiet?: boolean;
  /** The local lab's pace until a game day sets its own (default: the daemon's, realistic). */
  labPace?: LabPace;
  log: (message: string) => void;
}

export interface RunningStack {
  url: string;
  /** Where the stack keeps its Postgres, its lab state and its process registry. */
  dataDir: string;
  databaseUrl: string;
  lab: SupervisedLab | undefined;
  credentials: SeededCredential[];
  /** Resolves when `next start` exits. */
  exited: Promise<number>;
  /** The `next start` process (benchmarks read its memory). */
  consolePid: number;
  stop(): Promise<void>;
}

const SeedOutputSchema = z.array(
  z.object({ role: z.enum(["admin", "facilitator", "trainee", "observer"]), email: z.string(), password: z.string(), team: z.string().optional() }),
);

/** Runs the seed in its own process: it uses server-only modules of the console. */
function seedDatabase(env: NodeJS.ProcessEnv): SeededCredential[] {
  const result = spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", path.join(ROOT, "scripts/db/seed.ts")], {
    cwd: ROOT,
    env: { ...env, NODE_ENV: "development" },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  if (result.status !== 0) throw new Error("Seeding the database failed; see the output above.");
  return SeedOutputSchema.parse(JSON.parse(result.stdout.trim() || "[]"));
}

/** Creates database `name` on the cluster unless it exists. */
export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}

export async function startConsoleStack(options: StackOptions): Promise<RunningStack> {
  const registry = await claimDataDir(options.dataDir, options.log);
  let postgres: EmbeddedPostgresHandle | undefined;
  let lab: SupervisedLab | undefined;
  let next: ChildProcess | undefined;
  const stop = async () => {
    if (next && next.exitCode === null && next.signalCode === null) {
      const exited = new Promise((resolve) => next?.once("exit", resolve));
      next.kill("SIGTERM");
      // A server holding open streams may not finish its graceful close; it gets 10 s.
      const stopped = await Promise.race([exited.then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), 10_000))]);
      if (!stopped) {
        next.kill("SIGKILL");
        await exited;
      }
    }
    await lab?.stop();
    await postgres?.stop().catch(() => undefined);
    registry.release();
  };

  try {
    let databaseUrl = options.databaseUrl;
    if (!databaseUrl) {
      options.log("Starting the embedded Postgres…");
      postgres = await startEmbeddedPostgres({ dataDir: path.join(options.dataDir, "postgres"), persistent: options.persistent, port: options.postgresPort, notice: options.log });
      registry.add({ pid: postgres.pid, name: "embedded Postgres", signal: "SIGINT", graceMs: 10_000 });
      await ensureDatabase(postgres.adminUrl, "gameday");
      databaseUrl = postgres.urlFor("gameday");
    }

    options.log("Applying database migrations…");
    const migrated = await applyMigrations(databaseUrl);
    if (migrated.applied.length) options.log(`  applied ${migrated.applied.join(", ")}`);

    const consoleEnv: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: databaseUrl,
      NEXTAUTH_SECRET: options.secrets.nextauthSecret,
      NEXTAUTH_URL: options.publicUrl,
      LAB_KIND: options.labKind,
      ...(options.labKind === "aws" && options.awsOutputs ? { GAMEDAY_AWS_OUTPUTS: options.awsOutputs } : {}),
    };
    const credentials = seedDatabase(consoleEnv);

    if (options.labKind === "local" && options.skipLab) {
      options.log("Not starting the local lab (GAMEDAY_SKIP_LAB=1): pages work, launches will fail and the lab shows as unreachable.");
      Object.assign(consoleEnv, { LOCAL_LAB_URL: `http://127.0.0.1:${options.labPort}`, LOCAL_LAB_TOKEN: options.secrets.labToken });
    } else if (options.labKind === "local") {
      options.log("Starting the local lab (a real fleet of target-service processes)…");
      lab = await startSupervisedLab(
        {
          port: options.labPort,
          publicPort: options.labPublicPort,
          token: options.secrets.labToken,
          stateDir: path.join(options.dataDir, "lab"),
          databaseAdminUrl: postgres?.adminUrl,
          quiet: options.quiet,
          pace: options.labPace,
        },
        registry,
        options.log,
      );
      Object.assign(consoleEnv, { LOCAL_LAB_URL: lab.url, LOCAL_LAB_TOKEN: options.secrets.labToken });
    }

    let buildPid: number | undefined;
    await buildConsoleIfNeeded({
      env: consoleEnv,
      force: options.forceBuild,
      log: options.log,
      onSpawn: (pid) => {
        buildPid = pid;
        registry.add({ pid, name: "console build", signal: "SIGTERM", graceMs: 5000 });
      },
    });
    if (buildPid) registry.remove(buildPid);

    options.log(`Starting the console on ${options.host}:${options.port}…`);
    next = spawnConsoleProcess({ host: options.host, port: options.port, env: consoleEnv, quiet: options.quiet });
    const started = next;
    if (started.pid) registry.add({ pid: started.pid, name: "console server", signal: "SIGTERM", graceMs: 10_000 });
    const exited = new Promise<number>((resolve) => started.once("exit", (code) => resolve(code ?? 1)));
    const healthHost = options.host === "0.0.0.0" ? "127.0.0.1" : options.host;
    await Promise.race([
      waitForHttp(`http://${healthHost}:${options.port}/api/health`, 120_000),
      exited.then((code) => {
        throw new Error(`next start exited with code ${code} during start`);
      }),
    ]);
    registry.setUrl(options.publicUrl);
    return { url: options.publicUrl, dataDir: options.dataDir, databaseUrl, lab, credentials, exited, stop, consolePid: started.pid ?? 0 };
  } catch (error) {
    await stop();
    throw error;
  }
}
