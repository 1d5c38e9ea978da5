import { randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { findFreePort } from "../db/embedded-postgres";
import { startConsoleStack, type RunningStack } from "./stack";

/**
 * The whole console on free ports with fresh secrets and a throwaway embedded Postgres and
 * local lab: what the browser tests and the benchmarks run against.
 */
export async function startThrowawayStack(options: { name: string; port?: number; log: (message: string) => void }): Promise<RunningStack> {
  const port = options.port ?? (await findFreePort());
  return startConsoleStack({
    dataDir: path.join(os.tmpdir(), `gameday-${options.name}-${process.pid}`),
    persistent: false,
    host: "127.0.0.1",
    port,
    publicUrl: `http://127.0.0.1:${port}`,
    secrets: { nextauthSecret: randomBytes(32).toString("base64url"), labToken: randomBytes(24).toString("base64url") },
    labKind: "local",
    labPort: await findFreePort(),
    labPublicPort: await findFreePort(),
    quiet: true,
    // Browser tests and benchmarks run on the fast timings; a game day they start sets its own pace.
    labPace: "fast",
    log: options.log,
  });
}
