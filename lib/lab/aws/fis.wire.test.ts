/**
 * FIS over the wire (restJson1): the real FIS client against the documented get-, start-,
 * stop- and list-experiment bodies, every experiment state, paging and FIS's errors.
 */
import { describe, expect, it } from "vitest";
import { RunHandleSchema, RunStatusSchema, type RunHandle } from "../types";
import { ok, wireError } from "./test/aws-endpoint";
import { labError } from "./test/harness";
import { NOW, useWireLab } from "./test/wire-harness";
import {
  documentedExperiment,
  documentedExperimentSummary,
  documentedStartedExperiment,
  documentedStoppingExperiment,
  documentedTemplateSummary,
  experimentIn,
  ourTags,
  safetyLever,
} from "./test/wire/fis";

const open = useWireLab();

const LEASE = "2027-01-01T00:00:00.000Z";

function handle(externalId = "ABC12DeFGhI3jKLMNOP"): RunHandle {
  return RunHandleSchema.parse({ runId: "run-7", kind: "aws", externalId, startedAt: "2021-03-22T17:01:49.000Z", leaseExpiresAt: LEASE });
}

describe("GetExperiment: every FIS state onto the port's phases", () => {
  // FIS API reference, ExperimentState.status: pending | initiating | running | completed | stopping | stopped | failed | cancelled.
  const cases: [string, string, string | null][] = [
    ["pending", "initiating", null],
    ["initiating", "initiating", null],
    ["running", "active", null],
    ["stopping", "reverting", null],
    ["completed", "ended", "completed"],
    ["stopped", "ended", "stopped"],
    ["failed", "ended", "failed"],
    ["cancelled", "ended", "cancelled"],
  ];
  for (const [status, phase, outcome] of cases) {
    it(`${status} → ${phase}, with the injection instant from the action or, without one, from the experiment's start`, async () => {
      const { endpoint, lab } = open();
      for (const withActionTimes of [true, false]) {
        endpoint.on("fis", "GetExperiment", ok({ experiment: experimentIn(status, { withActionTimes }) }));
        const mapped = RunStatusSchema.parse(await lab.status(handle()));
        const ran = ["running", "stopping", "completed", "stopped"].includes(status);
        expect({ status, withActionTimes, phase: mapped.phase, outcome: mapped.outcome }).toEqual({ status, withActionTimes, phase, outcome });
        // The action's own start when FIS gives one, else the experiment's (1616432509.962).
        expect(mapped.injectedAt).toBe(ran ? (withActionTimes ? "2021-03-22T17:01:50.500Z" : "2021-03-22T17:01:49.962Z") : status === "failed" && withActionTimes ? "2021-03-22T17:01:50.500Z" : null);
        expect(mapped.revertedAt).toBe(phase === "ended" ? "2021-03-22T17:02:02.307Z" : null);
        expect(mapped.leaseExpiresAt).toBe(LEASE);
        expect(mapped.reason).toBe(`Experiment ${status}.`);
      }
      expect(endpoint.calls("fis", "GetExperiment").map((call) => [call.method, call.path])).toEqual([
        ["GET", "/experiments/ABC12DeFGhI3jKLMNOP"],
        ["GET", "/experiments/ABC12DeFGhI3jKLMNOP"],
      ]);
    });
  }

  it("replays get-experiment.rst as printed: completed, its action without start or end time", async () => {
    const { endpoint, lab } = open();
    endpoint.on("fis", "GetExperiment", ok({ experiment: documentedExperiment() }));
    const status = RunStatusSchema.parse(await lab.status(handle()));
    expect(status).toEqual({
      externalId: "ABC12DeFGhI3jKLMNOP",
      phase: "ended",
      outcome: "completed",
      reason: "Experiment completed.",
      injectedAt: "2021-03-22T17:01:49.962Z",
      revertedAt: "2021-03-22T17:02:02.307Z",
      leaseExpiresAt: LEASE,
      actions: [{ actionId: "reboot", action: "aws:ec2:reboot-instances", state: "completed", startedAt: "2021-03-22T17:01:49.962Z", endedAt: "2021-03-22T17:02:02.307Z" }],
    });
  });

  it("replays stop-experiment.rst's stopping experiment: its running wait action counts as started", async () => {
    const { endpoint, lab } = open();
    endpoint.on("fis", "GetExperiment", ok({ experiment: documentedStoppingExperiment() }));
    const status = await lab.status(handle());
    expect(status).toMatchObject({ phase: "reverting", outcome: null, injectedAt: "2021-03-22T17:04:41.177Z" });
    expect(status.actions.map((action) => [action.actionId, action.state, action.startedAt])).toEqual([
      ["reboot", "pending", null],
      ["wait", "running", "2021-03-22T17:04:41.177Z"],
    ]);
  });

  it("stops an experiment still running past the lease on its tag (DELETE /experiments/{id})", async () => {
    const { endpoint, lab } = open();
    const tags = ourTags("run-7", "ecs-task-termination", "2026-11-24T17:00:00.000Z");
    endpoint.on("fis", "GetExperiment", [ok({ experiment: experimentIn("running", { withActionTimes: true, tags }) }), ok({ experiment: documentedStoppingExperiment(tags) })]);
    endpoint.on("fis", "StopExperiment", ok({ experiment: documentedStoppingExperiment(tags) }));
    const status = await lab.status(handle());
    expect(endpoint.calls("fis", "StopExperiment").map((call) => [call.method, call.path])).toEqual([["DELETE", "/experiments/ABC12DeFGhI3jKLMNOP"]]);
    expect(status.phase).toBe("reverting");
    expect(status.leaseExpiresAt).toBe("2026-11-24T17:00:00.000Z");
  });
});

describe("StartExperiment", () => {
  it("pages through the templates, checks the lever, starts with the run id as client token and reads the answer", async () => {
    const { endpoint, lab } = open();
    const template = documentedTemplateSummary({ "gameday:deployment": "gameday", "gameday:scenario": "ecs-task-termination" });
    endpoint.on("fis", "ListExperimentTemplates", [
      ok({ experimentTemplates: [documentedTemplateSummary()], nextToken: "page-2" }),
      ok({ experimentTemplates: [template] }),
    ]);
    endpoint.on("fis", "GetSafetyLever", ok(safetyLever("disengaged", "Ready for game days")));
    endpoint.on("fis", "StartExperiment", (request) => ok({ experiment: documentedStartedExperiment(request.params.tags as Record<string, string>) }));
    const started = RunHandleSchema.parse(await lab.start({ runId: "run-7", scenarioId: "ecs-task-termination", params: { service: "api", percent: 50 }, durationSeconds: 120, tags: { gameday: "gd-42" } }));

    const lists = endpoint.calls("fis", "ListExperimentTemplates");
    expect(lists.map((call) => call.query.toString())).toEqual(["maxResults=100", "maxResults=100&nextToken=page-2"]);
    expect(endpoint.calls("fis", "GetSafetyLever").map((call) => call.path)).toEqual(["/safetyLevers/default"]);
    const [start] = endpoint.calls("fis", "StartExperiment");
    expect(start?.method).toBe("POST");
    expect(start?.path).toBe("/experiments");
    const lease = new Date(Math.floor((NOW.getTime() + 120_000) / 1000) * 1000).toISOString();
    expect(start?.params).toEqual({
      clientToken: "run-7",
      experimentTemplateId: "ABCDE1fgHIJkLmNop",
      tags: { gameday: "gd-42", "gameday:run": "run-7", "gameday:deployment": "gameday", "gameday:scenario": "ecs-task-termination", "gameday:lease": lease },
    });
    expect(started).toMatchObject({ runId: "run-7", kind: "aws", externalId: "ABC12DeFGhI3jKLMNOP", leaseExpiresAt: lease });
  });

  it("finds a retried launch by its run tag across ListExperiments pages and starts nothing", async () => {
    const { endpoint, lab } = open();
    const tags = ourTags("run-7", "ecs-task-termination", "2026-11-24T18:02:00.000Z");
    endpoint.on("fis", "ListExperiments", [ok({ experiments: [documentedExperimentSummary()], nextToken: "page-2" }), ok({ experiments: [{ ...documentedExperimentSummary(tags), id: "EXPrun7" }] })]);
    const again = await lab.start({ runId: "run-7", scenarioId: "ecs-task-termination", params: {}, durationSeconds: 120 });
    expect(again).toMatchObject({ externalId: "EXPrun7", leaseExpiresAt: "2026-11-24T18:02:00.000Z" });
    expect(endpoint.calls("fis", "ListExperiments").slice(0, 2).map((call) => call.query.get("nextToken"))).toEqual([null, "page-2"]);
    expect(endpoint.calls("fis", "StartExperiment")).toHaveLength(0);
  });

  it("refuses while the lever is engaged (GetSafetyLever's documented shape)", async () => {
    const { endpoint, lab } = open();
    endpoint.on("fis", "GetSafetyLever", ok(safetyLever("engaged", "incident INC-204 in progress")));
    const error = await labError(lab.start({ runId: "run-8", scenarioId: "ecs-task-termination", params: {}, durationSeconds: 120 }));
    expect(error).toMatchObject({ code: "conflict", message: expect.stringContaining("incident INC-204 in progress") as unknown });
  });
});

describe("FIS errors (restJson1: x-amzn-errortype + message)", () => {
  // FIS API reference, StartExperiment "Errors": ConflictException 409, ResourceNotFoundException 404,
  // ServiceQuotaExceededException 402, ValidationException 400; Common Errors: AccessDeniedException 403, ThrottlingException 400.
  const cases: [string, ReturnType<typeof wireError>, string, RegExp][] = [
    ["throttling", wireError("fis", "ThrottlingException", "Rate exceeded", 400), "throttled", /kept throttling fis:StartExperiment/],
    ["access denied", wireError("fis", "AccessDeniedException", "User: arn:aws:sts::123456789012:assumed-role/gameday-console/s is not authorized to perform: fis:StartExperiment", 403), "access-denied", /not allowed to call fis:StartExperiment/],
    ["validation", wireError("fis", "ValidationException", "1 validation error detected: Value at 'clientToken' failed to satisfy constraint", 400), "invalid", /clientToken/],
    ["not found", wireError("fis", "ResourceNotFoundException", "Experiment template ABCDE1fgHIJkLmNop not found.", 404), "not-found", /not found/],
    ["quota", wireError("fis", "ServiceQuotaExceededException", "You have exceeded the maximum number of active experiments.", 402), "quota-exceeded", /maximum number of active experiments/],
    ["conflict", wireError("fis", "ConflictException", "The request could not be processed because of a conflict.", 409), "conflict", /conflict/],
  ];
  for (const [label, reply, code, message] of cases) {
    it(`maps ${label} to '${code}'`, async () => {
      const { endpoint, lab } = open();
      endpoint.on("fis", "ListExperimentTemplates", ok({ experimentTemplates: [documentedTemplateSummary({ "gameday:deployment": "gameday", "gameday:scenario": "ecs-task-termination" })] }));
      endpoint.on("fis", "GetSafetyLever", ok(safetyLever("disengaged", "")));
      endpoint.on("fis", "StartExperiment", reply);
      const error = await labError(lab.start({ runId: "run-9", scenarioId: "ecs-task-termination", params: {}, durationSeconds: 120 }));
      expect({ code: error.code, message: error.message }).toMatchObject({ code, message: expect.stringMatching(message) as unknown });
    });
  }
});
