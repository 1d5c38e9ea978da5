/**
 * Every endpoint over real HTTP on 127.0.0.1, with the service running in-process (an api
 * and a backend, wired like the lab wires them), without a database.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config";
import { FaultInjector } from "../src/faults";
import { createLogger } from "../src/log";
import { buildRoutes } from "../src/routes";
import { startService, type RunningService } from "../src/service";
import { freePort, median, request, sleep } from "./support/net";

const SECRET = "test-fault-secret-0123456789";
const auth = { "x-fault-secret": SECRET };

let backend: RunningService;
let api: RunningService;
const backendLog: Record<string, unknown>[] = [];
const apiLog: Record<string, unknown>[] = [];
const others: RunningService[] = [];

function capture(into: Record<string, unknown>[]) {
  return (line: string) => {
    into.push(JSON.parse(line) as Record<string, unknown>);
  };
}

async function start(env: Record<string, string>, log: Record<string, unknown>[] = []): Promise<RunningService> {
  const service = await startService(loadConfig({ PORT: "0", HOST: "127.0.0.1", ...env }), { logSink: capture(log) });
  others.push(service);
  return service;
}

async function putFault(service: RunningService, body: unknown) {
  return request(`${service.url}/_fault`, { method: "PUT", headers: { ...auth, "content-type": "application/json" }, body: JSON.stringify(body) });
}

async function medianMs(url: string, count: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < count; i += 1) times.push((await request(url)).ms);
  return median(times);
}

beforeAll(async () => {
  backend = await startService(loadConfig({ ROLE: "backend", PORT: "0", HOST: "127.0.0.1", TASK_ID: "backend-1", VERSION: "backend:4", FAULT_SECRET: SECRET }), {
    logSink: capture(backendLog),
  });
  api = await startService(loadConfig({ ROLE: "api", PORT: "0", HOST: "127.0.0.1", TASK_ID: "api-1", SERVICE_NAME: "gameday-api", VERSION: "api:3", BACKEND_URL: backend.url }), {
    logSink: capture(apiLog),
  });
});

afterAll(async () => {
  await Promise.all([backend.shutdown("test end"), api.shutdown("test end"), ...others.map((service) => service.shutdown("test end"))]);
});

describe("GET /", () => {
  it("describes the task", async () => {
    const response = await request(`${api.url}/`);
    expect(response.status).toBe(200);
    expect(response.headers["x-task-id"]).toBe("api-1");
    expect(response.headers["content-type"]).toMatch(/^application\/json/);
    expect(response.json()).toEqual({ app: "gameday-target", role: "api", service: "gameday-api", version: "api:3", taskId: "api-1", uptimeSeconds: expect.any(Number) as unknown });
  });
});

describe("GET /healthz", () => {
  it("answers ok", async () => {
    const response = await request(`${backend.url}/healthz`);
    expect([response.status, response.json(), response.headers["x-task-id"]]).toEqual([200, { status: "ok" }, "backend-1"]);
  });

  it("answers 500 for a release started with START_MODE=unhealthy, while everything else works", async () => {
    const broken = await start({ ROLE: "backend", START_MODE: "unhealthy" });
    const health = await request(`${broken.url}/healthz`);
    expect(health.status).toBe(500);
    expect(health.json()).toEqual({ status: "failing", reason: "START_MODE=unhealthy: this release never becomes healthy" });
    expect((await request(`${broken.url}/process`)).status).toBe(200);
  });
});

describe("GET /healthz while draining", () => {
  it("answers 503 draining, whatever else is wrong", async () => {
    const config = loadConfig({ ROLE: "backend", START_MODE: "unhealthy" });
    const faults = new FaultInjector(createLogger({ taskId: "t", service: "backend", version: "test" }, () => undefined));
    const routes = buildRoutes({ config, startedAt: Date.now(), faults, ssmFlags: undefined, db: undefined, backend: undefined, isDraining: () => true });
    const healthz = routes.find((route) => route.path === "/healthz");
    const reply = await healthz?.handle({ path: "/healthz", query: new URLSearchParams(), headers: {}, readBody: () => Promise.resolve("") });
    expect(reply).toEqual({ status: 503, body: { status: "draining" } });
  });
});

describe("GET /work", () => {
  it("burns CPU for the asked time", async () => {
    const response = await request(`${backend.url}/work?ms=60`);
    expect(response.status).toBe(200);
    const body = response.json() as { ms: number; iterations: number };
    expect(body.ms).toBe(60);
    expect(body.iterations).toBeGreaterThan(1000);
    expect(response.ms).toBeGreaterThanOrEqual(59);
    expect((await request(`${backend.url}/work?ms=1`)).status).toBe(200);
  });

  it.each(["", "?ms=0", "?ms=2001", "?ms=abc", "?ms=1.5", "?ms=-5", "?ms=99999"])("rejects %s with 422 and a message", async (query) => {
    const response = await request(`${backend.url}/work${query}`);
    expect(response.status).toBe(422);
    expect((response.json() as { error: string }).error).toMatch(/ms (is required|must be)/);
  });
});

describe("GET /db without a database", () => {
  it("answers 503 database not configured", async () => {
    const response = await request(`${api.url}/db`);
    expect(response.status).toBe(503);
    expect(response.json()).toEqual({ ok: false, error: "database not configured", code: "NOT_CONFIGURED" });
  });
});

describe("api → backend", () => {
  it("GET /process answers on the backend, with the database skipped", async () => {
    const response = await request(`${backend.url}/process`);
    expect(response.json()).toEqual({ processedBy: "backend-1", db: "skipped" });
  });

  it("GET /api/backend relays the backend's answer with the api task's id", async () => {
    const response = await request(`${api.url}/api/backend`);
    expect(response.status).toBe(200);
    expect(response.json()).toEqual({ processedBy: "backend-1", db: "skipped", via: "api-1" });
  });

  it("each role has only its own route", async () => {
    expect((await request(`${backend.url}/api/backend`)).status).toBe(404);
    expect((await request(`${api.url}/process`)).status).toBe(404);
  });

  it("answers 502 when the backend is unreachable", async () => {
    const lonely = await start({ ROLE: "api", BACKEND_URL: `http://127.0.0.1:${await freePort()}` });
    const response = await request(`${lonely.url}/api/backend`);
    expect(response.status).toBe(502);
    expect((response.json() as { error: string }).error).toMatch(/^backend unreachable: .*ECONNREFUSED/);
  });

  it("answers 502 when the backend fails, and after 2 s when it hangs", async () => {
    let stubMode: "fail" | "hang" = "fail";
    const stub = http.createServer((req, res) => {
      if (req.url === "/process" && stubMode === "fail") {
        res.writeHead(503, { "content-type": "application/json" }).end(JSON.stringify({ error: "database: password authentication failed" }));
      }
      // "hang": never answer; the api must give up on its own.
    });
    await new Promise<void>((resolve) => stub.listen(0, "127.0.0.1", resolve));
    try {
      const viaStub = await start({ ROLE: "api", BACKEND_URL: `http://127.0.0.1:${(stub.address() as AddressInfo).port}` });
      const failed = await request(`${viaStub.url}/api/backend`);
      expect([failed.status, failed.json()]).toEqual([502, { error: "backend answered 503: database: password authentication failed", via: expect.any(String) as unknown }]);

      stubMode = "hang";
      const hung = await request(`${viaStub.url}/api/backend`);
      expect(hung.status).toBe(502);
      expect((hung.json() as { error: string }).error).toBe("backend timed out after 2000 ms");
      expect(hung.ms).toBeGreaterThanOrEqual(1990);
      expect(hung.ms).toBeLessThan(3000);
    } finally {
      stub.closeAllConnections();
      await new Promise((resolve) => stub.close(resolve));
    }
  });
});

describe("unknown paths and methods", () => {
  it("answer JSON 404 and 405, with the task id", async () => {
    const missing = await request(`${api.url}/nope?x=1`);
    expect([missing.status, missing.json(), missing.headers["x-task-id"]]).toEqual([404, { error: "not found", path: "/nope" }, "api-1"]);
    const wrongMethod = await request(`${api.url}/healthz`, { method: "POST" });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.allow).toBe("GET");
  });
});

describe("request logs", () => {
  it("write one JSON line per request with the contract's fields", async () => {
    const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    await request(`${api.url}/healthz`, { headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` } });
    const line = apiLog.find((entry) => entry.msg === "request" && entry.traceId === traceId);
    expect(line).toEqual({
      ts: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown,
      level: "info",
      msg: "request",
      taskId: "api-1",
      service: "gameday-api",
      version: "api:3",
      traceId,
      spanId: expect.stringMatching(/^[0-9a-f]{16}$/) as unknown,
      method: "GET",
      path: "/healthz",
      route: "/healthz",
      status: 200,
      durationMs: expect.any(Number) as unknown,
    });
    expect(apiLog.find((entry) => entry.msg === "ready")).toMatchObject({ port: api.port });
  });
});

describe("the fault endpoint", () => {
  it("does not exist without FAULT_SECRET", async () => {
    expect((await request(`${api.url}/_fault`, { headers: auth })).status).toBe(404);
  });

  it("wants the secret: 401 without it, 403 when wrong", async () => {
    const missing = await request(`${backend.url}/_fault`, { method: "PUT", body: JSON.stringify({ healthFail: true, leaseSeconds: 5 }) });
    expect(missing.status).toBe(401);
    const wrong = await request(`${backend.url}/_fault`, { method: "PUT", headers: { "x-fault-secret": SECRET.replace(/.$/, "X") }, body: JSON.stringify({ healthFail: true, leaseSeconds: 5 }) });
    expect(wrong.status).toBe(403);
    expect((await request(`${backend.url}/_fault`, { method: "DELETE", headers: { "x-fault-secret": "short" } })).status).toBe(403);
    expect((await request(`${backend.url}/healthz`)).status).toBe(200);
  });

  it.each([
    ["{not json", /body must be a JSON object/],
    [JSON.stringify({ healthFail: true }), /leaseSeconds is required/],
    [JSON.stringify({ latencyMs: 9000, leaseSeconds: 5 }), /latencyMs must be from 0 to 5000/],
    [JSON.stringify({ cpuStressPercent: 150, leaseSeconds: 5 }), /cpuStressPercent must be from 0 to 100/],
    [JSON.stringify({ latency: 100, leaseSeconds: 5 }), /Unrecognized key: "latency"/],
  ])("answers 422 to %s", async (body, message) => {
    const response = await request(`${backend.url}/_fault`, { method: "PUT", headers: auth, body });
    expect(response.status).toBe(422);
    expect((response.json() as { error: string }).error).toMatch(message);
  });

  it("refuses an oversized body with 413", async () => {
    const response = await request(`${backend.url}/_fault`, { method: "PUT", headers: auth, body: JSON.stringify({ leaseSeconds: 5, pad: "x".repeat(10_000) }) });
    expect(response.status).toBe(413);
  });

  it("sets the health flag until its lease ends, and reports it", async () => {
    const set = await putFault(backend, { healthFail: true, leaseSeconds: 1 });
    expect(set.status).toBe(200);
    const expiresAt = Date.parse((set.json() as { expiresAt: string }).expiresAt);
    expect(expiresAt - Date.now()).toBeGreaterThan(800);
    expect(expiresAt - Date.now()).toBeLessThanOrEqual(1000);

    const failing = await request(`${backend.url}/healthz`);
    expect([failing.status, failing.json()]).toEqual([500, { status: "failing", reason: "health fault flag set through /_fault" }]);
    expect((await request(`${backend.url}/_fault`, { headers: auth })).json()).toMatchObject({ healthFail: true, expiresAt: new Date(expiresAt).toISOString() });

    await sleep(expiresAt - Date.now() + 100);
    expect((await request(`${backend.url}/healthz`)).status).toBe(200);
    expect((await request(`${backend.url}/_fault`, { headers: auth })).json()).toEqual({ healthFail: false, cpuStressPercent: 0, latencyMs: 0, jitterMs: 0, expiresAt: null });
    const changes = backendLog.filter((line) => line.msg === "fault flags changed").map((line) => line.reason);
    expect(changes.slice(-2)).toEqual(["set", "lease expired"]);
  });

  it("DELETE clears every flag at once", async () => {
    await putFault(backend, { healthFail: true, latencyMs: 50, leaseSeconds: 60 });
    const cleared = await request(`${backend.url}/_fault`, { method: "DELETE", headers: auth });
    expect(cleared.json()).toEqual({ healthFail: false, cpuStressPercent: 0, latencyMs: 0, jitterMs: 0, expiresAt: null });
    expect((await request(`${backend.url}/healthz`)).status).toBe(200);
  });
});

describe("the latency flag", () => {
  it("delays every response end to end, not the fault endpoint, and clearing restores the baseline", async () => {
    const url = `${backend.url}/healthz`;
    const baseline = await medianMs(url, 7);

    await putFault(backend, { latencyMs: 150, leaseSeconds: 30 });
    const delayed = await medianMs(url, 5);
    expect(delayed).toBeGreaterThanOrEqual(150);
    expect(delayed).toBeLessThan(150 + baseline + 60);
    expect((await request(`${backend.url}/_fault`, { headers: auth })).ms).toBeLessThan(100);

    await putFault(backend, { latencyMs: 100, jitterMs: 50, leaseSeconds: 30 });
    const jittered: number[] = [];
    for (let i = 0; i < 8; i += 1) jittered.push((await request(url)).ms);
    expect(Math.min(...jittered)).toBeGreaterThanOrEqual(49);
    expect(Math.max(...jittered)).toBeLessThan(150 + baseline + 60);

    await request(`${backend.url}/_fault`, { method: "DELETE", headers: auth });
    expect(await medianMs(url, 7)).toBeLessThan(baseline + 40);
  });

  it("also delays outbound calls: the api's backend call pays it on top of the response", async () => {
    const url = `${api.url}/api/backend`;
    const baseline = await medianMs(url, 5);
    const apiWithSecret = await start({ ROLE: "api", BACKEND_URL: backend.url, FAULT_SECRET: SECRET });
    await putFault(apiWithSecret, { latencyMs: 120, leaseSeconds: 30 });
    // 120 ms before the backend call plus 120 ms before the api's own response.
    const both = await medianMs(`${apiWithSecret.url}/api/backend`, 3);
    expect(both).toBeGreaterThanOrEqual(240);
    expect(both).toBeLessThan(240 + baseline + 80);
  });
});
