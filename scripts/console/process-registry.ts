/**
 * Which processes a console started from one data directory owns, written to
 * `<data dir>/console-processes.json` as they start. It is the data directory's lock (a
 * second console on the same data would corrupt it), the list the watchdog stops when the
 * supervisor dies without shutting down, and what the next start cleans up if even the
 * watchdog was killed.
 */
import { spawn } from "node:child_process";
import type { Socket } from "node:net";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { isAlive } from "../../local-lab/src/safety/processes";
import { ROOT } from "./config";

export { isAlive };

const RegisteredProcessSchema = z.object({
  pid: z.number().int().positive(),
  name: z.string(),
  /** When it started (clock ticks since boot): a recycled pid is never signalled. */
  startTime: z.string().min(1),
  signal: z.enum(["SIGTERM", "SIGINT", "SIGQUIT"]),
  graceMs: z.number().int().nonnegative(),
});
export type RegisteredProcess = z.infer<typeof RegisteredProcessSchema>;

const RegistrySchema = z.object({
  supervisorPid: z.number().int().positive(),
  supervisorStartTime: z.string(),
  url: z.string().nullable(),
  startedAt: z.string(),
  processes: z.array(RegisteredProcessSchema),
});
type Registry = z.infer<typeof RegistrySchema>;

export class DataDirInUseError extends Error {}

/**
 * Field 22 of /proc/<pid>/stat: when the process started, in clock ticks since boot. Unlike
 * the command line (Next renames its server process), it identifies one process for good.
 */
export function startTimeOf(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? "";
  } catch {
    return "";
  }
}

function isRunning(entry: { pid: number; startTime: string }): boolean {
  return isAlive(entry.pid) && startTimeOf(entry.pid) === entry.startTime;
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return !isAlive(pid);
}

function readRegistry(file: string): Registry | null {
  if (!existsSync(file)) return null;
  try {
    const parsed = RegistrySchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function writeRegistry(file: string, registry: Registry): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(registry), { mode: 0o600 });
  renameSync(temporary, file);
}

export interface ProcessRegistry {
  /** Records a started process (its start time is read now, while the pid is surely its own). */
  add(entry: Omit<RegisteredProcess, "startTime">): void;
  remove(pid: number): void;
  setUrl(url: string): void;
  /** After a clean shutdown: nothing is left to stop; the watchdog goes and the lock is released. */
  release(): void;
}

/**
 * Claims the data directory for this process: refuses when a live console holds it, stops
 * what a console that died left running, then starts the watchdog.
 */
export async function claimDataDir(dataDir: string, log: (message: string) => void): Promise<ProcessRegistry> {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, "console-processes.json");
  const previous = readRegistry(file);
  if (previous && previous.supervisorPid !== process.pid && isRunning({ pid: previous.supervisorPid, startTime: previous.supervisorStartTime })) {
    throw new DataDirInUseError(
      `Another console is running from ${dataDir} (pid ${previous.supervisorPid}${previous.url ? `, ${previous.url}` : ""}, started ${previous.startedAt}). ` +
        `Stop it first (Ctrl-C in its terminal, or kill ${previous.supervisorPid}), or give this one its own data directory: GAMEDAY_DATA_DIR=/some/other/dir npm start`,
    );
  }
  const leftovers = (previous?.processes ?? []).filter(isRunning);
  if (leftovers.length) {
    log(`A console that did not shut down left ${leftovers.map((entry) => `${entry.name} (pid ${entry.pid})`).join(", ")} running; stopping them…`);
    for (const entry of [...leftovers].reverse()) {
      process.kill(entry.pid, entry.signal);
      if (!(await waitForExit(entry.pid, entry.graceMs))) {
        process.kill(entry.pid, "SIGKILL");
        await waitForExit(entry.pid, 2000);
      }
    }
  }

  const registry: Registry = { supervisorPid: process.pid, supervisorStartTime: startTimeOf(process.pid), url: null, startedAt: new Date().toISOString(), processes: [] };
  writeRegistry(file, registry);
  const watchdog = spawn(process.execPath, [path.join(ROOT, "scripts/console/watchdog.mjs"), file], { detached: true, stdio: ["pipe", "ignore", "ignore"] });
  watchdog.unref();
  // The open pipe is the watchdog's only signal; it must not keep this process alive by itself.
  (watchdog.stdin as Socket | null)?.unref();
  return {
    add: (entry) => {
      registry.processes = [...registry.processes.filter((known) => known.pid !== entry.pid), { ...entry, startTime: startTimeOf(entry.pid) }];
      writeRegistry(file, registry);
    },
    remove: (pid) => {
      registry.processes = registry.processes.filter((known) => known.pid !== pid);
      writeRegistry(file, registry);
    },
    setUrl: (url) => {
      registry.url = url;
      writeRegistry(file, registry);
    },
    release: () => {
      rmSync(file, { force: true });
      watchdog.stdin?.end();
    },
  };
}
