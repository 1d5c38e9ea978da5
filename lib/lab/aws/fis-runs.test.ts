import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RunHandleSchema, RunStatusSchema, type RunSpec } from "../types";
import { isoDurationSeconds, selectionPercent } from "./fis";
import { EC2_OUTPUTS } from "./test/fixtures";
import { labError, testLab, type TestLab } from "./test/harness";

let t: TestLab;
beforeEach(() => {
  t = testLab();
});
afterEach(() => t.done());

function spec(overrides: Partial<RunSpec> = {}): RunSpec {
  return { runId: "run-cl9x2k1", scenarioId: "ecs-task-termination", params: { service: "api", percent: 50 }, durationSeconds: 120, tags: { gameday: "gd-42" }, ...overrides };
}

describe("start (FIS StartExperiment)", () => {
  it("finds the deployment's template by tag and starts it with the run id as client token", async () => {
    const before = t.world.now().getTime();
    const handle = RunHandleSchema.parse(await t.lab.start(spec()));

    // ListExperimentTemplates is paginated (page size 2 in the fake): every page is read.
    const listCalls = t.world.inputsOf("ListExperimentTemplates");
    expect(listCalls.length).toBeGreaterThan(1);
    expect(listCalls[0]).toMatchObject({ maxResults: 100 });
    expect(listCalls[1]).toMatchObject({ nextToken: "page-2" });

    const [start] = t.world.inputsOf("StartExperiment");
    expect(Object.keys(start ?? {}).sort()).toEqual(["clientToken", "experimentTemplateId", "tags"]);
    expect(start).toMatchObject({
      clientToken: "run-cl9x2k1",
      experimentTemplateId: "EXT6aLbFGhJ2z8Rk",
      tags: { gameday: "gd-42", "gameday:run": "run-cl9x2k1", "gameday:deployment": "gameday", "gameday:scenario": "ecs-task-termination" },
    });
    const lease = Date.parse((start?.tags as Record<string, string>)["gameday:lease"] ?? "");
    expect(lease).toBe(Date.parse(handle.leaseExpiresAt));
    expect(lease - before).toBeGreaterThan(118_000);
    expect(handle).toMatchObject({ runId: "run-cl9x2k1", kind: "aws", externalId: expect.stringMatching(/^EXP/) as unknown });
    expect(Date.parse(handle.leaseExpiresAt) - Date.parse(handle.startedAt)).toBe(120_000);
  });

  it("is idempotent: the same run id returns the same experiment and the same handle", async () => {
    const first = await t.lab.start(spec());
    t.world.offsetMs += 5_000;
    const again = await t.lab.start(spec());
    expect(again).toEqual(first);
    expect(t.world.experiments.size).toBe(1);
    // The retry finds the experiment by its gameday:run tag and does not start another.
    expect(t.world.inputsOf("StartExperiment").map((input) => input.clientToken)).toEqual(["run-cl9x2k1"]);
  });

  it("refuses while the safety lever is engaged, without calling StartExperiment", async () => {
    t.world.lever = { status: "engaged", reason: "incident INC-204 in progress" };
    const error = await labError(t.lab.start(spec()));
    expect(error.code).toBe("conflict");
    expect(error.message).toContain("safety lever is engaged (incident INC-204 in progress)");
    expect(t.world.inputsOf("StartExperiment")).toHaveLength(0);
  });

  it("says which template is missing (prerequisite-missing)", async () => {
    const error = await labError(t.lab.start(spec({ scenarioId: "nat-gateway-failure", params: {} })));
    expect(error.code).toBe("prerequisite-missing");
    expect(error.message).toContain("gameday:scenario=nat-gateway-failure and gameday:deployment=gameday");
  });

  it("maps the active-experiment quota to quota-exceeded", async () => {
    for (let index = 0; index < 5; index += 1) await t.lab.start(spec({ runId: `run-${index}` }));
    const error = await labError(t.lab.start(spec({ runId: "run-6" })));
    expect(error.code).toBe("quota-exceeded");
    expect(error.message).toContain("maximum number of active experiments");
  });

  it("rejects invalid parameters before any AWS call", async () => {
    const error = await labError(t.lab.start(spec({ params: { service: "api", percent: 150 } })));
    expect(error.code).toBe("invalid");
    expect(error.message).toContain("percent must be at most 100");
    expect(t.world.calls).toHaveLength(0);
  });

  it("records the Aurora writer on an aurora-failover experiment, for fail-back", async () => {
    await t.lab.start(spec({ scenarioId: "aurora-failover", params: { refuseSeconds: 20 } }));
    expect(t.world.inputsOf("DescribeDBClusters")[0]).toEqual({ DBClusterIdentifier: "gameday-db" });
    expect(t.world.inputsOf("StartExperiment")[0]?.tags).toMatchObject({ "gameday:db-writer": "gameday-db-instance-1" });
  });

  it("runs spot-loss only on the EC2 variant, and starts a rollout with it", async () => {
    const error = await labError(t.lab.start(spec({ scenarioId: "spot-loss-during-deploy", params: {} })));
    expect(error.code).toBe("unsupported");
    t.done();

    t = testLab(EC2_OUTPUTS);
    await t.lab.start(spec({ scenarioId: "spot-loss-during-deploy", params: { service: "backend", spotPercent: 60, warningSeconds: 120 } }));
    expect(t.world.sequence({ mutating: true })).toEqual(["StartExperiment", "UpdateService"]);
    expect(t.world.inputsOf("UpdateService")[0]).toEqual({ cluster: "gameday-cluster", service: "backend", forceNewDeployment: true });
    // A retried launch must not start a second rollout.
    await t.lab.start(spec({ scenarioId: "spot-loss-during-deploy", params: { service: "backend", spotPercent: 60, warningSeconds: 120 } }));
    expect(t.world.inputsOf("UpdateService")).toHaveLength(1);
  });
});

describe("status (FIS GetExperiment)", () => {
  it("follows the experiment from pending to running to completed with real action instants", async () => {
    const handle = await t.lab.start(spec());
    const read = async () => RunStatusSchema.parse(await t.lab.status(handle));
    expect(await read()).toMatchObject({ phase: "initiating", outcome: null, injectedAt: null });
    expect(t.world.inputsOf("GetExperiment").at(-1)).toEqual({ id: handle.externalId });
    t.world.tick();
    expect((await read()).phase).toBe("initiating");
    t.world.tick();
    const active = await read();
    expect(active.phase).toBe("active");
    expect(active.actions).toEqual([expect.objectContaining({ actionId: "Inject", action: "aws:ecs:stop-task", state: "running" })]);
    expect(active.injectedAt).toBe(active.actions[0]?.startedAt);
    t.world.offsetMs += 121_000;
    t.world.tick();
    const ended = await read();
    expect(ended).toMatchObject({ phase: "ended", outcome: "completed" });
    expect(Date.parse(ended.revertedAt ?? "")).toBeGreaterThan(Date.parse(active.injectedAt ?? ""));
  });

  it("stops an experiment still running past the console's lease", async () => {
    const handle = await t.lab.start(spec({ durationSeconds: 60 }));
    t.world.tick();
    t.world.tick();
    t.world.offsetMs += 61_000;
    const status = await t.lab.status(handle);
    expect(t.world.inputsOf("StopExperiment")).toEqual([{ id: handle.externalId }]);
    expect(status.phase).toBe("reverting");
  });

  it("reports an unknown experiment as not-found", async () => {
    const error = await labError(t.lab.status({ runId: "x", kind: "aws", externalId: "EXP00000000000000000", startedAt: new Date().toISOString(), leaseExpiresAt: new Date().toISOString() }));
    expect(error.code).toBe("not-found");
  });

  it("reads FIS durations and selections", () => {
    expect(isoDurationSeconds("PT2M")).toBe(120);
    expect(isoDurationSeconds("PT1H30M")).toBe(5400);
    expect(isoDurationSeconds("PT90S")).toBe(90);
    expect(isoDurationSeconds("two minutes")).toBeNull();
    expect(selectionPercent("PERCENT(50)")).toBe(50);
    expect(selectionPercent("COUNT(2)")).toBeNull();
  });
});

describe("stop and halt-all", () => {
  it("stops a running experiment once, and treats stopping an ended one as done", async () => {
    const handle = await t.lab.start(spec());
    t.world.tick();
    await t.lab.stop(handle, "facilitator stop");
    expect(t.world.inputsOf("StopExperiment")).toEqual([{ id: handle.externalId }]);
    t.world.tick();
    await t.lab.stop(handle, "again");
    expect(t.world.inputsOf("StopExperiment")).toHaveLength(1);
    expect((await t.lab.status(handle)).outcome).toBe("stopped");
  });

  it("stops every active experiment of this deployment across ListExperiments pages, and leaves the lever alone", async () => {
    const handles = [];
    for (let index = 0; index < 3; index += 1) handles.push(await t.lab.start(spec({ runId: `halt-${index}` })));
    // Another deployment's experiment in the same account is not ours to stop.
    t.world.experiments.set("EXPotherTeam000001", {
      experiment: { id: "EXPotherTeam000001", state: { status: "running" }, creationTime: t.world.now(), tags: { "gameday:deployment": "someone-else" } },
      clientToken: "other",
      durationMs: 60_000,
    });
    // One of ours already ended: nothing to stop.
    await t.lab.stop(handles[0] ?? handles[1]!, "ended before the halt");
    t.world.tick();

    const calls = t.world.calls.length;
    const halted = await t.lab.haltAll("runaway latency");
    expect(halted.sort()).toEqual([handles[1]?.externalId, handles[2]?.externalId].sort());
    const listCalls = t.world.calls.slice(calls).filter((call) => call.command === "ListExperiments");
    expect(listCalls.length).toBeGreaterThan(1);
    expect(listCalls[1]?.input).toMatchObject({ nextToken: expect.stringMatching(/^page-/) as unknown });
    expect(t.world.inputsOf("StopExperiment").map((input) => input.id)).not.toContain("EXPotherTeam000001");
    expect(t.world.inputsOf("UpdateSafetyLeverState")).toHaveLength(0);
  });

  it("engages the safety lever with the reason when asked", async () => {
    const handle = await t.lab.start(spec());
    const halted = await t.lab.haltAll("halt-all by alice@example.com: customer impact", { engageSafetyLever: true });
    expect(halted).toEqual([handle.externalId]);
    expect(t.world.inputsOf("UpdateSafetyLeverState")).toEqual([{ id: "default", state: { status: "engaged", reason: "halt-all by alice@example.com: customer impact" } }]);
    expect(t.world.lever.status).toBe("engaged");
    const error = await labError(t.lab.start(spec({ runId: "after-halt" })));
    expect(error.code).toBe("conflict");
  });

  it("finishes every step and then reports what failed", async () => {
    await t.lab.start(spec());
    t.world.failures.set("UpdateSafetyLeverState", Object.assign(new Error("User is not authorized to perform: fis:UpdateSafetyLeverState"), { name: "AccessDeniedException", $metadata: { httpStatusCode: 403 } }));
    const error = await labError(t.lab.haltAll("halt", { engageSafetyLever: true }));
    expect(error.code).toBe("access-denied");
    expect(error.message).toContain("safety lever");
    expect(error.details?.halted).toHaveLength(1);
    expect(t.world.inputsOf("StopExperiment")).toHaveLength(1);
  });
});
