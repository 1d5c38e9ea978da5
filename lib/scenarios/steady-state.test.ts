import { describe, expect, it } from "vitest";
import { CHECK, STEADY_STATE } from "./common";
import { evaluateCheck, evaluateSteadyState, latestValues } from "./steady-state";

const series = (id: string, ...values: number[]) => ({ id, label: id, points: values.map((v, index) => ({ t: 1000 * index, v })) });

describe("steady state", () => {
  it("takes the newest point of each series, ignoring stale ones", () => {
    const latest = latestValues([series("latencyP95", 0.9, 0.2), series("probe_public", 100)], 500);
    expect(latest.get("latencyP95")).toBe(0.2);
    expect(latest.has("probe_public")).toBe(false);
  });

  it("passes when every check holds, and names what fails otherwise", () => {
    const healthy = new Map([
      ["probe_public", 100],
      ["latencyP95", 0.12],
      ["target5xx", 0],
      ["runningTasks", 2],
      ["desiredTasks", 2],
      ["healthyHosts", 2],
    ]);
    expect(evaluateSteadyState(STEADY_STATE, healthy).steady).toBe(true);

    const degraded = new Map(healthy).set("runningTasks", 1).set("latencyP95", 0.8);
    const verdict = evaluateSteadyState(STEADY_STATE, degraded);
    expect(verdict.steady).toBe(false);
    expect(verdict.failing.map((result) => result.label)).toEqual([CHECK.latencyOk.label, CHECK.running.label]);
    expect(verdict.failing[0]?.detail).toBe("latencyP95 is 800 ms");
  });

  it("reports a metric without data as unknown, not as failing", () => {
    expect(evaluateCheck(CHECK.healthy, new Map([["healthyHosts", 2]])).status).toBe("unknown");
    expect(evaluateSteadyState(STEADY_STATE, new Map()).steady).toBe(false);
  });
});
