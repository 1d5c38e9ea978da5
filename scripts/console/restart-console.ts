/**
 * Starts only the console's server process (`next start` of the existing production build)
 * against a database that is already running and migrated: what a supervisor does after the
 * console crashed. The crash drills use it to bring a SIGKILLed console back on the same
 * port, database and secrets, so sessions signed in before the crash stay valid.
 */
import type { ChildProcess } from "node:child_process";
import { spawnConsoleProcess } from "./console-process";
import type { LocalSecrets } from "./secrets";
import { waitForHttp } from "./wait";

export interface ConsoleProcessSettings {
  host: string;
  port: number;
  publicUrl: string;
  databaseUrl: string;
  secrets: LocalSecrets;
  labKind: "local" | "aws";
  /** The local-lab daemon's URL (whether or not it runs). */
  labUrl: string;
  quiet?: boolean;
}

export interface ConsoleProcess {
  pid: number;
  /** Resolves with the exit code (signals count as 1) when the process ends. */
  exited: Promise<number>;
  /** SIGKILL: no shutdown hooks, no flushing; what a crash or the OOM killer does. */
  kill(): Promise<void>;
  /** SIGTERM and wait. */
  stop(): Promise<void>;
}

/** The environment `next start` runs with; the same variables scripts/console/stack.ts sets. */
export function consoleEnvironment(settings: ConsoleProcessSettings): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: settings.databaseUrl,
    NEXTAUTH_SECRET: settings.secrets.nextauthSecret,
    NEXTAUTH_URL: settings.publicUrl,
    LAB_KIND: settings.labKind,
    LOCAL_LAB_URL: settings.labUrl,
    LOCAL_LAB_TOKEN: settings.secrets.labToken,
  };
}

function handleOf(child: ChildProcess): ConsoleProcess {
  const exited = new Promise<number>((resolve) => child.once("exit", (code) => resolve(code ?? 1)));
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return { pid: child.pid ?? 0, exited, kill: () => end("SIGKILL"), stop: () => end("SIGTERM") };
}

/** Spawns `next start` and resolves once /api/health answers (the database must be up). */
export async function startConsoleProcess(settings: ConsoleProcessSettings, timeoutMs = 120_000): Promise<ConsoleProcess> {
  const child = spawnConsoleProcess({ host: settings.host, port: settings.port, env: consoleEnvironment(settings), quiet: settings.quiet ?? true });
  const handle = handleOf(child);
  try {
    await Promise.race([
      waitForHttp(`http://${settings.host}:${settings.port}/api/health`, timeoutMs),
      handle.exited.then((code) => {
        throw new Error(`next start exited with code ${code} during start`);
      }),
    ]);
  } catch (error) {
    await handle.kill();
    throw error;
  }
  return handle;
}
