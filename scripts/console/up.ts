/**
 * `npm start`: brings the console up on this machine with the local lab and demo data,
 * and prints the URL and (on first run) the demo accounts. Ctrl-C stops everything.
 */
import path from "node:path";
import { releaseShutdownSignals } from "../db/embedded-postgres";
import { readUpConfig } from "./config";
import { choosePort } from "./ports";
import { loadOrCreateSecrets } from "./secrets";
import { startConsoleStack, type RunningStack } from "./stack";

const config = readUpConfig(process.env);
let stack: RunningStack | undefined;
let stopping = false;

/** Stops everything in order, once; a second call (another signal, the server's exit) waits for the first. */
async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  await stack?.stop();
  process.exit(code);
}

const log = (message: string) => console.log(`▸ ${message}`);

/** A second console on this machine moves off the defaults; a port someone chose must be free. */
async function choosePorts(): Promise<{ port: number; labPort: number; labPublicPort: number }> {
  const chosen = (variable: string) => Boolean(process.env[variable]?.trim());
  const consolePort = await choosePort({ what: "the console", variable: "PORT", preferred: config.PORT, explicit: chosen("PORT") || Boolean(config.NEXTAUTH_URL), host: config.HOST });
  const labPort = await choosePort({ what: "the local lab's control API", variable: "LAB_PORT", preferred: config.LAB_PORT, explicit: chosen("LAB_PORT") });
  const labPublicPort = await choosePort({ what: "the local lab's load balancer", variable: "LAB_PUBLIC_PORT", preferred: config.LAB_PUBLIC_PORT, explicit: chosen("LAB_PUBLIC_PORT") });
  for (const choice of [consolePort, labPort, labPublicPort]) if (choice.notice) log(choice.notice);
  return { port: consolePort.port, labPort: labPort.port, labPublicPort: labPublicPort.port };
}

async function main(): Promise<void> {
  const ports = config.LAB_KIND === "local" ? await choosePorts() : { port: config.PORT, labPort: config.LAB_PORT, labPublicPort: config.LAB_PUBLIC_PORT };
  const publicUrl = config.NEXTAUTH_URL ?? `http://localhost:${ports.port}`;
  stack = await startConsoleStack({
    dataDir: config.GAMEDAY_DATA_DIR,
    persistent: true,
    databaseUrl: config.DATABASE_URL,
    postgresPort: 54329,
    host: config.HOST,
    port: ports.port,
    publicUrl,
    secrets: loadOrCreateSecrets(config.GAMEDAY_DATA_DIR),
    labKind: config.LAB_KIND,
    labPort: ports.labPort,
    labPublicPort: ports.labPublicPort,
    awsOutputs: config.GAMEDAY_AWS_OUTPUTS ? path.resolve(config.GAMEDAY_AWS_OUTPUTS) : undefined,
    forceBuild: config.GAMEDAY_REBUILD === "1",
    skipLab: config.GAMEDAY_SKIP_LAB === "1",
    log,
  });
  void stack.exited.then((code) => {
    if (stopping) return;
    console.error(`The console server exited on its own (code ${code}); stopping the rest.`);
    void shutdown(code || 1);
  });

  console.log("");
  console.log(`  Game-day console: ${publicUrl}`);
  if (stack.lab) console.log(`  Local lab target (its load balancer): ${stack.lab.publicUrl}`);
  if (stack.credentials.length) {
    console.log("");
    console.log("  First run: these accounts were created. The passwords are shown only now; keep them.");
    for (const credential of stack.credentials) {
      console.log(`    ${credential.role.padEnd(11)} ${credential.email.padEnd(30)} ${credential.password}${credential.team ? `   (team ${credential.team})` : ""}`);
    }
  }
  console.log("");
  console.log("  Ctrl-C stops the console, the local lab and the embedded Postgres.");
}

releaseShutdownSignals();
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => void shutdown(0));

// Under `npm start` a small wrapper (scripts/start.mjs) is the parent; if it is killed, the
// terminal no longer owns this console, so it shuts down instead of running on unseen.
const wrapper = Number(process.env.GAMEDAY_WRAPPER_PID ?? 0);
if (wrapper) {
  const watch = setInterval(() => {
    if (process.ppid !== wrapper) {
      clearInterval(watch);
      log("npm start's process is gone; shutting the console down.");
      void shutdown(1);
    }
  }, 500);
  watch.unref();
}

main().catch(async (error: unknown) => {
  console.error(error instanceof Error ? error.message : `The console did not start: ${String(error)}`);
  await shutdown(1);
});
