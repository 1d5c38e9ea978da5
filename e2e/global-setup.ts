import { randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { startConsoleStack } from "../scripts/console/stack";
import { findFreePort } from "../scripts/db/embedded-postgres";

/** Browser tests must never touch a real database: they run only on one they create. */
function assertLocalDatabase(url: string): void {
  const host = new URL(url).hostname;
  if (!["127.0.0.1", "localhost", "::1"].includes(host)) throw new Error(`E2E refuses a non-local database (${host}).`);
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  const port = Number(process.env.E2E_PORT ?? 3210);
  const stack = await startConsoleStack({
    dataDir: path.join(os.tmpdir(), `gameday-e2e-${process.pid}`),
    persistent: false,
    host: "127.0.0.1",
    port,
    publicUrl: `http://127.0.0.1:${port}`,
    secrets: { nextauthSecret: randomBytes(32).toString("base64url"), labToken: randomBytes(24).toString("base64url") },
    labKind: "local",
    labPort: await findFreePort(),
    labPublicPort: await findFreePort(),
    quiet: true,
    log: (message) => console.log(`[e2e] ${message}`),
  });
  assertLocalDatabase(stack.databaseUrl);
  process.env.E2E_CREDENTIALS = JSON.stringify(stack.credentials);
  process.env.E2E_DATABASE_URL = stack.databaseUrl;
  return () => stack.stop();
}
