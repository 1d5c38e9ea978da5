/**
 * What the lab and the metrics say happened in one run, independent of any team: fault start,
 * impact onset, fault end, recovery. Pure.
 */
import type { Series } from "@/lib/lab/types";
import { evaluateSteadyState } from "@/lib/scenarios/steady-state";
import type { SteadyStateCheck } from "@/lib/scenarios/types";
import type { TimelineEventView } from "@/lib/timeline/schemas";
import type { GroundTruth } from "./model";

export interface RunFacts {
  id: string;
  scenarioId: string;
  injectedAt: Date | null;
  revertedAt: Date | null;
  leaseExpiresAt: Date | null;
  recoveredAt: Date | null;
  /** Set when a facilitator stopped the run before its lease ran out. */
  stoppedById: string | null;
}

/** Instants in epoch milliseconds, the way the scoring functions compare them. */
export interface Instants {
  faultStart: number;
  impactOnset: number | null;
  faultEnd: number | null;
  recovery: number | null;
}

type ImpactOnset = NonNullable<GroundTruth["impactOnset"]>;

/**
 * The first instant at or after `fromMs` (and no later than `untilMs`) at which a check fails,
 * replaying the series point by point: at each instant every metric takes its newest value so far.
 */
export function firstBreach(checks: readonly SteadyStateCheck[], series: readonly Series[], fromMs: number, untilMs: number): ImpactOnset | null {
  const metrics = new Set(checks.flatMap((check) => ("atLeastMetric" in check ? [check.metric, check.atLeastMetric] : [check.metric])));
  const relevant = series.filter((entry) => metrics.has(entry.id as SteadyStateCheck["metric"]));
  const instants = [...new Set(relevant.flatMap((entry) => entry.points.map((point) => point.t)))].filter((t) => t >= fromMs && t <= untilMs).sort((a, b) => a - b);
  const cursors = relevant.map(() => 0);
  const latest = new Map<string, number>();
  // Values from before the window seed the replay, so a metric that breached earlier still counts at fromMs.
  for (const t of instants) {
    relevant.forEach((entry, index) => {
      let cursor = cursors[index] ?? 0;
      while (cursor < entry.points.length && (entry.points[cursor]?.t ?? Infinity) <= t) {
        const point = entry.points[cursor];
        if (point) latest.set(entry.id, point.v);
        cursor += 1;
      }
      cursors[index] = cursor;
    });
    const verdict = evaluateSteadyState(checks, latest);
    const failing = verdict.failing[0];
    if (failing) return { at: new Date(t).toISOString(), source: "metrics", detail: `${failing.label} failed: ${failing.detail}` };
  }
  return null;
}

/** The first steady-state loss or alarm going to ALARM recorded on the timeline inside the window. */
function firstBreachEvent(events: readonly TimelineEventView[], fromMs: number, untilMs: number): ImpactOnset | null {
  for (const event of [...events].sort((a, b) => Date.parse(a.at) - Date.parse(b.at))) {
    const at = Date.parse(event.at);
    if (at < fromMs || at > untilMs) continue;
    if (event.kind === "steady-state.lost") return { at: event.at, source: "steady-state", detail: event.body };
    if (event.kind === "alarm" && event.data.to === "ALARM") return { at: event.at, source: "alarm", detail: event.body };
  }
  return null;
}

/** Revert, lease end or a facilitator's stop, whichever ended the fault; null while it is live. */
export function faultEndOf(run: RunFacts, nowMs: number): GroundTruth["faultEnd"] {
  if (run.revertedAt) {
    const leaseRanOut = run.leaseExpiresAt !== null && run.revertedAt.getTime() >= run.leaseExpiresAt.getTime() - 1000;
    return { at: run.revertedAt.toISOString(), by: run.stoppedById && !leaseRanOut ? "stopped" : leaseRanOut ? "lease" : "reverted" };
  }
  if (run.leaseExpiresAt && run.leaseExpiresAt.getTime() <= nowMs) return { at: run.leaseExpiresAt.toISOString(), by: "lease" };
  return null;
}

export interface GroundTruthInput {
  run: RunFacts;
  checks: readonly SteadyStateCheck[];
  series: readonly Series[];
  /** The game day's system events (steady-state, alarms) around the run. */
  events: readonly TimelineEventView[];
  now: Date;
}

/**
 * The run's instants. Impact onset is the earliest breach while the fault was live (from the
 * metrics, a steady-state loss or an alarm); null when there was none.
 */
export function groundTruthOf(input: GroundTruthInput): { truth: Omit<GroundTruth, "remediations">; instants: Instants } | null {
  const { run } = input;
  if (!run.injectedAt) return null;
  const faultStart = run.injectedAt.getTime();
  const faultEnd = faultEndOf(run, input.now.getTime());
  const until = faultEnd ? Date.parse(faultEnd.at) : input.now.getTime();
  const candidates = [firstBreach(input.checks, input.series, faultStart, until), firstBreachEvent(input.events, faultStart, until)].filter(
    (onset): onset is ImpactOnset => onset !== null,
  );
  const impactOnset = candidates.sort((a, b) => Date.parse(a.at) - Date.parse(b.at))[0] ?? null;
  const recovery = run.recoveredAt && run.recoveredAt.getTime() >= faultStart ? run.recoveredAt.getTime() : null;
  return {
    truth: {
      faultStart: run.injectedAt.toISOString(),
      impactOnset,
      faultEnd,
      recovery: recovery === null ? null : new Date(recovery).toISOString(),
    },
    instants: { faultStart, impactOnset: impactOnset ? Date.parse(impactOnset.at) : null, faultEnd: faultEnd ? Date.parse(faultEnd.at) : null, recovery },
  };
}
