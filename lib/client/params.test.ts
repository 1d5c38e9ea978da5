import { describe, expect, it } from "vitest";
import { getScenario } from "@/lib/scenarios";
import { toScenarioView } from "@/lib/scenarios/view";
import { checkLaunch, inputsFromParams, paramsFromInputs } from "./params";

function view(id: string) {
  const definition = getScenario(id);
  if (!definition) throw new Error(id);
  return toScenarioView(definition);
}

describe("scenario parameter form", () => {
  it("fills inputs from planned params, defaults elsewhere", () => {
    const latency = view("network-latency");
    expect(inputsFromParams(latency.paramFields, { delayMs: 350 })).toMatchObject({ delayMs: "350", jitterMs: "20", service: "api", taskPercent: "100" });
  });

  it("sends integers as numbers, leaves empty fields to the default and keeps non-numbers for the schema to refuse", () => {
    const latency = view("network-latency");
    expect(paramsFromInputs(latency.paramFields, { delayMs: " 250 ", jitterMs: "", service: "backend", taskPercent: "abc" })).toEqual({ delayMs: 250, service: "backend", taskPercent: "abc" });
  });

  it("computes the blast radius from valid parameters", () => {
    const termination = view("ecs-task-termination");
    const check = checkLaunch("ecs-task-termination", termination.paramFields, { service: "backend", percent: "25" }, "120", termination.duration);
    expect(check.errors).toEqual({});
    expect(check.params).toEqual({ service: "backend", percent: 25 });
    expect(check.blastRadius).toContain("25 % of the running backend tasks");
    expect(check.durationSeconds).toBe(120);
  });

  it("names the field and the limit when a parameter or the duration is out of bounds", () => {
    const latency = view("network-latency");
    const check = checkLaunch("network-latency", latency.paramFields, { ...inputsFromParams(latency.paramFields, {}), delayMs: "5000" }, "99999", latency.duration);
    expect(check.errors["params.delayMs"]).toBe("delayMs must be at most 2000 ms");
    expect(check.errors.durationSeconds).toMatch(/^duration must be between \d+ and \d+ s$/);
    expect(check.blastRadius).toBeNull();
  });

  it("applies cross-field rules of the scenario", () => {
    const deadlock = view("pending-task-deadlock");
    const check = checkLaunch("pending-task-deadlock", deadlock.paramFields, { service: "backend", desiredCount: "4", capacityTasks: "6" }, String(deadlock.duration.defaultSeconds), deadlock.duration);
    expect(check.errors["params.capacityTasks"]).toMatch(/below desiredCount/);
  });

  it("refuses an unknown scenario", () => {
    expect(checkLaunch("nope", [], {}, "60", { minSeconds: 1, maxSeconds: 100 }).errors.scenarioId).toMatch(/unknown scenario/);
  });
});
