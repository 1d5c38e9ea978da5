import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, withEcsIdentity } from "../src/config";

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("loadConfig", () => {
  it("applies the contract's defaults", () => {
    const config = loadConfig({ ROLE: "backend" });
    expect(config).toMatchObject({
      role: "backend",
      port: 8080,
      host: "0.0.0.0",
      serviceName: "backend",
      version: "dev",
      backendUrl: undefined,
      db: undefined,
      faultSecret: undefined,
      otlpEndpoint: undefined,
      startMode: "normal",
      shutdownGraceMs: 10_000,
    });
    expect(config.taskId).toMatch(/^[0-9a-f]{16}$/);
    expect(loadConfig({ ROLE: "backend" }).taskId).not.toBe(config.taskId);
  });

  it("reads every variable of the contract", () => {
    const config = loadConfig({
      ROLE: "api",
      PORT: "4190",
      HOST: "127.0.0.1",
      TASK_ID: "task-7",
      SERVICE_NAME: "gameday-api",
      VERSION: "api:3",
      BACKEND_URL: "http://backend.gameday.local:8080/",
      DB_HOST: "db.local",
      DB_PORT: "6543",
      DB_NAME: "app",
      DB_USER: "app_user",
      DB_PASSWORD: "s3cret",
      FAULT_SECRET: "0123456789abcdef",
      OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4100/otlp/",
      FAULT_FLAG_PARAMETER: "/gameday/fault-flags",
      AWS_REGION: "eu-west-1",
      START_MODE: "unhealthy",
      SHUTDOWN_GRACE_MS: "2500",
    });
    expect(config).toEqual({
      role: "api",
      port: 4190,
      host: "127.0.0.1",
      taskId: "task-7",
      serviceName: "gameday-api",
      version: "api:3",
      backendUrl: "http://backend.gameday.local:8080",
      db: { host: "db.local", port: 6543, database: "app", user: "app_user", password: "s3cret", ssl: false },
      faultSecret: "0123456789abcdef",
      otlpEndpoint: "http://127.0.0.1:4100/otlp",
      faultFlagParameter: "/gameday/fault-flags",
      awsRegion: "eu-west-1",
      ecsMetadataUri: undefined,
      explicit: { taskId: true, version: true },
      startMode: "unhealthy",
      shutdownGraceMs: 2500,
    });
  });

  it("names each bad variable", () => {
    const problems = problemsOf({ ROLE: "frontend", PORT: "http", START_MODE: "sometimes", SHUTDOWN_GRACE_MS: "-1", FAULT_SECRET: "short" });
    expect(problems).toHaveLength(5);
    expect(problems.join("\n")).toMatch(/ROLE must be 'api' or 'backend'/);
    expect(problems.join("\n")).toMatch(/PORT must be a port number/);
    expect(problems.join("\n")).toMatch(/START_MODE must be 'normal', 'unhealthy' or 'crash'/);
    expect(problems.join("\n")).toMatch(/SHUTDOWN_GRACE_MS must be between 0 and 600000/);
    expect(problems.join("\n")).toMatch(/FAULT_SECRET must be at least 16 characters/);
  });

  it("requires ROLE, BACKEND_URL for the api role, and the credentials with DB_HOST", () => {
    expect(problemsOf({}).join()).toMatch(/ROLE/);
    expect(problemsOf({ ROLE: "api" })).toEqual(["BACKEND_URL is required when ROLE=api (e.g. http://backend.gameday.local:8080)"]);
    expect(problemsOf({ ROLE: "api", BACKEND_URL: "backend:8080" }).join()).toMatch(/BACKEND_URL must be an http\(s\) URL/);
    expect(problemsOf({ ROLE: "backend", DB_HOST: "db" })).toEqual(["DB_USER is required when DB_HOST is set", "DB_PASSWORD is required when DB_HOST is set"]);
    expect(problemsOf({ ROLE: "backend", PORT: "70000" }).join()).toMatch(/PORT must be a port number \(0\.\.65535\)/);
  });

  it("treats empty variables as unset and ignores BACKEND_URL on the backend role", () => {
    const config = loadConfig({ ROLE: "backend", PORT: "", FAULT_SECRET: "", BACKEND_URL: "http://x:1" });
    expect(config.port).toBe(8080);
    expect(config.faultSecret).toBeUndefined();
    expect(config.backendUrl).toBeUndefined();
  });

  it("turns on TLS to the database with DB_SSL=require", () => {
    const config = loadConfig({ ROLE: "backend", DB_HOST: "aurora", DB_USER: "u", DB_PASSWORD: "p", DB_SSL: "require" });
    expect(config.db).toEqual({ host: "aurora", port: 5432, database: "postgres", user: "u", password: "p", ssl: true });
  });

  it("takes TASK_ID and VERSION from ECS task metadata only where the environment left them unset", () => {
    const identity = { taskId: "9781c248e1d44a3e8a4b1e0e5e7e2a11", version: "gameday-api:7" };
    const fromEcs = withEcsIdentity(loadConfig({ ROLE: "backend", ECS_CONTAINER_METADATA_URI_V4: "http://169.254.170.2/v4/abc" }), identity);
    expect([fromEcs.taskId, fromEcs.version, fromEcs.ecsMetadataUri]).toEqual([identity.taskId, identity.version, "http://169.254.170.2/v4/abc"]);
    const pinned = withEcsIdentity(loadConfig({ ROLE: "backend", TASK_ID: "mine", VERSION: "v9" }), identity);
    expect([pinned.taskId, pinned.version]).toEqual(["mine", "v9"]);
  });
});
