import "server-only";
import { metricPeriodSeconds, standardQueries } from "@/lib/lab/metrics";
import type { Lab, Series, Topology } from "@/lib/lab/types";
import { STEADY_STATE } from "@/lib/scenarios/common";
import { evaluateSteadyState, latestValues, type SteadyStateVerdict } from "@/lib/scenarios/steady-state";
import type { SteadyStateCheck } from "@/lib/scenarios/types";

/** How far back a point may be and still count as "now": a few periods. */
function freshnessWindowMs(periodSeconds: number): number {
  return Math.max(10, periodSeconds * 3) * 1000;
}

/** Steady state now, from the lab's newest points of the standard dashboard. */
export async function readSteadyState(lab: Lab, checks: readonly SteadyStateCheck[] = STEADY_STATE, topology?: Topology): Promise<SteadyStateVerdict & { series: Series[] }> {
  const period = metricPeriodSeconds(lab.kind);
  const to = new Date();
  const from = new Date(to.getTime() - freshnessWindowMs(period) - period * 1000);
  const series = await lab.metrics(standardQueries(topology ?? (await lab.topology()), period), from, to);
  return { ...evaluateSteadyState(checks, latestValues(series, to.getTime() - freshnessWindowMs(period))), series };
}
