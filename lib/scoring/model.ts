/**
 * The shapes scoring produces and stores (Score.parts, ratings, ratingOverrides, measures),
 * one zod schema each, so what is read back from the database or sent to a browser is parsed,
 * not trusted. Client-safe: no answer key lives here.
 */
import { z } from "zod";
import { CAPABILITIES, CapabilitySchema, RatingSchema, type Capability } from "./vocabulary";

/** One piece of evidence a rating rests on: a timeline entry, or a ground-truth instant (id null). */
export const EvidenceRefSchema = z.object({
  id: z.string().nullable(),
  at: z.string(),
  kind: z.string(),
  /** What this piece shows, in a few words ("first 'Detected' entry", "recovery"). */
  note: z.string(),
});
export type EvidenceRef = z.infer<typeof EvidenceRefSchema>;

/** An exact duration with the instants it runs between. */
export const DurationSchema = z.object({ seconds: z.number(), from: z.string(), to: z.string() });
export type Duration = z.infer<typeof DurationSchema>;

export const PartSchema = z.object({
  capability: CapabilitySchema,
  /** false: nothing to judge (a fault with no visible impact has nothing to detect); the weight goes to the other parts. */
  applicable: z.boolean(),
  /** 0–100. */
  value: z.number(),
  weight: z.number(),
  /** The target in words ("P within 60 s of impact onset; S within 120 s; M later"). */
  target: z.string(),
  /** The proposed rating; null when not applicable. */
  rating: RatingSchema.nullable(),
  /** Why this value and rating, one line per reason. */
  reasons: z.array(z.string()),
  evidence: z.array(EvidenceRefSchema),
});
export type Part = z.infer<typeof PartSchema>;

export const PartsSchema = z.object(Object.fromEntries(CAPABILITIES.map((capability) => [capability, PartSchema])) as Record<Capability, typeof PartSchema>);
export type Parts = Record<Capability, Part>;

export const GroundTruthSchema = z.object({
  faultStart: z.string(),
  /** null: the fault had no visible impact (no check breached, no alarm) while it was live. */
  impactOnset: z.object({ at: z.string(), source: z.enum(["metrics", "steady-state", "alarm"]), detail: z.string() }).nullable(),
  /** null while the fault is still live. */
  faultEnd: z.object({ at: z.string(), by: z.enum(["reverted", "lease", "stopped"]) }).nullable(),
  recovery: z.string().nullable(),
  remediations: z.array(
    z.object({
      id: z.string(),
      at: z.string(),
      teamId: z.string().nullable(),
      type: z.string(),
      /** What it did, judged against the scenario: ended the incident, right but not decisive, no effect, harmful. */
      effect: z.enum(["ended-incident", "effective-not-decisive", "after-fault-end", "no-effect", "harmful"]),
    }),
  ),
});
export type GroundTruth = z.infer<typeof GroundTruthSchema>;

export const MitigationVerdictSchema = z.enum([
  "mitigated",
  "mitigated-by-other-team",
  "fault-expired",
  "recovered-on-its-own",
  "held",
  "not-recovered",
  "no-impact",
]);
export type MitigationVerdict = z.infer<typeof MitigationVerdictSchema>;

export const TeamMeasuresSchema = z.object({
  timeToDetect: DurationSchema.nullable(),
  timeToDetectFromFaultStart: DurationSchema.nullable(),
  timeToDiagnose: DurationSchema.nullable(),
  diagnosis: z.enum(["correct", "partial", "wrong", "none"]),
  timeToMitigate: DurationSchema.nullable(),
  timeToMitigateFromFaultStart: DurationSchema.nullable(),
  mitigation: MitigationVerdictSchema,
  timeToFirstStatusUpdate: DurationSchema.nullable(),
  flags: z.array(z.object({ kind: z.enum(["false-claim", "early-detection", "harmful-action", "out-of-order"]), entryId: z.string().nullable(), detail: z.string() })),
});
export type TeamMeasures = z.infer<typeof TeamMeasuresSchema>;

export const StoredMeasuresSchema = z.object({ groundTruth: GroundTruthSchema, team: TeamMeasuresSchema });

export const ProposedRatingSchema = z.object({ rating: RatingSchema.nullable(), reasons: z.array(z.string()), evidence: z.array(EvidenceRefSchema) });
export const ProposedRatingsSchema = z.record(CapabilitySchema, ProposedRatingSchema);

/**
 * A facilitator's decision on one capability: a confirmation (the proposed rating) or an
 * override, always with a reason. `proposed` is what the tool proposed when the decision was
 * made, so a later recomputation that changes the proposal shows up next to the decision.
 */
export const RatingOverrideSchema = z.object({ rating: RatingSchema, proposed: RatingSchema.nullable(), reason: z.string(), byId: z.string(), at: z.string() });
export type RatingOverride = z.infer<typeof RatingOverrideSchema>;
export const RatingOverridesSchema = z.partialRecord(CapabilitySchema, RatingOverrideSchema);
export type RatingOverrides = Partial<Record<Capability, RatingOverride>>;

/** A team's score on a run as computed (no overrides). */
export interface TeamScore {
  teamId: string;
  parts: Parts;
  total: number;
  measures: TeamMeasures;
}
