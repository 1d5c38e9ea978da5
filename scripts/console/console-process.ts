/**
 * How the console's server process is started (the production build). Kept apart from the
 * stack so the stack does not care which entry serves the pages and the streams.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { ROOT } from "./config";
import { SERVER_NODE_FLAGS } from "./server.mjs";

export interface ConsoleProcessOptions {
  host: string;
  port: number;
  env: NodeJS.ProcessEnv;
  quiet?: boolean;
}

/**
 * The console's own server entry (scripts/console/server.mjs): Next's request handler for
 * pages and routes, the live streams on plain node responses, in one process.
 */
export function spawnConsoleProcess(options: ConsoleProcessOptions): ChildProcess {
  return spawn(process.execPath, [...SERVER_NODE_FLAGS, path.join(ROOT, "scripts/console/server.mjs"), "--port", String(options.port), "--hostname", options.host], {
    cwd: ROOT,
    env: options.env,
    stdio: options.quiet ? ["ignore", "ignore", "inherit"] : "inherit",
  });
}
