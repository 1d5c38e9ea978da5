/**
 * The local-lab daemon's entry: `node --import tsx local-lab/src/main.ts` with the LAB_*
 * environment (see config.ts). It answers `GET /health` once every part is up, and on
 * SIGTERM/SIGINT, or when its parent (the console) dies, it reverts every fault, stops the
 * fleet and exits.
 */
import { createControlServer } from "./api/server";
import { ConfigError, parseConfig } from "./config";
import { startDaemon } from "./daemon";
import { watchParent } from "./safety/guard";

function log(line: string): void {
  process.stderr.write(`[local-lab] ${line}\n`);
}

async function main(): Promise<void> {
  const parent = process.ppid;
  let config;
  try {
    config = parseConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      log(error.message);
      process.exit(1);
    }
    throw error;
  }
  const daemon = await startDaemon(config, log);
  const server = createControlServer(daemon.parts);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.controlPort, config.host, () => resolve());
  });
  log(`control API on http://${config.host}:${config.controlPort}, public listener on ${daemon.parts.publicUrl}`);

  let exiting = false;
  const shutdown = (reason: string, code: number) => {
    if (exiting) return;
    exiting = true;
    // Whatever happens, the process ends: a stuck revert must not keep a broken lab alive.
    const force = setTimeout(() => process.exit(code || 1), 20_000);
    force.unref();
    void daemon
      .stop(reason)
      .catch((error: unknown) => log(`shutdown error: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        server.close();
        server.closeAllConnections();
        process.exit(code);
      });
  };
  process.on("SIGTERM", () => shutdown("SIGTERM", 0));
  process.on("SIGINT", () => shutdown("SIGINT", 0));
  process.on("SIGHUP", () => shutdown("SIGHUP", 0));
  process.on("uncaughtException", (error) => {
    log(`uncaught exception: ${error.stack ?? error.message}`);
    shutdown("uncaught exception", 1);
  });
  process.on("unhandledRejection", (reason) => {
    log(`unhandled rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`);
    shutdown("unhandled rejection", 1);
  });
  if (config.watchParent) watchParent(parent, () => shutdown("the parent process (console) exited", 0));
}

main().catch((error: unknown) => {
  log(`failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
