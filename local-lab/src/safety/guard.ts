/**
 * Safety at start and while running: clear what a previous daemon left (task processes by
 * their owner marker; its Postgres is stopped by the database start), start the watchdog
 * that cleans up if this daemon dies, and watch the parent (the console) to shut down when
 * it goes away.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, realpathSync } from "node:fs";
import path from "node:path";
import { buildSync } from "esbuild";
import { findOwnedProcesses, killQuietly, waitForExit } from "./processes";

/** A short id of the state directory: tasks of this lab (any boot) carry it in their environment. */
export function ownerOf(stateDir: string): string {
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  return createHash("sha256").update(realpathSync(stateDir)).digest("hex").slice(0, 16);
}

/** SIGKILLs every process a previous run of this lab left behind; returns their pids. */
export async function killLeftovers(owner: string): Promise<number[]> {
  const pids = findOwnedProcesses(owner);
  for (const pid of pids) killQuietly(pid, "SIGKILL");
  await Promise.all(pids.map((pid) => waitForExit(pid, 3000)));
  return pids;
}

export interface Watchdog {
  pid: number;
  /** Lets the watchdog go (after a clean shutdown it finds nothing left to kill). */
  release(): void;
}

export function startWatchdog(stateDir: string, stateFile: string, owner: string): Watchdog {
  const outfile = path.join(stateDir, "watchdog.mjs");
  buildSync({
    entryPoints: [path.join(import.meta.dirname, "watchdog.ts")],
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    outfile,
    logLevel: "silent",
  });
  const child = spawn(process.execPath, [outfile, stateFile, owner], { detached: true, stdio: ["pipe", "ignore", "ignore"] });
  if (child.pid === undefined) throw new Error("the watchdog did not start");
  child.unref();
  const pid = child.pid;
  return {
    pid,
    release: () => {
      child.stdin?.end();
    },
  };
}

/**
 * Calls `onOrphaned` once when this process's parent is no longer `parent` (the console
 * died). Pass the ppid read at process start, so a parent lost during start-up counts too.
 */
export function watchParent(parent: number, onOrphaned: () => void, intervalMs = 500): () => void {
  if (process.ppid !== parent) {
    onOrphaned();
    return () => undefined;
  }
  const timer = setInterval(() => {
    if (process.ppid !== parent) {
      clearInterval(timer);
      onOrphaned();
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
