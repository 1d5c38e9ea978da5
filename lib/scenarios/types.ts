import type { z } from "zod";
import type { MetricKey } from "@/contract/metrics";
import type { ScenarioId } from "@/lib/lab/types";
import type { CapabilityWeights, StepTier } from "@/lib/scoring/vocabulary";

/** The four stages every runbook follows, in order. */
export const RUNBOOK_PHASES = ["detect", "diagnose", "mitigate", "verify"] as const;
export type RunbookPhase = (typeof RUNBOOK_PHASES)[number];

export interface RunbookStep {
  /** Stable within the scenario: runbook progress is stored against it. */
  readonly id: string;
  readonly phase: RunbookPhase;
  readonly title: string;
  readonly detail: string;
  /**
   * How much the step matters to the procedure rating (non-compensatory: a missed essential
   * step caps it). Runbooks are shown to responders, so the tier is public.
   */
  readonly tier: StepTier;
  /** What to run or where to look, for AWS and for the local lab when they differ. */
  readonly aws?: string;
  readonly local?: string;
}

export type { MetricKey };

/**
 * One condition of steady state, judged on the newest points of the standard dashboard.
 * `atLeastMetric` compares two series (running ≥ desired).
 */
export type SteadyStateCheck =
  | { readonly metric: MetricKey; readonly atMost: number; readonly label: string }
  | { readonly metric: MetricKey; readonly atLeast: number; readonly label: string }
  | { readonly metric: MetricKey; readonly atLeastMetric: MetricKey; readonly label: string };

/** A signal responders should see while the fault is live. */
export interface ExpectedSignal {
  readonly metric: MetricKey;
  readonly change: "rises" | "drops";
  readonly description: string;
}

/** How the scenario is carried out in AWS. */
export type AwsImplementation =
  | { readonly kind: "fis"; readonly actions: readonly string[]; readonly note: string; readonly capacity?: "ec2" }
  | { readonly kind: "sdk"; readonly calls: readonly string[]; readonly note: string; readonly capacity?: "ec2" };

/**
 * The public half of a scenario's scoring key: targets, cadence and weights, shown to
 * facilitators and (once revealed) to trainees. The answers (component, failure mode, the
 * remediations that count) live server-side in lib/scoring/keys.ts.
 */
export interface ScoringKey {
  /** Seconds from impact onset to the team's first detection for P; S at 2×, M at 3×. */
  readonly detectTargetSeconds: number;
  /** Seconds from impact onset to a correct root cause for P; S at 2×, M at 3×. */
  readonly diagnoseTargetSeconds: number;
  /** Seconds from impact onset to a credited recovery for P; S at 2×, M at 3×. */
  readonly mitigateTargetSeconds: number;
  /** The first status update is due this many seconds after the team's detection. */
  readonly firstUpdateWithinSeconds: number;
  /** While the incident lasts, a status update is due at least this often. */
  readonly updateCadenceSeconds: number;
  readonly weights: CapabilityWeights;
}

export interface ScenarioDefinition<S extends z.ZodType = z.ZodType> {
  readonly id: ScenarioId;
  readonly title: string;
  readonly category: "compute" | "network" | "database" | "security" | "capacity" | "deployment" | "edge" | "dependency";
  /** What it breaks, in one sentence. */
  readonly summary: string;
  /** The steady-state hypothesis the run tests. */
  readonly hypothesis: string;
  readonly params: S;
  readonly duration: { readonly defaultSeconds: number; readonly minSeconds: number; readonly maxSeconds: number };
  /** Human statement of what a run with these parameters affects; shown before launch. */
  blastRadius(params: z.infer<S>): string;
  readonly signals: readonly ExpectedSignal[];
  /** Steady state is regained when every check holds. */
  readonly recovery: { readonly description: string; readonly checks: readonly SteadyStateCheck[] };
  readonly local: string;
  readonly aws: AwsImplementation;
  readonly runbook: readonly RunbookStep[];
  readonly scoring: ScoringKey;
  /** Where it comes from in the source documents. */
  readonly source: string;
  /** Only in the extended catalog (not in the source documents). */
  readonly extra?: boolean;
}
