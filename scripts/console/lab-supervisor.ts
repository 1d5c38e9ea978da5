/**
 * Keeps the local-lab daemon running for as long as the console runs. If the daemon dies
 * (a crash, an OOM kill, someone's `kill -9`), its own watchdog has already stopped its
 * fleet; this starts a new daemon on the same ports and state directory, which closes the
 * dead one's faults as ended. The console meanwhile reports the lab unreachable, then back.
 */
import { startLocalLabProcess, type LocalLabOptions, type LocalLabProcess } from "./local-lab";
import type { ProcessRegistry } from "./process-registry";

/** More deaths than this within the window means something is wrong that a restart will not fix. */
const MAX_RESTARTS = 5;
const RESTART_WINDOW_MS = 10 * 60_000;
const RESTART_DELAY_MS = 1000;

export interface SupervisedLab {
  url: string;
  publicUrl: string;
  /** The daemon's current pid (changes on every restart). */
  readonly pid: number;
  /** How many times the daemon was restarted after dying. */
  readonly restarts: number;
  /** Resolves with the new daemon once it answers, after the next restart. */
  nextRestart(): Promise<LocalLabProcess>;
  stop(): Promise<void>;
}

export async function startSupervisedLab(options: LocalLabOptions, registry: ProcessRegistry, log: (message: string) => void): Promise<SupervisedLab> {
  const register = (lab: LocalLabProcess) => registry.add({ pid: lab.pid, name: "local lab", signal: "SIGTERM", graceMs: 20_000 });
  let current = await startLocalLabProcess(options);
  register(current);
  let stopping = false;
  let restarts = 0;
  const deaths: number[] = [];
  let waiters: ((lab: LocalLabProcess) => void)[] = [];

  const watch = (lab: LocalLabProcess) => {
    void lab.exited.then(async ({ code, signal }) => {
      registry.remove(lab.pid);
      if (stopping) return;
      const now = Date.now();
      deaths.push(now);
      while (deaths.length && (deaths[0] ?? now) < now - RESTART_WINDOW_MS) deaths.shift();
      const how = signal ? `was killed (${signal})` : `exited with code ${code ?? "?"}`;
      if (deaths.length > MAX_RESTARTS) {
        log(`The local lab ${how}, the ${deaths.length}th time in ${RESTART_WINDOW_MS / 60_000} minutes; not restarting it again. The console shows it unreachable; see its output above and restart the console.`);
        return;
      }
      log(`The local lab ${how}; its watchdog stopped its fleet. Restarting it…`);
      await new Promise((resolve) => setTimeout(resolve, RESTART_DELAY_MS));
      for (let attempt = 1; !stopping; attempt += 1) {
        try {
          current = await startLocalLabProcess(options);
          break;
        } catch (error) {
          if (attempt >= 3) {
            log(`The local lab did not come back (${error instanceof Error ? error.message : String(error)}); the console shows it unreachable.`);
            return;
          }
          await new Promise((resolve) => setTimeout(resolve, RESTART_DELAY_MS * attempt));
        }
      }
      if (stopping) {
        await current.stop();
        return;
      }
      restarts += 1;
      register(current);
      log(`The local lab is back (pid ${current.pid}).`);
      const resolved = waiters;
      waiters = [];
      for (const resolve of resolved) resolve(current);
      watch(current);
    });
  };
  watch(current);

  return {
    url: current.url,
    publicUrl: current.publicUrl,
    get pid() {
      return current.pid;
    },
    get restarts() {
      return restarts;
    },
    nextRestart: () => new Promise((resolve) => waiters.push(resolve)),
    stop: async () => {
      stopping = true;
      await current.stop();
    },
  };
}
