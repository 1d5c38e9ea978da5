/**
 * Runs the bundled service as a real child process, exactly as the local lab does
 * (`node dist/main.js` with the contract's environment), and reads its JSON log lines.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { buildTargetService } from "../../build";

/** A running (or finished) service process. */
export interface ServiceProcess {
  child: ChildProcess;
  pid: number;
  /** Parsed stdout log lines, in order. */
  lines: Record<string, unknown>[];
  stderr(): string;
  /** Port from the "ready" line (0 until then). */
  port: number;
  url: string;
  /** Milliseconds from spawn to the "ready" log line. */
  readyMs: number;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; afterMs: number }>;
  waitForLog(predicate: (line: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
}

const running = new Set<ChildProcess>();

let bundlePath: Promise<string> | undefined;

/** The default bundle, built at most once per test file. */
export function bundle(): Promise<string> {
  bundlePath ??= buildTargetService();
  return bundlePath;
}

export async function spawnService(env: Record<string, string>, options: { waitReady?: boolean; file?: string } = {}): Promise<ServiceProcess> {
  const file = options.file ?? (await bundle());
  const started = performance.now();
  // Only what the contract defines, so the test machine's own OTEL_/AWS_ variables cannot leak in.
  const child = spawn(process.execPath, [file], {
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", NODE_ENV: "production", HOST: "127.0.0.1", PORT: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  const lines: Record<string, unknown>[] = [];
  const waiters: { predicate: (line: Record<string, unknown>) => boolean; resolve: (line: Record<string, unknown>) => void }[] = [];
  let stderr = "";
  let buffered = "";
  const handle: ServiceProcess = {
    child,
    pid: child.pid ?? 0,
    lines,
    stderr: () => stderr,
    port: 0,
    url: "",
    readyMs: 0,
    exited: new Promise((resolve) => {
      child.once("exit", (code, signal) => {
        running.delete(child);
        resolve({ code, signal, afterMs: performance.now() - started });
      });
    }),
    waitForLog: (predicate, timeoutMs = 5000) => {
      const found = lines.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching log line within ${timeoutMs} ms; stderr: ${stderr}; lines: ${JSON.stringify(lines.map((l) => l.msg))}`)), timeoutMs);
        waiters.push({
          predicate,
          resolve: (line) => {
            clearTimeout(timer);
            resolve(line);
          },
        });
      });
    },
  };
  child.stdout?.on("data", (chunk: Buffer) => {
    buffered += chunk.toString("utf8");
    let newline;
    while ((newline = buffered.indexOf("\n")) !== -1) {
      const text = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      let line: Record<string, unknown>;
      try {
        line = JSON.parse(text) as Record<string, unknown>;
      } catch {
        line = { msg: "(not JSON)", text };
      }
      if (line.msg === "ready" && typeof line.port === "number") {
        handle.port = line.port;
        handle.url = `http://127.0.0.1:${line.port}`;
        handle.readyMs = performance.now() - started;
      }
      lines.push(line);
      for (const waiter of [...waiters]) {
        if (waiter.predicate(line)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(line);
        }
      }
    }
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  if (options.waitReady ?? true) {
    await Promise.race([
      handle.waitForLog((line) => line.msg === "ready", 10_000),
      handle.exited.then(({ code }) => {
        throw new Error(`service exited with ${code} before ready: ${stderr}`);
      }),
    ]);
  }
  return handle;
}

/** SIGKILLs every child a test left running (afterAll). */
export function killAll(): void {
  for (const child of running) child.kill("SIGKILL");
  running.clear();
}

/** utime + stime of a process in clock ticks, from /proc/<pid>/stat. */
export async function cpuTicks(pid: number): Promise<number> {
  const { readFile } = await import("node:fs/promises");
  const stat = await readFile(`/proc/${pid}/stat`, "utf8");
  // The command name (field 2) may hold spaces; fields after its closing parenthesis are fixed.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(fields[11]) + Number(fields[12]);
}
