/**
 * Runs a real local-lab daemon for a test file (`node --import tsx local-lab/src/main.ts`,
 * exactly as the console starts it) with timings short enough for a scenario to play out in
 * seconds, and a small typed client of its control API.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll } from "vitest";
import type {
  AlarmStateView,
  CheckView,
  LabEventView,
  MetricStat,
  RemediationAction,
  ScenarioId,
  RunHandleView,
  RunStatusView,
  SeriesView,
  TaskView,
  TopologyView,
  TracesView,
} from "../src/api/schemas";
import { freePort } from "../src/util/net";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** Timings for tests: health checks every 200 ms, short drains, fast backoff, no autoscaling. */
export const FAST_TUNING = {
  healthCheck: { intervalMs: 200, timeoutMs: 400, healthyThreshold: 2, unhealthyThreshold: 2 },
  deregistrationDelayMs: 300,
  reconcileIntervalMs: 100,
  provisionMs: 50,
  natTimeoutMs: 300,
  stopTimeoutMs: 1500,
  taskStopReportDelayMs: 1000,
  unhealthyReplacementDelayMs: 1200,
  restartBackoff: { baseMs: 100, maxMs: 1000 },
  unableToPlaceEventIntervalMs: 1000,
  spotReplacementDelayMs: 1000,
  autoscaling: { enabled: false },
  traffic: { rps: 8 },
  probe: { intervalMs: 500, timeoutMs: 2500 },
  alarmPeriodSeconds: 2,
};

export interface StartOptions {
  tuning?: Record<string, unknown>;
  env?: Record<string, string>;
  stateDir?: string;
  /** Keep the state dir on stop (a restart test reuses it). */
  keepStateDir?: boolean;
}

export class ControlError extends Error {
  readonly status: number;
  readonly code: string | undefined;

  constructor(status: number, code: string | undefined, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export interface LabUnderTest {
  url: string;
  publicUrl: string;
  token: string;
  stateDir: string;
  child: ChildProcess;
  logs: () => string;
  request<T>(method: "GET" | "POST" | "PUT", route: string, body?: unknown): Promise<T>;
  topology(): Promise<TopologyView>;
  start(scenarioId: ScenarioId, params: Record<string, unknown>, durationSeconds?: number): Promise<RunHandleView>;
  status(externalId: string): Promise<RunStatusView>;
  stopRun(externalId: string, reason?: string): Promise<RunStatusView>;
  haltAll(reason?: string): Promise<string[]>;
  remediate(action: RemediationAction): Promise<void>;
  events(since: Date): Promise<LabEventView[]>;
  alarms(): Promise<AlarmStateView[]>;
  traces(from: Date, to: Date): Promise<TracesView>;
  preflight(scenarioId: ScenarioId, params: Record<string, unknown>, durationSeconds?: number): Promise<CheckView[]>;
  metric(query: { namespace: string; metricName: string; dimensions: Record<string, string>; stat: MetricStat; periodSeconds: number }, from: Date, to: Date): Promise<SeriesView["points"]>;
  /** Polls until the fleet is steady: every service at desired, all healthy, one completed deployment. */
  waitSteady(timeoutMs?: number): Promise<TopologyView>;
  stop(): Promise<void>;
}

let runCounter = 0;
export function runId(prefix: string): string {
  runCounter += 1;
  return `${prefix}-${Date.now().toString(36)}-${runCounter}`;
}

export async function waitFor<T>(what: string, read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 20_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      last = await read();
      if (accept(last)) return last;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  const detail = last === undefined ? String(lastError) : JSON.stringify(last).slice(0, 1500);
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last: ${detail}`);
}

export function isSteady(topology: TopologyView): boolean {
  return topology.services.every((service) => {
    const alive = topology.tasks.filter((task) => task.service === service.name && task.desiredStatus === "RUNNING" && task.lastStatus !== "STOPPED");
    return (
      service.deployments.length === 1 &&
      service.deployments[0]?.rolloutState === "COMPLETED" &&
      alive.length === service.desiredCount &&
      alive.every((task) => task.lastStatus === "RUNNING" && task.healthStatus === "HEALTHY")
    );
  });
}

export function liveTasks(topology: TopologyView, service: string): TaskView[] {
  return topology.tasks.filter((task) => task.service === service && task.lastStatus !== "STOPPED" && task.desiredStatus === "RUNNING");
}

export async function startLab(options: StartOptions = {}): Promise<LabUnderTest> {
  const stateDir = options.stateDir ?? mkdtempSync(path.join(os.tmpdir(), "gameday-lab-test-"));
  const [port, publicPort] = [await freePort(), await freePort()];
  const token = `test-token-${Date.now().toString(36)}-abcdef`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    LAB_HOST: "127.0.0.1",
    LAB_PORT: String(port),
    LAB_PUBLIC_PORT: String(publicPort),
    LAB_TOKEN: token,
    LAB_STATE_DIR: stateDir,
    LAB_TUNING: JSON.stringify({ ...FAST_TUNING, ...options.tuning }),
    // Tests run at the fast pace; a test of the realistic pace switches to it on purpose.
    LAB_PACE: "fast",
    ...options.env,
  };
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "local-lab/src/main.ts")], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], env });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${port}`;

  async function request<T>(method: "GET" | "POST" | "PUT", route: string, body?: unknown): Promise<T> {
    const response = await fetch(`${url}${route}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await response.text();
    const payload: unknown = text ? JSON.parse(text) : undefined;
    if (!response.ok) {
      const error = (payload as { error?: { code?: string; message?: string } } | undefined)?.error;
      throw new ControlError(response.status, error?.code, error?.message ?? `HTTP ${response.status}`);
    }
    return payload as T;
  }

  const deadline = Date.now() + 90_000;
  let up = false;
  while (Date.now() < deadline && child.exitCode === null) {
    try {
      await request("GET", "/health");
      up = true;
      break;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  if (!up) {
    child.kill("SIGKILL");
    throw new Error(`the local lab did not start:\n${output}`);
  }

  const lab: LabUnderTest = {
    url,
    publicUrl: `http://127.0.0.1:${publicPort}`,
    token,
    stateDir,
    child,
    logs: () => output,
    request,
    topology: () => request<TopologyView>("GET", "/topology"),
    start: (scenarioId, params, durationSeconds = 60) => request<RunHandleView>("POST", "/runs", { runId: runId(scenarioId), scenarioId, params, durationSeconds }),
    status: (externalId) => request<RunStatusView>("GET", `/runs/${externalId}`),
    stopRun: (externalId, reason = "test stop") => request<RunStatusView>("POST", `/runs/${externalId}/stop`, { reason }),
    haltAll: async (reason = "test halt") => (await request<{ stopped: string[] }>("POST", "/halt-all", { reason })).stopped,
    remediate: async (action) => {
      await request<undefined>("POST", "/remediate", action);
    },
    events: (since) => request<LabEventView[]>("GET", `/events?since=${encodeURIComponent(since.toISOString())}`),
    alarms: () => request<AlarmStateView[]>("GET", "/alarms"),
    traces: (from, to) => request<TracesView>("GET", `/traces?from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}`),
    preflight: (scenarioId, params, durationSeconds = 60) => request<CheckView[]>("POST", "/preflight", { scenarioId, params, durationSeconds }),
    metric: async (query, from, to) => {
      const series = await request<SeriesView[]>("POST", "/metrics", { queries: [{ id: "q", ...query }], from: from.toISOString(), to: to.toISOString() });
      return series[0]?.points ?? [];
    },
    waitSteady: (timeoutMs = 30_000) => waitFor("a steady fleet", () => lab.topology(), isSteady, timeoutMs, 150),
    stop: async () => {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 20_000))]);
        if (child.exitCode === null) child.kill("SIGKILL");
      }
      if (!options.keepStateDir) rmSync(stateDir, { recursive: true, force: true });
    },
  };
  return lab;
}

/** One GET with its status, body and wall time (a new connection each time, like a fresh client). */
export function get(url: string, timeoutMs = 10_000, headers: Record<string, string> = {}): Promise<{ status: number; body: string; ms: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const request = http.get(url, { agent: false, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8"), ms: performance.now() - started }));
      response.on("error", () => resolve({ status: 0, body: "", ms: performance.now() - started }));
    });
    request.setTimeout(timeoutMs, () => request.destroy());
    request.on("error", () => resolve({ status: 0, body: "", ms: performance.now() - started }));
  });
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

export function p95(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(sorted.length * 0.95) - 1)] ?? Number.NaN;
}

export { isAlive } from "../src/safety/processes";

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * One daemon for a whole test file: started and steady before the first test, stopped after
 * the last. A failed test's faults are halted so they cannot break the next test, and the
 * lab's recent events and logs are kept in /tmp for the post-mortem.
 */
export function useSharedLab(options: StartOptions, ready: (lab: LabUnderTest, steady: TopologyView) => void): void {
  let lab: LabUnderTest | undefined;
  beforeAll(async () => {
    lab = await startLab(options);
    ready(lab, await lab.waitSteady());
  });
  afterAll(async () => {
    await lab?.stop();
  });
  afterEach(async (context) => {
    if (!lab || context.task.result?.state !== "fail") return;
    const events = await lab.events(new Date(Date.now() - 120_000)).catch(() => []);
    await lab.haltAll("test cleanup after a failure").catch(() => undefined);
    const name = context.task.name.slice(0, 40).replace(/\W+/g, "-");
    writeFileSync(`/tmp/local-lab-fail-${name}.log`, `${events.map((event) => `${event.at} ${event.kind} ${event.message}`).join("\n")}\n\n${lab.logs()}`);
  });
}
