import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { RemediationActionSchema, ScenarioIdSchema } from "@/lib/lab/types";
import { SCENARIOS } from "@/lib/scenarios";
import { COMPONENTS, FAILURE_MODES } from "@/lib/scenarios/diagnosis";
import { ANSWER_KEYS } from "./keys";
import { CAPABILITIES, STEP_TIERS } from "./vocabulary";

const REMEDIATION_TYPES = RemediationActionSchema.options.map((option) => option.shape.type.value);

describe("scoring keys", () => {
  it("has an answer for every scenario, in the public vocabularies", () => {
    expect(Object.keys(ANSWER_KEYS).sort()).toEqual([...ScenarioIdSchema.options].sort());
    for (const [id, key] of Object.entries(ANSWER_KEYS)) {
      expect(key.rootCause.components.length, id).toBeGreaterThan(0);
      expect(key.rootCause.failureModes.length, id).toBeGreaterThan(0);
      for (const component of key.rootCause.components) expect(Object.keys(COMPONENTS), id).toContain(component);
      for (const mode of key.rootCause.failureModes) expect(Object.keys(FAILURE_MODES), id).toContain(mode);
      const types = key.mitigation.kind === "remediate" ? key.mitigation.effective : key.mitigation.harmful;
      for (const type of types) expect(REMEDIATION_TYPES, id).toContain(type);
      if (key.mitigation.kind === "remediate") expect(key.mitigation.effective.length, id).toBeGreaterThan(0);
    }
  });

  it.each(SCENARIOS.map((scenario) => [scenario.id, scenario] as const))("%s: tiered runbook, targets in order, weights per capability", (_id, scenario) => {
    for (const step of scenario.runbook) expect(STEP_TIERS).toContain(step.tier);
    for (const phase of ["detect", "diagnose", "mitigate", "verify"] as const) {
      expect(scenario.runbook.some((step) => step.phase === phase && step.tier === "essential"), `${phase} has an essential step`).toBe(true);
    }
    const { detectTargetSeconds, diagnoseTargetSeconds, mitigateTargetSeconds, firstUpdateWithinSeconds, updateCadenceSeconds, weights } = scenario.scoring;
    expect(detectTargetSeconds).toBeLessThan(diagnoseTargetSeconds);
    expect(diagnoseTargetSeconds).toBeLessThanOrEqual(mitigateTargetSeconds);
    expect(firstUpdateWithinSeconds).toBeLessThan(updateCadenceSeconds);
    expect(Object.keys(weights).sort()).toEqual([...CAPABILITIES].sort());
  });

  it("keeps the answers out of the client-reachable catalog", () => {
    const dir = "lib/scenarios";
    const files = [...readdirSync(dir).filter((name) => name.endsWith(".ts")).map((name) => `${dir}/${name}`), ...readdirSync(`${dir}/catalog`).map((name) => `${dir}/catalog/${name}`)];
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      expect(text, file).not.toMatch(/rootCauseKeywords|expectedRemediations|failureModes:|from "@\/lib\/scoring\/keys"/);
    }
    expect(readFileSync("lib/scoring/keys.ts", "utf8")).toMatch(/^import "server-only";/);
  });
});
