/**
 * One task's container: a real target-service process started from the bundle, with its
 * own environment only (never the daemon's, which holds the control token). It is ready
 * when it prints its `{"msg":"ready","port":…}` line.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";

export interface TaskProcessOptions {
  bundlePath: string;
  env: Record<string, string>;
  startTimeoutMs: number;
}

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

const LOG_LINES_KEPT = 30;

export class TaskProcess {
  readonly pid: number;
  /** Resolves with the bound port once the service listens; rejects if it exits or times out first. */
  readonly ready: Promise<number>;
  readonly exited: Promise<ExitInfo>;
  private readonly child: ChildProcess;
  private readonly lines: string[] = [];
  private exitInfo: ExitInfo | null = null;

  constructor(options: TaskProcessOptions) {
    const env: NodeJS.ProcessEnv = { ...options.env, NODE_ENV: "production" };
    this.child = spawn(process.execPath, [options.bundlePath], {
      env,
      stdio: ["ignore", "pipe", "pipe"],
      // Its own process group: a Ctrl-C meant for the daemon reaches the tasks through the
      // daemon's orderly shutdown, not all at once.
      detached: true,
    });
    if (this.child.pid === undefined) throw new Error("the task process did not start");
    this.pid = this.child.pid;
    this.exited = new Promise((resolve) => {
      this.child.once("exit", (code, signal) => {
        this.exitInfo = { code, signal };
        resolve(this.exitInfo);
      });
    });
    let resolveReady: (port: number) => void = () => undefined;
    let rejectReady: (error: Error) => void = () => undefined;
    this.ready = new Promise<number>((resolve, reject) => {
      resolveReady = resolve;
      rejectReady = reject;
    });
    // A crashed start is handled through `exited`; nobody has to await `ready` for it.
    this.ready.catch(() => undefined);
    const timer = setTimeout(() => rejectReady(new Error(`no ready line within ${options.startTimeoutMs} ms`)), options.startTimeoutMs);
    timer.unref();
    if (this.child.stdout) {
      createInterface({ input: this.child.stdout }).on("line", (line) => {
        this.keep(line);
        if (!line.includes('"ready"')) return;
        try {
          const parsed = JSON.parse(line) as { msg?: unknown; port?: unknown };
          if (parsed.msg === "ready" && typeof parsed.port === "number") {
            clearTimeout(timer);
            resolveReady(parsed.port);
          }
        } catch {
          // Not JSON: an ordinary line.
        }
      });
    }
    if (this.child.stderr) createInterface({ input: this.child.stderr }).on("line", (line) => this.keep(line));
    void this.exited.then((info) => {
      clearTimeout(timer);
      rejectReady(new Error(`exited before ready (code ${String(info.code)}, signal ${String(info.signal)})`));
    });
  }

  private keep(line: string): void {
    this.lines.push(line);
    if (this.lines.length > LOG_LINES_KEPT) this.lines.shift();
  }

  get running(): boolean {
    return this.exitInfo === null;
  }

  /** The last lines the task printed (why a crash happened). */
  recentLogs(): string[] {
    return [...this.lines];
  }

  signal(signal: NodeJS.Signals): boolean {
    if (!this.running) return false;
    try {
      return this.child.kill(signal);
    } catch {
      return false;
    }
  }

  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
  async stop(graceMs: number): Promise<ExitInfo> {
    if (!this.running && this.exitInfo) return this.exitInfo;
    this.signal("SIGTERM");
    const timer = setTimeout(() => this.signal("SIGKILL"), graceMs);
    const info = await this.exited;
    clearTimeout(timer);
    return info;
  }
}
