/**
 * `npm start`: brings the console up on this machine: embedded Postgres (unless
 * DATABASE_URL is set), migrations, first-run seed, the local lab, a production build if
 * missing, then `next start`. Ctrl-C stops everything it started.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from "../db/embedded-postgres";
import { applyMigrations } from "../db/migrations";
import { ROOT, readUpConfig } from "./config";
import { startLocalLabProcess, type LocalLabProcess } from "./local-lab";
import { loadOrCreateSecrets } from "./secrets";
import { waitForHttp } from "./wait";

const config = readUpConfig(process.env);
const children: ChildProcess[] = [];
let postgres: EmbeddedPostgresHandle | undefined;
let lab: LocalLabProcess | undefined;
let stopping = false;

function step(message: string): void {
  console.log(`▸ ${message}`);
}

async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}

function currentRevision(): string | null {
  const result = spawnSync("git", ["rev-parse", "HEAD"], { cwd: ROOT, encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim() : null;
}

function buildIfNeeded(env: NodeJS.ProcessEnv): void {
  const stampFile = path.join(ROOT, ".next", "gameday-build-revision");
  const revision = currentRevision();
  const built = existsSync(path.join(ROOT, ".next", "BUILD_ID"));
  const stale = revision !== null && existsSync(stampFile) && readFileSync(stampFile, "utf8").trim() !== revision;
  if (built && !stale && config.GAMEDAY_REBUILD !== "1") return;
  step(built ? "Rebuilding the console (the code changed since the last build)…" : "Building the console (first start; about a minute)…");
  const result = spawnSync(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "build"], { cwd: ROOT, env, stdio: "inherit" });
  if (result.status !== 0) throw new Error("next build failed; see the output above.");
  if (revision) writeFileSync(stampFile, revision);
}

async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    for (const child of children) child.kill("SIGTERM");
    await lab?.stop();
    await postgres?.stop().catch(() => undefined);
  }
  process.exit(code);
}

async function main(): Promise<void> {
  const secrets = loadOrCreateSecrets(config.GAMEDAY_DATA_DIR);
  let databaseUrl = config.DATABASE_URL;
  if (!databaseUrl) {
    step("Starting the embedded Postgres (data in .data/postgres)…");
    postgres = await startEmbeddedPostgres({ dataDir: path.join(config.GAMEDAY_DATA_DIR, "postgres"), persistent: true, port: 54329 });
    await ensureDatabase(postgres.adminUrl, "gameday");
    databaseUrl = postgres.urlFor("gameday");
  }

  step("Applying database migrations…");
  const migrated = await applyMigrations(databaseUrl);
  if (migrated.applied.length) console.log(`  applied ${migrated.applied.join(", ")}`);

  const nextauthUrl = config.NEXTAUTH_URL ?? `http://localhost:${config.PORT}`;
  const consoleEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: databaseUrl,
    NEXTAUTH_SECRET: secrets.nextauthSecret,
    NEXTAUTH_URL: nextauthUrl,
    LAB_KIND: config.LAB_KIND,
  };
  // Seeding reads lib/env.ts through the Prisma client, so it sees the same configuration.
  Object.assign(process.env, { DATABASE_URL: databaseUrl, NEXTAUTH_SECRET: secrets.nextauthSecret, NEXTAUTH_URL: nextauthUrl });
  const { seedDemo } = await import("../../prisma/seed");
  const credentials = await seedDemo();
  const { disconnectDb } = await import("../../lib/db/client");
  await disconnectDb();

  if (config.LAB_KIND === "local") {
    step("Starting the local lab (a real fleet of target-service processes)…");
    lab = await startLocalLabProcess({
      port: config.LAB_PORT,
      publicPort: config.LAB_PUBLIC_PORT,
      token: secrets.labToken,
      stateDir: path.join(config.GAMEDAY_DATA_DIR, "lab"),
      databaseAdminUrl: postgres?.adminUrl,
    });
    Object.assign(consoleEnv, { LOCAL_LAB_URL: lab.url, LOCAL_LAB_TOKEN: secrets.labToken });
  } else {
    Object.assign(consoleEnv, { GAMEDAY_AWS_OUTPUTS: config.GAMEDAY_AWS_OUTPUTS });
  }

  buildIfNeeded(consoleEnv);

  step(`Starting the console on ${config.HOST}:${config.PORT}…`);
  const next = spawn(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "start", "-p", String(config.PORT), "-H", config.HOST], {
    cwd: ROOT,
    env: consoleEnv,
    stdio: "inherit",
  });
  children.push(next);
  next.on("exit", (code) => void shutdown(code ?? 1));
  await waitForHttp(`http://${config.HOST === "0.0.0.0" ? "127.0.0.1" : config.HOST}:${config.PORT}/api/health`, 120_000);

  console.log("");
  console.log(`  Game-day console: ${nextauthUrl}`);
  if (lab) console.log(`  Local lab target (its load balancer): ${lab.publicUrl}`);
  if (credentials.length) {
    console.log("");
    console.log("  First run: these accounts were created. The passwords are shown only now; keep them.");
    for (const credential of credentials) {
      console.log(`    ${credential.role.padEnd(11)} ${credential.email.padEnd(30)} ${credential.password}${credential.team ? `   (team ${credential.team})` : ""}`);
    }
  }
  console.log("");
  console.log("  Ctrl-C stops the console, the local lab and the embedded Postgres.");
}

for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void shutdown(0));
main().catch(async (error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  await shutdown(1);
});
