/**
 * The bundled service as the local lab runs it: a real child process per task. Covers what
 * only a real process shows: start-up time, exit codes, signals and draining, and CPU use
 * read from /proc like the lab reads it.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, statSync, utimesSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildTargetService } from "../build";
import { bundle, cpuTicks, killAll, spawnService, type ServiceProcess } from "./support/child";
import { mean, median, request, sleep, tryConnect } from "./support/net";
import { startOtlpReceiver } from "./support/otlp-receiver";

const SECRET = "process-test-secret-0123";
const auth = { "x-fault-secret": SECRET };
const CLOCK_TICKS_PER_SECOND = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;

afterAll(() => {
  killAll();
});

async function setFault(service: ServiceProcess, body: Record<string, unknown>): Promise<void> {
  const response = await request(`${service.url}/_fault`, { method: "PUT", headers: auth, body: JSON.stringify(body) });
  expect(response.status).toBe(200);
}

/** CPU seconds the process used per wall second over `ms`. */
async function cpuShare(pid: number, ms: number): Promise<number> {
  const before = await cpuTicks(pid);
  const started = performance.now();
  await sleep(ms);
  const after = await cpuTicks(pid);
  return (after - before) / CLOCK_TICKS_PER_SECOND / ((performance.now() - started) / 1000);
}

/** Latencies of requests sent at random instants, so they land anywhere in a stress window. */
/** Requests spaced by a random 0–100 ms, so they land at every phase of a 100 ms stress window. */
async function sampleLatency(url: string, count: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i += 1) {
    await sleep(Math.random() * 100);
    samples.push((await request(url)).ms);
  }
  return samples;
}

describe("buildTargetService", () => {
  it("bundles one file that starts and answers /healthz, and rebuilds only when stale", async () => {
    const outDir = mkdtempSync(path.join(os.tmpdir(), "target-service-build-"));
    try {
      const file = await buildTargetService({ outDir });
      expect(file).toBe(path.join(outDir, "main.js"));
      expect(path.isAbsolute(file)).toBe(true);
      const builtAt = statSync(file).mtimeMs;

      expect(await buildTargetService({ outDir })).toBe(file);
      expect(statSync(file).mtimeMs).toBe(builtAt);

      // Older than the sources: rebuilt.
      utimesSync(file, new Date(2000, 0, 1), new Date(2000, 0, 1));
      await buildTargetService({ outDir });
      expect(statSync(file).mtimeMs).toBeGreaterThan(new Date(2001, 0, 1).getTime());

      const started = performance.now();
      const service = await spawnService({ ROLE: "backend" }, { file });
      let health = await request(`${service.url}/healthz`).catch(() => undefined);
      while (health?.status !== 200) {
        await sleep(5);
        health = await request(`${service.url}/healthz`).catch(() => undefined);
      }
      const healthyMs = performance.now() - started;
      console.info(`target-service start: ready log after ${service.readyMs.toFixed(0)} ms, first healthy /healthz after ${healthyMs.toFixed(0)} ms`);
      expect(healthyMs).toBeLessThan(3000);
      service.child.kill("SIGTERM");
      expect((await service.exited).code).toBe(0);
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  });
});

describe("start-up", () => {
  it("exits 1 naming the bad variable", async () => {
    const service = await spawnService({ ROLE: "backend", PORT: "eighty", FAULT_SECRET: "short" }, { waitReady: false });
    const { code } = await service.exited;
    expect(code).toBe(1);
    expect(service.stderr()).toMatch(/PORT must be a port number/);
    expect(service.stderr()).toMatch(/FAULT_SECRET must be at least 16 characters/);
    expect(service.lines[0]).toMatchObject({ level: "error", msg: "invalid configuration" });
  });

  it("START_MODE=crash logs why and exits 1 after about a second, never ready", async () => {
    const service = await spawnService({ ROLE: "api", BACKEND_URL: "http://127.0.0.1:9", START_MODE: "crash" }, { waitReady: false });
    const { code, afterMs } = await service.exited;
    expect(code).toBe(1);
    expect(afterMs).toBeGreaterThanOrEqual(950);
    expect(afterMs).toBeLessThan(4000);
    expect(service.lines.map((line) => line.msg)).toEqual(["start", "crash", "exit"]);
    expect(service.lines[1]?.reason).toMatch(/START_MODE=crash/);
  });

  it("on ECS takes its task id and task definition from the task metadata endpoint", async () => {
    const metadata = http.createServer((req, res) => {
      const body = req.url === "/v4/container-1/task" ? { TaskARN: "arn:aws:ecs:eu-west-1:111122223333:task/gameday/9781c248e1d44a3e8a4b1e0e5e7e2a11", Family: "gameday-backend", Revision: "12" } : {};
      res.writeHead(req.url === "/v4/container-1/task" ? 200 : 404, { "content-type": "application/json" }).end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => metadata.listen(0, "127.0.0.1", resolve));
    try {
      const uri = `http://127.0.0.1:${(metadata.address() as AddressInfo).port}/v4/container-1`;
      const service = await spawnService({ ROLE: "backend", ECS_CONTAINER_METADATA_URI_V4: uri });
      expect((await request(`${service.url}/`)).json()).toMatchObject({ taskId: "9781c248e1d44a3e8a4b1e0e5e7e2a11", version: "gameday-backend:12" });
      service.child.kill("SIGTERM");
      await service.exited;

      // An unreachable endpoint must not stop the task from starting.
      const fallback = await spawnService({ ROLE: "backend", ECS_CONTAINER_METADATA_URI_V4: `${uri}-missing` });
      expect((await request(`${fallback.url}/`)).json()).toMatchObject({ taskId: expect.stringMatching(/^[0-9a-f]{16}$/) as unknown, version: "dev" });
      expect(fallback.lines.find((line) => line.msg === "ECS task metadata unavailable; keeping a random task id")).toBeDefined();
      fallback.child.kill("SIGTERM");
      await fallback.exited;
    } finally {
      await new Promise((resolve) => metadata.close(resolve));
    }
  });

  it("START_MODE=unhealthy runs but /healthz answers 500", async () => {
    const service = await spawnService({ ROLE: "backend", START_MODE: "unhealthy" });
    const health = await request(`${service.url}/healthz`);
    expect([health.status, (health.json() as { status: string }).status]).toEqual([500, "failing"]);
    expect((await request(`${service.url}/`)).status).toBe(200);
    service.child.kill("SIGTERM");
    expect((await service.exited).code).toBe(0);
  });
});

describe("graceful shutdown", () => {
  it("on SIGTERM finishes the request in flight, refuses new connections, and exits 0", async () => {
    const service = await spawnService({ ROLE: "backend", FAULT_SECRET: SECRET });
    await setFault(service, { latencyMs: 800, leaseSeconds: 30 });
    const inFlight = request(`${service.url}/`);
    await sleep(200);

    service.child.kill("SIGTERM");
    await service.waitForLog((line) => line.msg === "draining");
    expect(await tryConnect(service.port)).toBe("ECONNREFUSED");

    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(answer.headers.connection).toBe("close");
    const { code } = await service.exited;
    expect(code).toBe(0);
    const messages = service.lines.map((line) => line.msg);
    expect(messages.indexOf("draining")).toBeLessThan(messages.lastIndexOf("request"));
    expect(service.lines.at(-1)).toMatchObject({ msg: "exit", code: 0, signal: "SIGTERM" });
  });

  it("force-exits 1 when in-flight work outlasts SHUTDOWN_GRACE_MS", async () => {
    const service = await spawnService({ ROLE: "backend", FAULT_SECRET: SECRET, SHUTDOWN_GRACE_MS: "300" });
    await setFault(service, { latencyMs: 5000, leaseSeconds: 30 });
    const stuck = request(`${service.url}/`).catch((error: unknown) => error);
    await sleep(100);
    const signalledAt = performance.now();
    service.child.kill("SIGTERM");
    const { code } = await service.exited;
    expect(code).toBe(1);
    expect(performance.now() - signalledAt).toBeLessThan(1500);
    expect(service.lines.at(-1)).toMatchObject({ msg: "exit", code: 1, reason: expect.stringMatching(/SHUTDOWN_GRACE_MS=300/) as unknown });
    await stuck;
  });

  it("treats SIGINT like SIGTERM", async () => {
    const service = await spawnService({ ROLE: "backend" });
    service.child.kill("SIGINT");
    expect((await service.exited).code).toBe(0);
    expect(service.lines.at(-1)).toMatchObject({ msg: "exit", code: 0, signal: "SIGINT" });
  });
});

describe("the CPU stress flag", () => {
  it("raises the process's measured CPU and its request latency, and clearing it restores both", async () => {
    const service = await spawnService({ ROLE: "backend", FAULT_SECRET: SECRET });
    const url = `${service.url}/healthz`;
    const idleCpu = await cpuShare(service.pid, 600);
    const idleLatency = median(await sampleLatency(url, 12));

    await setFault(service, { cpuStressPercent: 80, leaseSeconds: 20 });
    const stressedCpu = await cpuShare(service.pid, 1000);
    const stressedSamples = await sampleLatency(url, 30);

    await request(`${service.url}/_fault`, { method: "DELETE", headers: auth });
    const afterCpu = await cpuShare(service.pid, 600);

    console.info(
      `cpu stress 80%: CPU ${idleCpu.toFixed(2)} → ${stressedCpu.toFixed(2)} → ${afterCpu.toFixed(2)} s/s; latency median ${idleLatency.toFixed(1)} → mean ${mean(stressedSamples).toFixed(1)} ms`,
    );
    expect(idleCpu).toBeLessThan(0.15);
    // 0.8 on a quiet machine. The floor is low because the tests share 2 cores with other
    // work: at load average 11 a process's fair share is ~0.18 core (0.32 was measured then).
    expect(stressedCpu).toBeGreaterThan(0.15);
    expect(stressedCpu).toBeGreaterThan(idleCpu + 0.12);
    // A request waits behind the burn only when it lands in the busy 80 % of a window, so
    // about 3 in 10 are fast and a median of few samples is a coin toss; the mean (~30 ms) is not.
    expect(mean(stressedSamples)).toBeGreaterThan(idleLatency + 10);
    expect(Math.max(...stressedSamples)).toBeGreaterThan(40);
    expect(afterCpu).toBeLessThan(0.15);
    service.child.kill("SIGTERM");
    expect((await service.exited).code).toBe(0);
  });
});

describe("traces from the bundle", () => {
  it("api and backend processes export spans of one trace to the OTLP endpoint", async () => {
    const otlp = await startOtlpReceiver();
    try {
      const backend = await spawnService({ ROLE: "backend", SERVICE_NAME: "backend", OTEL_EXPORTER_OTLP_ENDPOINT: otlp.endpoint });
      const api = await spawnService({ ROLE: "api", SERVICE_NAME: "api", BACKEND_URL: backend.url, OTEL_EXPORTER_OTLP_ENDPOINT: otlp.endpoint });
      const traceId = "5b8efff798038103d269b633813fc60c";
      expect((await request(`${api.url}/api/backend`, { headers: { traceparent: `00-${traceId}-eee19b7ec3c1b174-01` } })).status).toBe(200);

      const spans = (await otlp.waitFor((all) => all.filter((span) => span.traceId === traceId).length >= 3, 3000)).filter((span) => span.traceId === traceId);
      const apiClient = spans.find((span) => span.resource["service.name"] === "api" && span.kind === 3);
      const backendServer = spans.find((span) => span.resource["service.name"] === "backend" && span.kind === 2);
      expect(apiClient).toBeDefined();
      expect(backendServer?.parentSpanId).toBe(apiClient?.spanId);
      expect(backendServer?.resource["service.instance.id"]).toBe(backend.lines[0]?.taskId);

      // Spans still buffered at SIGTERM are flushed before exit.
      await request(`${backend.url}/healthz`, { headers: { traceparent: `00-${traceId}-eee19b7ec3c1b175-01` } });
      backend.child.kill("SIGTERM");
      api.child.kill("SIGTERM");
      await Promise.all([backend.exited, api.exited]);
      expect(otlp.spans.some((span) => span.traceId === traceId && span.parentSpanId === "eee19b7ec3c1b175")).toBe(true);
    } finally {
      await otlp.close();
    }
  });
});

describe("the default bundle", () => {
  it("is target-service/dist/main.js, where the lab runs it from", async () => {
    const file = await bundle();
    expect(file).toBe(path.resolve(import.meta.dirname, "..", "dist", "main.js"));
    expect(existsSync(file)).toBe(true);
  });
});
