/**
 * The words scoring speaks in, shared by the server, the scoring views and the scenario
 * catalog (which states each runbook step's tier and each scenario's targets and weights).
 * Nothing here reveals a scenario's answer.
 */
import { z } from "zod";

/** The five capabilities every run is rated on (HSEEP core capabilities, for incident response). */
export const CAPABILITIES = ["detect", "diagnose", "mitigate", "communicate", "procedure"] as const;
export type Capability = (typeof CAPABILITIES)[number];
export const CapabilitySchema = z.enum(CAPABILITIES, { error: `capability must be one of: ${CAPABILITIES.join(", ")}` });

export const CAPABILITY_LABELS: Record<Capability, string> = {
  detect: "Detect",
  diagnose: "Diagnose",
  mitigate: "Mitigate",
  communicate: "Communicate",
  procedure: "Follow procedure",
};

/**
 * HSEEP / NIST SP 800-84 performance ratings: performed without challenges (P), with some
 * challenges (S), with major challenges (M), unable to be performed (U).
 */
export const RATINGS = ["P", "S", "M", "U"] as const;
export type Rating = (typeof RATINGS)[number];
export const RatingSchema = z.enum(RATINGS, { error: "rating must be one of P, S, M, U" });

export const RATING_LABELS: Record<Rating, string> = {
  P: "Performed without challenges",
  S: "Performed with some challenges",
  M: "Performed with major challenges",
  U: "Unable to be performed",
};

/**
 * How much a runbook step matters. Scoring is non-compensatory: a missed essential step
 * caps the procedure rating whatever else was done; critical steps are expected; optional
 * steps help but their absence costs little.
 */
export const STEP_TIERS = ["essential", "critical", "optional"] as const;
export type StepTier = (typeof STEP_TIERS)[number];

/** Weight of each capability in the 0–100 total; they sum to 1. */
export type CapabilityWeights = { readonly [C in Capability]: number };
