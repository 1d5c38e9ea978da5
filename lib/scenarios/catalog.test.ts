import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/api/errors";
import { ScenarioIdSchema } from "@/lib/lab/types";
import { SCENARIOS, getScenario } from "./index";
import { resolveScenario } from "./resolve";
import { RUNBOOK_PHASES } from "./types";

describe("the scenario catalog", () => {
  it("describes every scenario the lab port knows, once", () => {
    expect(SCENARIOS.map((scenario) => scenario.id).sort()).toEqual([...ScenarioIdSchema.options].sort());
  });

  it.each(SCENARIOS.map((scenario) => [scenario.id, scenario] as const))("%s is complete and consistent", (_id, scenario) => {
    const defaults: unknown = scenario.params.parse({});
    expect(scenario.blastRadius(defaults).length).toBeGreaterThan(20);
    const { minSeconds, defaultSeconds, maxSeconds } = scenario.duration;
    expect(minSeconds).toBeLessThanOrEqual(defaultSeconds);
    expect(defaultSeconds).toBeLessThanOrEqual(maxSeconds);
    expect(maxSeconds).toBeLessThanOrEqual(3600);

    const stepIds = scenario.runbook.map((step) => step.id);
    expect(new Set(stepIds).size).toBe(stepIds.length);
    const phaseOrder = scenario.runbook.map((step) => RUNBOOK_PHASES.indexOf(step.phase));
    expect(phaseOrder).toEqual([...phaseOrder].sort((a, b) => a - b));
    for (const phase of RUNBOOK_PHASES) expect(scenario.runbook.some((step) => step.phase === phase)).toBe(true);

    const weights = Object.values(scenario.scoring.weights);
    expect(weights.reduce((sum, weight) => sum + weight, 0)).toBeCloseTo(1, 6);
    expect(scenario.scoring.mitigateTargetSeconds).toBeGreaterThan(scenario.scoring.detectTargetSeconds);
    expect(scenario.recovery.checks.length).toBeGreaterThan(0);
    expect(scenario.signals.length).toBeGreaterThan(0);
  });
});

describe("resolving a launch against the catalog", () => {
  it("fills defaults and states the blast radius", () => {
    const launch = resolveScenario("ecs-task-termination", {}, undefined);
    expect(launch.params).toEqual({ service: "api", percent: 50 });
    expect(launch.durationSeconds).toBe(getScenario("ecs-task-termination")?.duration.defaultSeconds);
    expect(launch.blastRadius).toContain("50 % of the running api tasks");
  });

  it("refuses parameters beyond the scenario's limits, naming the field", () => {
    const error = (() => {
      try {
        resolveScenario("network-latency", { delayMs: 5000 }, 60);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(422);
    expect((error as ApiError).message).toMatch(/params\.delayMs: delayMs must be at most 2000 ms/);
  });

  it("refuses unknown parameters, unknown scenarios and unbounded durations", () => {
    expect(() => resolveScenario("cpu-stress", { cores: 4 }, undefined)).toThrow(/params/);
    expect(() => resolveScenario("rm-rf", {}, undefined)).toThrow(/Unknown scenarioId 'rm-rf'/);
    expect(() => resolveScenario("aurora-failover", {}, 4000)).toThrow(/between 30 and 300/);
  });

  it("checks cross-field limits (capacity below desired)", () => {
    expect(() => resolveScenario("pending-task-deadlock", { desiredCount: 4, capacityTasks: 6 }, undefined)).toThrow(/capacityTasks must be below desiredCount/);
  });
});
