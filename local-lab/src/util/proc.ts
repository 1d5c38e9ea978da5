/**
 * CPU and memory of real processes, read from /proc (what the ECS agent reports for a
 * container comes from the same kernel counters, via cgroups).
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

let clockTicks: number | undefined;

/** USER_HZ: the unit of utime/stime in /proc/<pid>/stat. */
export function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** Total CPU time (user + system) of a process in seconds, or null if it is gone. */
export function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name; the name itself may contain spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    if (!Number.isFinite(utime) || !Number.isFinite(stime)) return null;
    return (utime + stime) / ticksPerSecond();
  } catch {
    return null;
  }
}

/** Resident set size in bytes, or null if the process is gone. */
export function rssBytes(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** Turns successive CPU-time readings into utilisation (percent of one core) per key. */
export class CpuMeter {
  private readonly previous = new Map<string, { cpu: number; atMs: number }>();

  /** Percent of one core since the previous reading of `key`; undefined on the first reading. */
  read(key: string, pid: number, nowMs = Date.now()): number | undefined {
    const cpu = cpuSeconds(pid);
    if (cpu === null) {
      this.previous.delete(key);
      return undefined;
    }
    const last = this.previous.get(key);
    this.previous.set(key, { cpu, atMs: nowMs });
    if (!last || nowMs <= last.atMs) return undefined;
    return Math.max(0, ((cpu - last.cpu) / ((nowMs - last.atMs) / 1000)) * 100);
  }

  forget(key: string): void {
    this.previous.delete(key);
  }
}
