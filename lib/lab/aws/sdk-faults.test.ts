import { describe, expect, it } from "vitest";
import { RunStatusSchema, type RunSpec } from "../types";
import { decode, encode, FAULT_TAG_PREFIX, type FaultRecord } from "./ledger";
import { awsError } from "./test/fake-aws";
import { EC2_OUTPUTS, OUTPUTS } from "./test/fixtures";
import { labError, useTestLabs, type TestLab } from "./test/harness";

const open = useTestLabs();

function spec(scenarioId: RunSpec["scenarioId"], params: Record<string, unknown> = {}, overrides: Partial<RunSpec> = {}): RunSpec {
  return { runId: `run-${scenarioId}`, scenarioId, params, durationSeconds: 300, ...overrides };
}

/** The fault ledger tag of a run, decoded. */
function ledgerOf(lab: TestLab, runId: string): FaultRecord | null {
  const value = lab.world.clusterTags.get(`${FAULT_TAG_PREFIX}${runId}`);
  return value ? decode(runId, value) : null;
}

/** Starts, checks the fault is active, stops, checks it ended; returns the mutating calls of each half. */
async function applyAndRevert(lab: TestLab, run: RunSpec): Promise<{ apply: string[]; revert: string[] }> {
  const handle = await lab.lab.start(run);
  expect(handle.externalId).toBe(`sdk:${run.runId}`);
  const apply = lab.world.sequence({ mutating: true });
  const active = RunStatusSchema.parse(await lab.lab.status(handle));
  expect(active).toMatchObject({ phase: "active", outcome: null, externalId: handle.externalId });
  expect(active.injectedAt).not.toBeNull();
  expect(ledgerOf(lab, run.runId)?.state).toBe("active");

  const before = lab.world.calls.length;
  await lab.lab.stop(handle, "facilitator stop");
  const revert = lab.world.calls.slice(before).map((call) => call.command).filter((command) => !/^(Describe|List|Get)/.test(command));
  const ended = RunStatusSchema.parse(await lab.lab.status(handle));
  expect(ended).toMatchObject({ phase: "ended", outcome: "stopped", reason: "stopped from the console; reverted" });
  expect(Date.parse(ended.revertedAt ?? "")).toBeGreaterThanOrEqual(Date.parse(active.injectedAt ?? ""));
  expect(ended.actions[0]).toMatchObject({ action: `sdk:${run.scenarioId}`, state: "stopped" });
  expect(ledgerOf(lab, run.runId)).toMatchObject({ state: "ended", outcome: "stopped", endReason: "stop" });
  // A second stop is a no-op.
  const calls = lab.world.calls.length;
  await lab.lab.stop(handle, "again");
  expect(lab.world.sequence({ mutating: true }).length).toBe(lab.world.calls.slice(0, calls).filter((call) => !/^(Describe|List|Get)/.test(call.command)).length);
  return { apply, revert };
}

describe("SDK-driven scenarios: apply and revert", () => {
  it("secret-drift rotates the secret now; revert redeploys so tasks read the new secret", async () => {
    const lab = open();
    const { apply, revert } = await applyAndRevert(lab, spec("secret-drift", { service: "api" }));
    expect(apply).toEqual(["TagResource", "RotateSecret", "TagResource"]);
    expect(lab.world.inputsOf("RotateSecret")).toEqual([{ SecretId: OUTPUTS.DbAppSecretArn, RotateImmediately: true }]);
    expect(revert).toEqual(["TagResource", "UpdateService", "TagResource"]);
    expect(lab.world.inputsOf("UpdateService")).toEqual([{ cluster: "gameday-cluster", service: "api", forceNewDeployment: true }]);
  });

  it("secret-drift on a CodeDeploy-controlled api redeploys through CodeDeploy with an ECS AppSpec", async () => {
    const lab = open({ ...OUTPUTS, ApiDeploymentController: "CODE_DEPLOY" });
    const { revert } = await applyAndRevert(lab, spec("secret-drift", { service: "api" }));
    expect(revert).toEqual(["TagResource", "CreateDeployment", "TagResource"]);
    const [deployment] = lab.world.inputsOf("CreateDeployment");
    expect(deployment).toMatchObject({ applicationName: "gameday-api", deploymentGroupName: "gameday-api-dg", revision: { revisionType: "AppSpecContent" } });
    const content = (deployment?.revision as { appSpecContent: { content: string } }).appSpecContent.content;
    expect(content).toContain('"version":0.0');
    expect(JSON.parse(content)).toEqual({
      version: 0,
      Resources: [
        {
          TargetService: {
            Type: "AWS::ECS::Service",
            Properties: { TaskDefinition: lab.world.taskDefinitionArn("gameday-api", 7), LoadBalancerInfo: { ContainerName: "app", ContainerPort: 8080 } },
          },
        },
      ],
    });
  });

  it("secrets-break detaches the secret policy and deploys; revert attaches it again", async () => {
    const lab = open();
    const { apply, revert } = await applyAndRevert(lab, spec("secrets-break", { service: "api" }));
    expect(apply).toEqual(["TagResource", "DetachRolePolicy", "UpdateService", "TagResource"]);
    expect(lab.world.inputsOf("DetachRolePolicy")).toEqual([{ RoleName: "gameday-api-execution", PolicyArn: OUTPUTS.ApiSecretAccessPolicyArn }]);
    expect(revert).toEqual(["TagResource", "AttachRolePolicy", "TagResource"]);
    expect(lab.world.inputsOf("AttachRolePolicy")).toEqual([{ RoleName: "gameday-api-execution", PolicyArn: OUTPUTS.ApiSecretAccessPolicyArn }]);
    expect(lab.world.attachedPolicies.has(OUTPUTS.ApiSecretAccessPolicyArn)).toBe(true);
  });

  it("secrets-break refuses when the policy is already detached (its revert would change the baseline)", async () => {
    const lab = open();
    lab.world.attachedPolicies.delete(OUTPUTS.ApiSecretAccessPolicyArn);
    const error = await labError(lab.lab.start(spec("secrets-break", { service: "api" })));
    expect(error.code).toBe("conflict");
    expect(lab.world.sequence({ mutating: true })).toEqual([]);
  });

  it("pending-task-deadlock raises desired count on the EC2 variant and restores it", async () => {
    const fargate = open();
    expect((await labError(fargate.lab.start(spec("pending-task-deadlock", { service: "backend", desiredCount: 10, capacityTasks: 6 })))).code).toBe("unsupported");
    fargate.done();

    const lab = open(EC2_OUTPUTS);
    const { apply, revert } = await applyAndRevert(lab, spec("pending-task-deadlock", { service: "backend", desiredCount: 10, capacityTasks: 6 }));
    expect(apply).toEqual(["TagResource", "UpdateService", "TagResource"]);
    expect(revert).toEqual(["TagResource", "UpdateService", "TagResource"]);
    expect(lab.world.inputsOf("UpdateService")).toEqual([
      { cluster: "gameday-cluster", service: "backend", desiredCount: 10 },
      { cluster: "gameday-cluster", service: "backend", desiredCount: 2 },
    ]);
  });

  it("bad-deployment registers a broken copy of the task definition, deploys it, and rolls back", async () => {
    const lab = open();
    const { apply, revert } = await applyAndRevert(lab, spec("bad-deployment", { service: "api", failure: "crash" }));
    expect(apply).toEqual(["TagResource", "RegisterTaskDefinition", "UpdateService", "TagResource"]);
    const [registered] = lab.world.inputsOf("RegisterTaskDefinition");
    expect(registered).toMatchObject({ family: "gameday-api", networkMode: "awsvpc", cpu: "512", memory: "1024", enableFaultInjection: true, requiresCompatibilities: ["FARGATE"] });
    for (const readOnly of ["taskDefinitionArn", "revision", "status", "requiresAttributes", "compatibilities", "registeredAt", "registeredBy"]) expect(registered).not.toHaveProperty(readOnly);
    const containers = registered?.containerDefinitions as { name: string; environment?: { name: string; value: string }[] }[];
    expect(containers.find((container) => container.name === "app")?.environment).toEqual([
      { name: "SERVICE_NAME", value: "gameday-api" },
      { name: "START_MODE", value: "crash" },
    ]);
    expect(containers.find((container) => container.name === "amazon-ssm-agent")?.environment).not.toContainEqual(expect.objectContaining({ name: "START_MODE" }));
    expect(lab.world.inputsOf("UpdateService")[0]).toEqual({ cluster: "gameday-cluster", service: "api", taskDefinition: lab.world.taskDefinitionArn("gameday-api", 8), forceNewDeployment: true });

    expect(revert).toEqual(["TagResource", "UpdateService", "DeregisterTaskDefinition", "TagResource"]);
    expect(lab.world.inputsOf("UpdateService")[1]).toEqual({ cluster: "gameday-cluster", service: "api", taskDefinition: lab.world.taskDefinitionArn("gameday-api", 7), forceNewDeployment: true });
    expect(lab.world.inputsOf("DeregisterTaskDefinition")).toEqual([{ taskDefinition: lab.world.taskDefinitionArn("gameday-api", 8) }]);
  });

  it("bad-deployment does not redeploy when the circuit breaker already rolled back", async () => {
    const lab = open();
    const handle = await lab.lab.start(spec("bad-deployment", { service: "backend" }));
    const service = lab.world.services.get("backend")?.service;
    if (!service) throw new Error("no backend");
    // What the ECS circuit breaker leaves behind: the previous revision is primary again.
    service.taskDefinition = lab.world.taskDefinitionArn("gameday-backend", 7);
    service.deployments = [{ id: "ecs-svc/rollback", status: "PRIMARY", taskDefinition: service.taskDefinition, rolloutState: "COMPLETED" }];
    const before = lab.world.calls.length;
    await lab.lab.stop(handle, "stop");
    expect(lab.world.calls.slice(before).map((call) => call.command).filter((command) => !/^(Describe|List|Get)/.test(command))).toEqual(["TagResource", "DeregisterTaskDefinition", "TagResource"]);
  });

  it("bad-deployment revert completes even when the broken revision cannot be deregistered", async () => {
    const lab = open();
    const handle = await lab.lab.start(spec("bad-deployment", { service: "api" }));
    lab.world.failures.set("DeregisterTaskDefinition", awsError("AccessDeniedException", "not authorized to perform: ecs:DeregisterTaskDefinition", 403));
    await lab.lab.stop(handle, "stop");
    expect(await lab.lab.status(handle)).toMatchObject({ phase: "ended", outcome: "stopped" });
    expect(lab.world.services.get("api")?.service.taskDefinition).toBe(lab.world.taskDefinitionArn("gameday-api", 7));
  });

  it("bad-deployment under CodeDeploy deploys by AppSpec and stops the deployment with rollback", async () => {
    const lab = open({ ...OUTPUTS, ApiDeploymentController: "CODE_DEPLOY" });
    const { apply, revert } = await applyAndRevert(lab, spec("bad-deployment", { service: "api" }));
    expect(apply).toEqual(["TagResource", "RegisterTaskDefinition", "CreateDeployment", "TagResource"]);
    expect((lab.world.inputsOf("CreateDeployment")[0]?.revision as { appSpecContent: { content: string } }).appSpecContent.content).toContain("task-definition/gameday-api:8");
    expect(revert).toEqual(["TagResource", "StopDeployment", "DeregisterTaskDefinition", "TagResource"]);
    expect(lab.world.inputsOf("StopDeployment")).toEqual([{ deploymentId: expect.stringMatching(/^d-/) as unknown, autoRollbackEnabled: true }]);
  });

  it("health-check-failure writes the fault flag with its own expiry; revert clears it", async () => {
    const lab = open();
    const { apply, revert } = await applyAndRevert(lab, spec("health-check-failure", { service: "api", taskPercent: 30 }));
    expect(apply).toEqual(["TagResource", "PutParameter", "TagResource"]);
    const [put] = lab.world.inputsOf("PutParameter");
    expect(put).toMatchObject({ Name: "/gameday/fault-flags", Type: "String", Overwrite: true });
    const flag = JSON.parse(String(put?.Value)) as Record<string, unknown>;
    expect(Object.keys(flag).sort()).toEqual(["expiresAt", "healthFailPercent", "runId", "service"]);
    expect(flag).toMatchObject({ healthFailPercent: 30, runId: "run-health-check-failure", service: "api" });
    expect(Date.parse(String(flag.expiresAt)) - lab.world.now().getTime()).toBeGreaterThan(290_000);
    expect(revert).toEqual(["TagResource", "PutParameter", "TagResource"]);
    expect(lab.world.faultFlag).toBe("{}");
  });

  it("waf-misblock adds a block rule under the ACL's lock token and removes it on revert", async () => {
    const lab = open();
    const { apply, revert } = await applyAndRevert(lab, spec("waf-misblock", { pathPrefix: "/db" }));
    expect(apply).toEqual(["TagResource", "UpdateWebACL", "TagResource"]);
    const [update] = lab.world.inputsOf("UpdateWebACL");
    expect(update).toMatchObject({ Name: "gameday-web-acl", Scope: "REGIONAL", Id: OUTPUTS.WebAclId, DefaultAction: { Allow: {} }, LockToken: "ed2c0c8a-EXAMPLE-0001" });
    const rules = update?.Rules as { Name: string; Priority: number; Action?: object; Statement: { ByteMatchStatement?: { SearchString: Uint8Array; PositionalConstraint: string; FieldToMatch: object } } }[];
    expect(rules.map((rule) => rule.Name)).toEqual(["rate-limit", "gameday-block-run-waf-misblock"]);
    const block = rules[1];
    expect(block?.Priority).toBe(1);
    expect(block?.Action).toEqual({ Block: {} });
    expect(new TextDecoder().decode(block?.Statement.ByteMatchStatement?.SearchString)).toBe("/db");
    expect(block?.Statement.ByteMatchStatement).toMatchObject({ PositionalConstraint: "STARTS_WITH", FieldToMatch: { UriPath: {} } });
    expect(revert).toEqual(["TagResource", "UpdateWebACL", "TagResource"]);
    expect(lab.world.webAcl.rules.map((rule) => rule.Name)).toEqual(["rate-limit"]);
  });

  it("waf-misblock retries once when someone else changed the ACL in between", async () => {
    const lab = open();
    const original = lab.world.webAcl;
    lab.world.failuresOnce.set("UpdateWebACL", awsError("WAFOptimisticLockException", "AWS WAF couldn't save your changes because someone changed the resource after you started to edit it."));
    await lab.lab.start(spec("waf-misblock", { pathPrefix: "/api" }));
    expect(lab.world.inputsOf("UpdateWebACL")).toHaveLength(2);
    // Re-read before the retry: the second update carries a fresh lock token.
    expect(lab.world.inputsOf("GetWebACL")).toHaveLength(2);
    expect(original.rules.map((rule) => rule.Name)).toContain("gameday-block-run-waf-misblock");
  });

  it("dependency-down scales backend to zero and back to its previous count", async () => {
    const lab = open();
    const { apply, revert } = await applyAndRevert(lab, spec("dependency-down"));
    expect(apply).toEqual(["TagResource", "UpdateService", "TagResource"]);
    expect(revert).toEqual(["TagResource", "UpdateService", "TagResource"]);
    expect(lab.world.inputsOf("UpdateService")).toEqual([
      { cluster: "gameday-cluster", service: "backend", desiredCount: 0 },
      { cluster: "gameday-cluster", service: "backend", desiredCount: 2 },
    ]);
  });
});

describe("the fault ledger on the ECS cluster", () => {
  it("writes one tag per run on the cluster, with what revert needs", async () => {
    const lab = open();
    await lab.lab.start(spec("dependency-down"));
    const tags = lab.world.inputsOf("TagResource");
    expect(tags[0]).toEqual({ resourceArn: lab.world.clusterArn, tags: [{ key: "gameday:fault:run-dependency-down", value: expect.stringMatching(/^s=dependency-down st=applying start=\d+ lease=\d+ svc=backend prev=2$/) as unknown }] });
    expect(ledgerOf(lab, "run-dependency-down")).toMatchObject({ scenarioId: "dependency-down", state: "active", data: { svc: "backend", prev: "2" } });
  });

  it("round-trips records and refuses values a tag cannot hold", () => {
    const record: FaultRecord = {
      runId: "r1",
      scenarioId: "bad-deployment",
      state: "ended",
      outcome: "completed",
      startedAt: new Date("2026-11-24T10:00:00Z"),
      injectedAt: new Date("2026-11-24T10:00:03Z"),
      leaseExpiresAt: new Date("2026-11-24T10:05:00Z"),
      endedAt: new Date("2026-11-24T10:05:01Z"),
      endReason: "lease",
      data: { svc: "backend", fam: "GamedayServiceBackendTaskDef8A1B2C3D", prev: "17", bad: "18", dep: "d-EXAMPLE11A" },
    };
    const value = encode(record);
    expect(value.length).toBeLessThanOrEqual(256);
    expect(decode("r1", value)).toEqual(record);
    expect(() => encode({ ...record, data: { svc: "has;semicolon" } })).toThrow(/not a valid tag value/);
    expect(() => encode({ ...record, data: { fam: "x".repeat(250) } })).toThrow(/does not fit an ECS tag/);
    expect(decode("r1", "s=unknown-scenario st=active start=1 lease=2")).toBeNull();
  });

  it("refuses a second fault on the same resource while the first is live", async () => {
    const lab = open(EC2_OUTPUTS);
    await lab.lab.start(spec("dependency-down"));
    const error = await labError(lab.lab.start(spec("pending-task-deadlock", { service: "backend", desiredCount: 10, capacityTasks: 6 })));
    expect(error.code).toBe("conflict");
    expect(error.message).toContain("run-dependency-down");
  });

  it("is idempotent per run id", async () => {
    const lab = open();
    const first = await lab.lab.start(spec("health-check-failure"));
    const again = await lab.lab.start(spec("health-check-failure"));
    expect(again).toEqual(first);
    expect(lab.world.inputsOf("PutParameter")).toHaveLength(1);
  });

  it("undoes a failed apply and records the failure", async () => {
    const lab = open();
    lab.world.failures.set("RotateSecret", awsError("InvalidRequestException", "A rotation function is not configured for this secret."));
    const error = await labError(lab.lab.start(spec("secret-drift", { service: "api" })));
    expect(error.code).toBe("invalid");
    expect(error.message).toContain("rotation function is not configured");
    expect(ledgerOf(lab, "run-secret-drift")).toMatchObject({ state: "ended", outcome: "failed", endReason: "error" });
    expect(lab.world.sequence({ mutating: true })).toEqual(["TagResource", "RotateSecret", "UpdateService", "TagResource"]);
  });

  it("prunes the oldest ended records before the cluster runs out of tags", async () => {
    const lab = open();
    for (let index = 0; index < 30; index += 1) {
      lab.world.clusterTags.set(`${FAULT_TAG_PREFIX}old-${index}`, `s=dependency-down st=ended out=stopped start=${1_700_000_000 + index} lease=${1_700_000_300 + index} end=${Math.floor(Date.now() / 1000) - 3600 + index} svc=backend prev=2`);
    }
    await lab.lab.start(spec("health-check-failure"));
    expect(lab.world.inputsOf("UntagResource")).toEqual([{ resourceArn: lab.world.clusterArn, tagKeys: [`${FAULT_TAG_PREFIX}old-0`] }]);
  });
});

describe("leases survive a console restart", () => {
  it("a fresh process reverts a fault whose lease expired while the console was down", async () => {
    const lab = open();
    const handle = await lab.lab.start(spec("health-check-failure", { service: "api", taskPercent: 20 }, { durationSeconds: 60 }));
    expect(lab.world.faultFlag).not.toBe("{}");

    lab.world.offsetMs += 61_000;
    const restarted = lab.restart();
    const status = RunStatusSchema.parse(await restarted.status(handle));
    expect(status).toMatchObject({ phase: "ended", outcome: "completed", reason: "lease expired; reverted" });
    expect(lab.world.faultFlag).toBe("{}");
    expect(ledgerOf(lab, handle.runId)).toMatchObject({ state: "ended", outcome: "completed", endReason: "lease" });
  });

  it("any call of the fresh process sweeps, not only status", async () => {
    const lab = open();
    await lab.lab.start(spec("dependency-down", {}, { durationSeconds: 30 }));
    lab.world.offsetMs += 31_000;
    const events = await lab.restart().events(new Date(lab.world.now().getTime() - 60 * 60_000));
    expect(lab.world.services.get("backend")?.service.desiredCount).toBe(2);
    expect(events.map((event) => event.id)).toEqual(expect.arrayContaining(["sdk:run-dependency-down:applied", "sdk:run-dependency-down:completed"]));
  });

  it("finishes a revert that a crash interrupted", async () => {
    const lab = open();
    const start = Math.floor(lab.world.now().getTime() / 1000) - 60;
    lab.world.services.get("backend")!.service.desiredCount = 0;
    lab.world.clusterTags.set(`${FAULT_TAG_PREFIX}crashed`, `s=dependency-down st=reverting start=${start} inj=${start + 1} lease=${start + 600} svc=backend prev=3`);
    const status = await lab.restart().status({ runId: "crashed", kind: "aws", externalId: "sdk:crashed", startedAt: new Date(start * 1000).toISOString(), leaseExpiresAt: new Date((start + 600) * 1000).toISOString() });
    expect(status).toMatchObject({ phase: "ended", outcome: "stopped" });
    expect(lab.world.services.get("backend")?.service.desiredCount).toBe(3);
  });

  it("halt-all reverts every live SDK-driven fault and names it", async () => {
    const lab = open();
    await lab.lab.start(spec("health-check-failure"));
    await lab.lab.start(spec("dependency-down"));
    const halted = await lab.restart().haltAll("halt");
    expect(halted.sort()).toEqual(["sdk:run-dependency-down", "sdk:run-health-check-failure"]);
    expect(lab.world.faultFlag).toBe("{}");
    expect(lab.world.services.get("backend")?.service.desiredCount).toBe(2);
    expect(ledgerOf(lab, "run-dependency-down")).toMatchObject({ state: "ended", outcome: "stopped", endReason: "halt" });
  });

  it("reports an unknown SDK run as not-found", async () => {
    const lab = open();
    const error = await labError(lab.lab.status({ runId: "ghost", kind: "aws", externalId: "sdk:ghost", startedAt: new Date().toISOString(), leaseExpiresAt: new Date().toISOString() }));
    expect(error.code).toBe("not-found");
  });
});
