import { GetParameterCommand, ParameterNotFound, SSMClient } from "@aws-sdk/client-ssm";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config";
import { createLogger } from "../src/log";
import { startService, type RunningService } from "../src/service";
import { healthFailBucket, SsmFaultFlags } from "../src/ssm-flags";
import { request, sleep } from "./support/net";

const ssm = mockClient(SSMClient);
const PARAMETER = "/gameday/fault-flags";

/** Task ids whose bucket is below / at-or-above 50, found by the same hash the service uses. */
function taskIdIn(range: "low" | "high"): string {
  for (let i = 0; ; i += 1) {
    const id = `task-${i}`;
    if ((healthFailBucket(id) < 50) === (range === "low")) return id;
  }
}

function flagValue(healthFailPercent: number, expiresInMs: number): string {
  return JSON.stringify({ healthFailPercent, expiresAt: new Date(Date.now() + expiresInMs).toISOString() });
}

function poller(taskId: string, lines: Record<string, unknown>[] = []) {
  const log = createLogger({ taskId, service: "api", version: "test" }, (line) => lines.push(JSON.parse(line) as Record<string, unknown>));
  return new SsmFaultFlags({ client: new SSMClient({ region: "eu-west-1" }), parameterName: PARAMETER, taskId, serviceName: "api", log });
}

beforeEach(() => {
  ssm.reset();
});

describe("healthFailBucket", () => {
  it("is stable, within 0..99, and spreads task ids", () => {
    expect(healthFailBucket("task-a")).toBe(healthFailBucket("task-a"));
    const buckets = Array.from({ length: 400 }, (_, i) => healthFailBucket(`task-${i}`));
    expect(Math.min(...buckets)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...buckets)).toBeLessThan(100);
    const belowHalf = buckets.filter((bucket) => bucket < 50).length;
    expect(belowHalf).toBeGreaterThan(150);
    expect(belowHalf).toBeLessThan(250);
  });
});

describe("SsmFaultFlags", () => {
  it("asks SSM for exactly the configured parameter", async () => {
    ssm.on(GetParameterCommand).resolves({ Parameter: { Name: PARAMETER, Value: flagValue(100, 60_000) } });
    const flags = poller("task-1");
    await flags.poll();
    const calls = ssm.commandCalls(GetParameterCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toEqual({ Name: PARAMETER });
  });

  it("fails the health of tasks whose bucket is under the percentage, until expiresAt", async () => {
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: flagValue(50, 60_000) } });
    const low = poller(taskIdIn("low"));
    const high = poller(taskIdIn("high"));
    await Promise.all([low.poll(), high.poll()]);
    expect(low.healthFailure()).toMatch(/healthFailPercent=50 covers bucket \d+ until /);
    expect(high.healthFailure()).toBeUndefined();
    // Past expiresAt the flag is off without another poll.
    expect(low.healthFailure(Date.now() + 61_000)).toBeUndefined();
  });

  it("applies a flag naming a service only to that service's tasks", async () => {
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: JSON.stringify({ healthFailPercent: 100, expiresAt: new Date(Date.now() + 60_000).toISOString(), service: "backend", runId: "run-1" }) } });
    const api = poller("task-1");
    await api.poll();
    expect(api.healthFailure()).toBeUndefined();
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: JSON.stringify({ healthFailPercent: 100, expiresAt: new Date(Date.now() + 60_000).toISOString(), service: "api", runId: "run-1" }) } });
    await api.poll();
    expect(api.healthFailure()).toBeDefined();
  });

  it("reads the parameter's resting value {} as no fault, without reporting a problem", async () => {
    const lines: Record<string, unknown>[] = [];
    const flags = poller(taskIdIn("low"), lines);
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: "{}" } });
    await flags.poll();
    expect(flags.healthFailure()).toBeUndefined();
    expect(lines).toEqual([]);
  });

  it("treats a missing parameter or bad JSON as no fault, and logs each problem once", async () => {
    const lines: Record<string, unknown>[] = [];
    const flags = poller(taskIdIn("low"), lines);
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: flagValue(100, 60_000) } });
    await flags.poll();
    expect(flags.healthFailure()).toBeDefined();

    ssm.on(GetParameterCommand).rejects(new ParameterNotFound({ message: "not found", $metadata: {} }));
    await flags.poll();
    await flags.poll();
    expect(flags.healthFailure()).toBeUndefined();

    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: "{not json" } });
    await flags.poll();
    await flags.poll();
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: JSON.stringify({ healthFailPercent: 400, expiresAt: "soon" }) } });
    await flags.poll();
    expect(flags.healthFailure()).toBeUndefined();

    const problems = lines.filter((line) => line.msg === "fault flag poll").map((line) => String(line.problem));
    expect(problems).toEqual([
      `parameter ${PARAMETER} not found: no fault`,
      `parameter ${PARAMETER} is not JSON: no fault`,
      expect.stringMatching(/is not a fault flag \(healthFailPercent: .*expiresAt: .*\): no fault$/),
    ]);
    expect(lines.filter((line) => line.msg === "fault flags changed")).toHaveLength(2);
  });

  it("keeps the last flag when SSM itself fails (the flag expires on its own)", async () => {
    const flags = poller(taskIdIn("low"));
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: flagValue(100, 60_000) } });
    await flags.poll();
    ssm.on(GetParameterCommand).rejects(Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" }));
    await flags.poll();
    expect(flags.healthFailure()).toBeDefined();
  });
});

describe("the service with FAULT_FLAG_PARAMETER", () => {
  let service: RunningService | undefined;
  afterEach(async () => {
    await service?.shutdown("test end");
    service = undefined;
  });

  it("polls on its interval and turns /healthz to 500 while the flag covers this task", async () => {
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: flagValue(100, 60_000) } });
    const config = loadConfig({ ROLE: "backend", PORT: "0", HOST: "127.0.0.1", TASK_ID: "task-ssm", FAULT_FLAG_PARAMETER: PARAMETER, AWS_REGION: "eu-west-1" });
    service = await startService(config, { ssmClient: new SSMClient({ region: "eu-west-1" }), ssmPollIntervalMs: 50, logSink: () => undefined });

    const deadline = Date.now() + 2000;
    let health = await request(`${service.url}/healthz`);
    while (health.status !== 500 && Date.now() < deadline) {
      await sleep(20);
      health = await request(`${service.url}/healthz`);
    }
    expect(health.status).toBe(500);
    expect(health.json()).toEqual({ status: "failing", reason: expect.stringContaining(`fault flag ${PARAMETER}: healthFailPercent=100`) as unknown });

    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: flagValue(0, 60_000) } });
    await sleep(200);
    expect((await request(`${service.url}/healthz`)).status).toBe(200);
    expect(ssm.commandCalls(GetParameterCommand).length).toBeGreaterThanOrEqual(3);
    for (const call of ssm.commandCalls(GetParameterCommand)) expect(call.args[0].input).toEqual({ Name: PARAMETER });
  });
});
