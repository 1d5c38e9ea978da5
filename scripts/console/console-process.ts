/**
 * How the console's server process is started (the production build). Kept apart from the
 * stack so the stack does not care which entry serves the pages and the streams.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { ROOT } from "./config";

export interface ConsoleProcessOptions {
  host: string;
  port: number;
  env: NodeJS.ProcessEnv;
  quiet?: boolean;
}

export function spawnConsoleProcess(options: ConsoleProcessOptions): ChildProcess {
  return spawn(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "start", "-p", String(options.port), "-H", options.host], {
    cwd: ROOT,
    env: options.env,
    stdio: options.quiet ? ["ignore", "ignore", "inherit"] : "inherit",
  });
}
