import type { z } from "zod";
import type { MetricKey } from "@/contract/metrics";
import type { RemediationAction, ScenarioId } from "@/lib/lab/types";

/** The four stages every runbook follows, in order. */
export const RUNBOOK_PHASES = ["detect", "diagnose", "mitigate", "verify"] as const;
export type RunbookPhase = (typeof RUNBOOK_PHASES)[number];

export interface RunbookStep {
  /** Stable within the scenario: runbook progress is stored against it. */
  readonly id: string;
  readonly phase: RunbookPhase;
  readonly title: string;
  readonly detail: string;
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

/** Targets and weights the scoring functions read. Weights sum to 1. */
export interface ScoringKey {
  /** Seconds from injection to the first "detected" entry for full marks; zero marks at 3×. */
  readonly detectTargetSeconds: number;
  /** Seconds from injection to steady state regained (or the mitigating action) for full marks. */
  readonly mitigateTargetSeconds: number;
  readonly weights: { readonly detect: number; readonly mitigate: number; readonly rootCause: number; readonly runbook: number; readonly communication: number };
  /** Words a correct root-cause entry mentions (any one of each inner list). */
  readonly rootCauseKeywords: readonly (readonly string[])[];
  /** Remediations that count as the right fix. Empty: waiting it out is the right call. */
  readonly expectedRemediations: readonly RemediationAction["type"][];
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
