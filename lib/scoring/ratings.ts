/**
 * The facilitator's decisions over the tool's proposals. Pure: proposals are recomputed from
 * evidence at any time; decisions are kept apart and laid over them, so they survive.
 */
import type { EvidenceRef, Parts, RatingOverride, RatingOverrides } from "./model";
import { CAPABILITIES, type Capability, type Rating } from "./vocabulary";

export interface CapabilityRating {
  capability: Capability;
  proposed: Rating | null;
  /** The facilitator's decision if there is one, else the proposal. */
  final: Rating | null;
  decision: RatingOverride | null;
  /** The proposal changed since the facilitator decided (late evidence, a correction). */
  proposalChanged: boolean;
  reasons: string[];
  evidence: EvidenceRef[];
}

export function ratingsOf(parts: Parts, overrides: RatingOverrides): CapabilityRating[] {
  return CAPABILITIES.map((capability) => {
    const part = parts[capability];
    const decision = overrides[capability] ?? null;
    return {
      capability,
      proposed: part.rating,
      final: decision?.rating ?? part.rating,
      decision,
      proposalChanged: decision !== null && decision.proposed !== part.rating,
      reasons: part.reasons,
      evidence: part.evidence,
    };
  });
}

/** Records a decision on one capability; the others are kept as they are. */
export function decide(overrides: RatingOverrides, capability: Capability, decision: RatingOverride): RatingOverrides {
  return { ...overrides, [capability]: decision };
}

/** Proposed ratings as stored in Score.ratings: per capability the rating with what it rests on. */
export function proposedRatings(parts: Parts): Record<Capability, { rating: Rating | null; reasons: string[]; evidence: EvidenceRef[] }> {
  return Object.fromEntries(CAPABILITIES.map((capability) => [capability, { rating: parts[capability].rating, reasons: parts[capability].reasons, evidence: parts[capability].evidence }])) as Record<
    Capability,
    { rating: Rating | null; reasons: string[]; evidence: EvidenceRef[] }
  >;
}
