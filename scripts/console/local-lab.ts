import { spawn } from "node:child_process";
import type { LabPace } from "../../contract/lab";
import path from "node:path";
import { ROOT } from "./config";
import { waitForHttp } from "./wait";

export interface LocalLabProcess {
  url: string;
  publicUrl: string;
  pid: number;
  /** Resolves when the daemon exits, for whatever reason, with its signal if it was killed. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(): Promise<void>;
}


export interface LocalLabOptions {
  port: number;
  publicPort: number;
  token: string;
  stateDir: string;
  /** Superuser URL of a Postgres the lab may create its own database in; else it runs its own. */
  databaseAdminUrl?: string;
  /** Keep the daemon's output out of the terminal (tests). */
  quiet?: boolean;
  /**
   * The daemon's pace until a game day sets its own: tests and benchmarks pass `fast`; the
   * daemon's default is `realistic`.
   */
  pace?: LabPace;
}

/**
 * Runs the local-lab daemon as a child process. It is a separate process on purpose: if
 * the console dies, the daemon notices the missing heartbeat and reverts every fault.
 */
export async function startLocalLabProcess(options: LocalLabOptions): Promise<LocalLabProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "local-lab/src/main.ts")], {
    cwd: ROOT,
    stdio: ["ignore", options.quiet ? "ignore" : "inherit", "inherit"],
    env: {
      ...process.env,
      LAB_HOST: "127.0.0.1",
      LAB_PORT: String(options.port),
      LAB_PUBLIC_PORT: String(options.publicPort),
      LAB_TOKEN: options.token,
      LAB_STATE_DIR: options.stateDir,
      ...(options.databaseAdminUrl ? { LAB_DATABASE_URL: options.databaseAdminUrl } : {}),
      ...(options.pace ? { LAB_PACE: options.pace } : {}),
    },
  });
  const url = `http://127.0.0.1:${options.port}`;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  await Promise.race([
    waitForHttp(`${url}/health`, 90_000, { authorization: `Bearer ${options.token}` }),
    exited.then(() => {
      throw new Error("The local lab exited during start; see its output above.");
    }),
  ]);
  return {
    url,
    publicUrl: `http://127.0.0.1:${options.publicPort}`,
    pid: child.pid ?? 0,
    exited,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
    },
  };
}
