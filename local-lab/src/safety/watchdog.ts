/**
 * The watchdog: a tiny separate process the daemon starts with a pipe on its stdin. When the
 * pipe closes (the daemon exited, crashed or was SIGKILLed), it kills every task process
 * marked with this lab's owner and stops the lab's own Postgres, so nothing outlives the
 * daemon. Bundled to plain JS at daemon start (no TypeScript loader in the watchdog).
 *
 * argv: <state file> <owner>
 */
import { readFileSync } from "node:fs";
import { findOwnedProcesses, isAlive, killQuietly, waitForExit } from "./processes";

async function cleanUp(stateFile: string, owner: string): Promise<void> {
  for (const pid of findOwnedProcesses(owner)) killQuietly(pid, "SIGKILL");
  let postmaster: number | null = null;
  try {
    const state = JSON.parse(readFileSync(stateFile, "utf8")) as { postmasterPid?: unknown };
    postmaster = typeof state.postmasterPid === "number" ? state.postmasterPid : null;
  } catch {
    postmaster = null;
  }
  if (postmaster !== null && isAlive(postmaster)) {
    let command = "";
    try {
      command = readFileSync(`/proc/${postmaster}/cmdline`, "utf8");
    } catch {
      command = "";
    }
    // Only a postgres server: a recycled pid belongs to someone else.
    if (command.includes("postgres")) {
      killQuietly(postmaster, "SIGQUIT");
      if (!(await waitForExit(postmaster, 5000))) killQuietly(postmaster, "SIGKILL");
    }
  }
}

const [stateFile, owner] = process.argv.slice(2);
if (!stateFile || !owner) process.exit(2);
let cleaning = false;
const onGone = () => {
  if (cleaning) return;
  cleaning = true;
  void cleanUp(stateFile, owner).finally(() => process.exit(0));
};
process.stdin.on("data", () => undefined);
process.stdin.on("end", onGone);
process.stdin.on("close", onGone);
process.stdin.on("error", onGone);
// Ctrl-C on a terminal reaches the daemon, which shuts down in order; the watchdog waits for it.
process.on("SIGINT", () => undefined);
process.on("SIGHUP", () => undefined);
