import { describe, expect, it } from "vitest";
import { CheckSchema, type Check, type ScenarioSpec } from "../types";
import { awsError } from "./test/fake-aws";
import { EC2_OUTPUTS, OUTPUTS } from "./test/fixtures";
import { labError, useTestLabs, type TestLab } from "./test/harness";

const open = useTestLabs();

async function checks(lab: TestLab, spec: ScenarioSpec): Promise<Record<string, Check>> {
  const list = CheckSchema.array().parse(await lab.lab.preflight(spec));
  return Object.fromEntries(list.map((item) => [item.id, item]));
}

describe("preflight", () => {
  it("passes a ready FIS scenario, check by check", async () => {
    const lab = open();
    const result = await checks(lab, { scenarioId: "cpu-stress", params: { service: "api", percent: 80, taskPercent: 100 }, durationSeconds: 300 });
    expect(Object.keys(result)).toEqual(["credentials", "params", "safety-lever", "fis-template", "fis-template-params", "fis-task-definition", "fis-quota", "steady-state"]);
    expect(result.credentials?.detail).toContain("arn:aws:sts::123456789012:assumed-role/gameday-console/session");
    expect(result["fis-template"]).toMatchObject({ status: "pass", detail: expect.stringContaining("EXTcpuStress00001") as unknown });
    expect(result["fis-template-params"]?.status).toBe("pass");
    expect(result["fis-task-definition"]).toMatchObject({ status: "pass", detail: expect.stringContaining("gameday-api:7") as unknown });
    expect(result["fis-quota"]).toMatchObject({ status: "pass", detail: "0 of 5 active experiments in the account." });
    // One alarm has no data yet in the fake: a warning, not a failure.
    expect(result["steady-state"]).toMatchObject({ status: "warn", detail: expect.stringContaining("gameday-api-latency-p95") as unknown });
    expect(lab.world.inputsOf("GetExperimentTemplate")).toEqual([{ id: "EXTcpuStress00001" }]);
  });

  it("warns when the template fixes other parameters or another duration than requested", async () => {
    const lab = open();
    const result = await checks(lab, { scenarioId: "network-latency", params: { service: "backend", delayMs: 500, jitterMs: 20, taskPercent: 50 }, durationSeconds: 120 });
    expect(result["fis-template-params"]).toMatchObject({ status: "warn" });
    expect(result["fis-template-params"]?.detail).toContain("service: requested backend, the template runs api");
    expect(result["fis-template-params"]?.detail).toContain("delay (ms): requested 500, the template runs 200");
    expect(result["fis-template-params"]?.detail).toContain("percent of tasks: requested 50, the template runs 100");
    expect(result["fis-duration"]).toMatchObject({ status: "warn", detail: expect.stringContaining("last 300 s; the console stops the experiment when the 120 s lease ends") as unknown });
  });

  it("fails a task definition that is not ready for FIS task actions, saying what is missing", async () => {
    const lab = open();
    const definition = lab.world.taskDefinitions.get(lab.world.taskDefinitionArn("gameday-api", 7));
    if (!definition) throw new Error("no task definition");
    definition.enableFaultInjection = false;
    definition.containerDefinitions = definition.containerDefinitions?.filter((container) => container.name === "app");
    const service = lab.world.services.get("api")?.service;
    if (service) service.enableExecuteCommand = true;
    const result = await checks(lab, { scenarioId: "cpu-stress", params: {}, durationSeconds: 300 });
    expect(result["fis-task-definition"]?.status).toBe("fail");
    expect(result["fis-task-definition"]?.detail).toContain("enableFaultInjection is not true");
    expect(result["fis-task-definition"]?.detail).toContain("no SSM agent sidecar");
    expect(result["fis-task-definition"]?.detail).toContain("ECS Exec is enabled on api");
  });

  it("fails on an engaged lever, a full quota, a missing template and alarms in ALARM", async () => {
    const lab = open();
    for (let index = 0; index < 5; index += 1) await lab.lab.start({ runId: `busy-${index}`, scenarioId: "ecs-task-termination", params: {}, durationSeconds: 120 });
    lab.world.lever = { status: "engaged", reason: "change freeze" };
    const alarm = lab.world.alarms[0];
    if (alarm) alarm.StateValue = "ALARM";
    const result = await checks(lab, { scenarioId: "nat-gateway-failure", params: {}, durationSeconds: 120 });
    expect(result["safety-lever"]).toMatchObject({ status: "fail", detail: expect.stringContaining("engaged (change freeze)") as unknown });
    expect(result["fis-quota"]).toMatchObject({ status: "fail", detail: expect.stringContaining("5 experiments are active") as unknown });
    expect(result["fis-template"]).toMatchObject({ status: "fail", detail: expect.stringContaining("No FIS experiment template for nat-gateway-failure") as unknown });
    expect(result["steady-state"]).toMatchObject({ status: "fail", detail: "Not in steady state: gameday-api-5xx in ALARM." });
  });

  it("checks the capacity variant for EC2-only scenarios", async () => {
    const fargate = open();
    expect((await checks(fargate, { scenarioId: "pending-task-deadlock", params: {}, durationSeconds: 120 })).capacity?.status).toBe("fail");
    fargate.done();
    const ec2 = open(EC2_OUTPUTS);
    const result = await checks(ec2, { scenarioId: "pending-task-deadlock", params: {}, durationSeconds: 120 });
    expect(result.capacity).toMatchObject({ status: "pass", detail: expect.stringContaining("gameday-asg") as unknown });
    expect(result["capacity-param"]?.status).toBe("warn");
  });

  it("checks what each SDK-driven scenario relies on", async () => {
    const lab = open();
    expect((await checks(lab, { scenarioId: "secret-drift", params: {}, durationSeconds: 120 }))["secret-rotation"]).toMatchObject({ status: "pass" });
    expect(lab.world.inputsOf("DescribeSecret")).toEqual([{ SecretId: OUTPUTS.DbAppSecretArn }]);
    expect((await checks(lab, { scenarioId: "health-check-failure", params: {}, durationSeconds: 120 }))["fault-flag"]).toMatchObject({ status: "pass" });
    expect((await checks(lab, { scenarioId: "waf-misblock", params: {}, durationSeconds: 120 }))["web-acl"]).toMatchObject({ status: "pass", detail: expect.stringContaining("1 rules") as unknown });
    expect((await checks(lab, { scenarioId: "bad-deployment", params: {}, durationSeconds: 120 })).service?.detail).toContain("circuit breaker on with rollback");
    await lab.lab.start({ runId: "live", scenarioId: "dependency-down", params: {}, durationSeconds: 120 });
    expect((await checks(lab, { scenarioId: "dependency-down", params: {}, durationSeconds: 120 }))["no-overlap"]).toMatchObject({ status: "fail", detail: expect.stringContaining("live") as unknown });
  });

  it("reports invalid parameters as a failed check", async () => {
    const lab = open();
    const result = await checks(lab, { scenarioId: "waf-misblock", params: { pathPrefix: "no-slash" }, durationSeconds: 120 });
    expect(result.params).toMatchObject({ status: "fail", detail: expect.stringContaining("pathPrefix must start with /") as unknown });
  });

  it("stops at the credentials check when credentials are expired", async () => {
    const lab = open();
    lab.world.failures.set("GetCallerIdentity", awsError("ExpiredTokenException", "The security token included in the request is expired", 400));
    const result = CheckSchema.array().parse(await lab.lab.preflight({ scenarioId: "cpu-stress", params: {}, durationSeconds: 60 }));
    expect(result).toEqual([
      { id: "credentials", label: "AWS credentials", status: "fail", detail: expect.stringContaining("AWS credentials are missing or expired") as unknown },
    ]);
  });

  it("throws invalid for a malformed request", async () => {
    const lab = open();
    expect((await labError(lab.lab.preflight({ scenarioId: "cpu-stress", params: {}, durationSeconds: 0 }))).code).toBe("invalid");
  });
});
