/**
 * Process bookkeeping for safety: is a pid alive, is it one of ours (a marker in its
 * environment, so a recycled pid is never killed by mistake), and stopping Postgres.
 * Linux /proc only, like the rest of the lab's process measurements.
 */
import { readdirSync, readFileSync } from "node:fs";

/** Environment variable every task carries: `<owner>:<boot id>`, owner derived from the state dir. */
export const OWNER_ENV = "GAMEDAY_LAB_OWNER";

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    // A zombie answers signal 0; it is gone for every purpose of ours.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
    return state !== "Z" && state !== "X";
  } catch {
    return false;
  }
}

/** The value of OWNER_ENV in a process's environment, or null. */
export function ownerOf(pid: number): string | null {
  try {
    const environ = readFileSync(`/proc/${pid}/environ`, "utf8").split("\0");
    const entry = environ.find((line) => line.startsWith(`${OWNER_ENV}=`));
    return entry ? entry.slice(OWNER_ENV.length + 1) : null;
  } catch {
    return null;
  }
}

/** Every live process whose marker names `owner` (any boot), e.g. tasks left by a daemon that was SIGKILLed. */
export function findOwnedProcesses(owner: string): number[] {
  const pids: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return pids;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (pid === process.pid) continue;
    const marker = ownerOf(pid);
    if (marker !== null && marker.split(":")[0] === owner && isAlive(pid)) pids.push(pid);
  }
  return pids;
}

export function killQuietly(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(pid, signal);
    return true;
  } catch {
    return false;
  }
}

export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return !isAlive(pid);
}

/** Postgres' "immediate shutdown" (SIGQUIT), then SIGKILL if it lingers. */
export async function stopPostmaster(pid: number): Promise<void> {
  killQuietly(pid, "SIGQUIT");
  if (await waitForExit(pid, 5000)) return;
  killQuietly(pid, "SIGKILL");
  await waitForExit(pid, 2000);
}
