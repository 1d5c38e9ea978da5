/**
 * The contract every Lab adapter passes. The local adapter runs it against a real local-lab
 * daemon; the AWS adapter runs it with the SDK mocked at the client seam. A harness supplies
 * the lab, a scenario that lab can run safely, and any stepping its fake world needs.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isLabError } from "../errors";
import { standardQueries } from "../metrics";
import {
  AlarmStateSchema,
  CheckSchema,
  LabEventSchema,
  RunHandleSchema,
  RunStatusSchema,
  SeriesSchema,
  TopologySchema,
  TracesSchema,
  type Lab,
  type RunHandle,
  type RunSpec,
  type ScenarioSpec,
} from "../types";

export interface LabContractHarness {
  lab: Lab;
  /** A scenario this lab runs safely and quickly (short duration). */
  scenario: ScenarioSpec;
  /** A service name the lab knows, for remediation. */
  service: string;
  /** How long to wait for asynchronous effects (injection, revert). */
  settleTimeoutMs: number;
  /** Called between polls; a mocked lab advances its fake world here. */
  tick?: () => Promise<void>;
  teardown: () => Promise<void>;
}

async function eventually<T>(
  harness: LabContractHarness,
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  what: string,
): Promise<T> {
  const deadline = Date.now() + harness.settleTimeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    await harness.tick?.();
    last = await read();
    if (accept(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
}

let runCounter = 0;
function runSpec(harness: LabContractHarness, overrides: Partial<RunSpec> = {}): RunSpec {
  runCounter += 1;
  return {
    runId: `contract-${Date.now().toString(36)}-${runCounter}`,
    scenarioId: harness.scenario.scenarioId,
    params: harness.scenario.params,
    durationSeconds: harness.scenario.durationSeconds,
    tags: { suite: "lab-contract" },
    ...overrides,
  };
}

export function describeLabContract(name: string, createHarness: () => Promise<LabContractHarness>): void {
  describe(`Lab contract: ${name}`, () => {
    let harness: LabContractHarness;
    const started: RunHandle[] = [];

    beforeAll(async () => {
      harness = await createHarness();
    });

    afterAll(async () => {
      if (!harness) return;
      await harness.lab.haltAll("contract suite teardown").catch(() => undefined);
      await harness.teardown();
    });

    it("reports itself reachable", async () => {
      const health = await harness.lab.health();
      expect(health.reachable).toBe(true);
    });

    it("describes its topology in the port's shape", async () => {
      const topology = TopologySchema.parse(await harness.lab.topology());
      expect(topology.kind).toBe(harness.lab.kind);
      expect(topology.services.map((service) => service.name)).toContain(harness.service);
      expect(topology.loadBalancer.targetGroups.length).toBeGreaterThan(0);
    });

    it("runs preflight checks with a verdict and a reason each", async () => {
      const checks = CheckSchema.array().parse(await harness.lab.preflight(harness.scenario));
      expect(checks.length).toBeGreaterThan(0);
      for (const check of checks) expect(check.detail.length).toBeGreaterThan(0);
    });

    it("refuses a run without a valid lease with an 'invalid' LabError", async () => {
      const error = await harness.lab.start(runSpec(harness, { durationSeconds: 0 })).catch((caught: unknown) => caught);
      expect(isLabError(error) && error.code).toBe("invalid");
    });

    it("starts a run with a lease, idempotently per run id", async () => {
      const spec = runSpec(harness);
      const before = Date.now();
      const handle = RunHandleSchema.parse(await harness.lab.start(spec));
      started.push(handle);
      expect(handle.runId).toBe(spec.runId);
      expect(handle.kind).toBe(harness.lab.kind);
      const lease = Date.parse(handle.leaseExpiresAt) - Date.parse(handle.startedAt);
      expect(lease).toBeGreaterThanOrEqual(spec.durationSeconds * 1000 - 1000);
      expect(lease).toBeLessThanOrEqual(spec.durationSeconds * 1000 + 5000);
      expect(Date.parse(handle.startedAt)).toBeGreaterThanOrEqual(before - 5000);

      const again = await harness.lab.start(spec);
      expect(again.externalId).toBe(handle.externalId);
    });

    it("reports the fault's real injection instant, then its revert on stop", async () => {
      const handle = started[0];
      if (!handle) throw new Error("no run started");
      const active = await eventually(
        harness,
        async () => RunStatusSchema.parse(await harness.lab.status(handle)),
        (status) => status.injectedAt !== null,
        "the fault to be injected",
      );
      expect(active.externalId).toBe(handle.externalId);
      expect(["injecting", "active"]).toContain(active.phase);
      expect(active.actions.length).toBeGreaterThan(0);

      await harness.lab.stop(handle, "contract: stop one run");
      const ended = await eventually(
        harness,
        async () => RunStatusSchema.parse(await harness.lab.status(handle)),
        (status) => status.phase === "ended",
        "the run to end after stop",
      );
      expect(ended.outcome).toBe("stopped");
      expect(ended.revertedAt).not.toBeNull();
      expect(Date.parse(ended.revertedAt ?? "")).toBeGreaterThanOrEqual(Date.parse(active.injectedAt ?? ""));
    });

    it("rejects status and stop of an unknown run with 'not-found'", async () => {
      const ghost: RunHandle = {
        runId: "ghost",
        kind: harness.lab.kind,
        externalId: harness.lab.kind === "aws" ? "EXP00000000000000000" : "fault-does-not-exist",
        startedAt: new Date().toISOString(),
        leaseExpiresAt: new Date(Date.now() + 60_000).toISOString(),
      };
      const error = await harness.lab.status(ghost).catch((caught: unknown) => caught);
      expect(isLabError(error) && error.code).toBe("not-found");
    });

    it("halts every run it started and names them", async () => {
      const first = await harness.lab.start(runSpec(harness));
      const second = await harness.lab.start(runSpec(harness));
      const halted = await harness.lab.haltAll("contract: halt all");
      expect(halted).toEqual(expect.arrayContaining([first.externalId, second.externalId]));
      for (const handle of [first, second]) {
        const status = await eventually(
          harness,
          async () => RunStatusSchema.parse(await harness.lab.status(handle)),
          (value) => value.phase === "ended",
          `run ${handle.externalId} to end after halt-all`,
        );
        expect(["stopped", "cancelled"]).toContain(status.outcome);
      }
    });

    it("answers every standard dashboard query with one series, oldest point first", async () => {
      const topology = await harness.lab.topology();
      const queries = standardQueries(topology, 60, harness.service);
      const to = new Date();
      const from = new Date(to.getTime() - 10 * 60_000);
      const series = SeriesSchema.array().parse(await harness.lab.metrics(queries, from, to));
      expect(series.map((entry) => entry.id).sort()).toEqual(queries.map((query) => query.id).sort());
      for (const entry of series) {
        const times = entry.points.map((point) => point.t);
        expect(times).toEqual([...times].sort((a, b) => a - b));
        for (const time of times) {
          expect(time).toBeGreaterThanOrEqual(from.getTime() - 60_000);
          expect(time).toBeLessThanOrEqual(to.getTime());
        }
      }
    });

    it("lists alarms in the port's shape", async () => {
      const alarms = AlarmStateSchema.array().parse(await harness.lab.alarms());
      expect(alarms.length).toBeGreaterThan(0);
    });

    it("lists events since an instant, each with a stable unique id", async () => {
      const since = new Date(Date.now() - 60 * 60_000);
      const events = LabEventSchema.array().parse(await harness.lab.events(since));
      const ids = events.map((event) => event.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const event of events) expect(Date.parse(event.at)).toBeGreaterThanOrEqual(since.getTime());
      const again = LabEventSchema.array().parse(await harness.lab.events(since));
      const shared = again.filter((event) => ids.includes(event.id));
      expect(shared.length).toBeGreaterThan(0);
    });

    it("folds traces into a service graph with sampled summaries", async () => {
      // A lab that just started may not have folded its first traces yet.
      const traces = await eventually(
        harness,
        async () => {
          const to = new Date();
          return TracesSchema.parse(await harness.lab.traces(new Date(to.getTime() - 5 * 60_000), to));
        },
        (value) => value.graph.nodes.length > 0,
        "the first traces",
      );
      const nodeIds = new Set(traces.graph.nodes.map((node) => node.id));
      for (const edge of traces.graph.edges) {
        expect(nodeIds.has(edge.source)).toBe(true);
        expect(nodeIds.has(edge.target)).toBe(true);
      }
    });

    it("applies a remediation (force new deployment)", async () => {
      await expect(harness.lab.remediate({ type: "force-new-deployment", service: harness.service })).resolves.toBeUndefined();
    });

    it("rejects a remediation on an unknown service with 'not-found'", async () => {
      const error = await harness.lab.remediate({ type: "force-new-deployment", service: "no-such-service" }).catch((caught: unknown) => caught);
      expect(isLabError(error) && error.code).toBe("not-found");
    });
  });
}
