#!/usr/bin/env node
// The console's watchdog: a tiny detached process the supervisor starts with a pipe on its
// stdin. When the pipe closes (the supervisor exited, crashed or was SIGKILLed), it stops
// every process listed in the registry file, in order, so no server or database outlives
// the supervisor and holds its ports. Plain JavaScript: it must run without a TypeScript
// loader and must not depend on anything that may have died with the supervisor.
//
// argv: <registry file>
import { readFileSync, rmSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";

const [registryFile] = process.argv.slice(2);
if (!registryFile) process.exit(2);

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
    return state !== "Z" && state !== "X";
  } catch {
    return false;
  }
}

// Field 22 of /proc/<pid>/stat: when the process started, in clock ticks since boot.
// Unlike the command line (servers rename themselves), it identifies one process for good.
function startTimeOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? "";
  } catch {
    return "";
  }
}

async function waitForExit(pid, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await sleep(50);
  }
  return !isAlive(pid);
}

async function stopProcess(entry) {
  // A recycled pid belongs to someone else: only the process that started then is ours.
  if (!isAlive(entry.pid) || startTimeOf(entry.pid) !== entry.startTime) return;
  try {
    process.kill(entry.pid, entry.signal);
  } catch {
    return;
  }
  if (await waitForExit(entry.pid, entry.graceMs)) return;
  try {
    process.kill(entry.pid, "SIGKILL");
  } catch {
    // gone in between
  }
  await waitForExit(entry.pid, 2000);
}

async function cleanUp() {
  let registry;
  try {
    registry = JSON.parse(readFileSync(registryFile, "utf8"));
  } catch {
    return;
  }
  if (!Array.isArray(registry.processes)) return;
  // Registered in start order; stopped in reverse (the server before its database).
  for (const entry of [...registry.processes].reverse()) await stopProcess(entry);
  rmSync(registryFile, { force: true });
}

let cleaning = false;
const onGone = () => {
  if (cleaning) return;
  cleaning = true;
  void cleanUp().finally(() => process.exit(0));
};
process.stdin.on("data", () => undefined);
process.stdin.on("end", onGone);
process.stdin.on("close", onGone);
process.stdin.on("error", onGone);
// Ctrl-C on a terminal reaches the supervisor, which shuts down in order; the watchdog waits.
process.on("SIGINT", () => undefined);
process.on("SIGHUP", () => undefined);
