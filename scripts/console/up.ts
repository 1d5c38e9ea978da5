/**
 * `npm start`: brings the console up on this machine with the local lab and demo data,
 * and prints the URL and (on first run) the demo accounts. Ctrl-C stops everything.
 */
import path from "node:path";
import { readUpConfig } from "./config";
import { loadOrCreateSecrets } from "./secrets";
import { startConsoleStack, type RunningStack } from "./stack";

const config = readUpConfig(process.env);
let stack: RunningStack | undefined;
let stopping = false;

async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    await stack?.stop();
  }
  process.exit(code);
}

async function main(): Promise<void> {
  const publicUrl = config.NEXTAUTH_URL ?? `http://localhost:${config.PORT}`;
  stack = await startConsoleStack({
    dataDir: config.GAMEDAY_DATA_DIR,
    persistent: true,
    databaseUrl: config.DATABASE_URL,
    postgresPort: 54329,
    host: config.HOST,
    port: config.PORT,
    publicUrl,
    secrets: loadOrCreateSecrets(config.GAMEDAY_DATA_DIR),
    labKind: config.LAB_KIND,
    labPort: config.LAB_PORT,
    labPublicPort: config.LAB_PUBLIC_PORT,
    awsOutputs: config.GAMEDAY_AWS_OUTPUTS ? path.resolve(config.GAMEDAY_AWS_OUTPUTS) : undefined,
    forceBuild: config.GAMEDAY_REBUILD === "1",
    skipLab: config.GAMEDAY_SKIP_LAB === "1",
    log: (message) => console.log(`▸ ${message}`),
  });
  void stack.exited.then((code) => shutdown(code));

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

for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void shutdown(0));
main().catch(async (error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  await shutdown(1);
});
