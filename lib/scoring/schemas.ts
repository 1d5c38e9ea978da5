/**
 * What the scoring routes take and return: one schema per concept, used by the route
 * catalog, the handlers and the scoring panel.
 */
import { z } from "zod";
import { IdSchema } from "@/lib/db/ids";
import { MEASURE_DEFINITIONS } from "./definitions";
import { CapabilityHistorySchema, TimingHistorySchema } from "./history";
import { EvidenceRefSchema, GroundTruthSchema, MitigationVerdictSchema, PartSchema, RatingOverrideSchema, TeamMeasuresSchema } from "./model";
import { CapabilitySchema, RatingSchema } from "./vocabulary";

const ReasonSchema = z
  .string({ error: "reason is required" })
  .trim()
  .min(10, "reason must say why in at least 10 characters")
  .max(2000, "reason must be at most 2000 characters");

/** The facilitator confirms (the proposed rating) or overrides one capability's rating of one team, always with a reason. */
export const DecideRatingSchema = z
  .object({
    teamId: IdSchema,
    capability: CapabilitySchema,
    rating: RatingSchema,
    reason: ReasonSchema,
  })
  .strict();
export type DecideRatingInput = z.infer<typeof DecideRatingSchema>;

/** The facilitator sets the 0–100 total of one team (null clears the override), with a reason. */
export const OverrideTotalSchema = z
  .object({
    teamId: IdSchema,
    total: z.number({ error: "total must be a number from 0 to 100, or null" }).min(0, "total must be at least 0").max(100, "total must be at most 100").nullable(),
    reason: ReasonSchema,
  })
  .strict();
export type OverrideTotalInput = z.infer<typeof OverrideTotalSchema>;

export const CapabilityRatingViewSchema = z.object({
  capability: CapabilitySchema,
  proposed: RatingSchema.nullable(),
  final: RatingSchema.nullable(),
  decision: RatingOverrideSchema.nullable(),
  proposalChanged: z.boolean(),
  reasons: z.array(z.string()),
  evidence: z.array(EvidenceRefSchema),
});

export const TeamScoreViewSchema = z.object({
  teamId: z.string(),
  teamName: z.string(),
  computedAt: z.string(),
  parts: z.array(PartSchema),
  /** The computed total, and the one that counts (the facilitator's if set). */
  computedTotal: z.number(),
  total: z.number(),
  totalOverride: z.object({ total: z.number(), reason: z.string(), byId: z.string().nullable(), at: z.string().nullable() }).nullable(),
  ratings: z.array(CapabilityRatingViewSchema),
  measures: TeamMeasuresSchema,
});
export type TeamScoreView = z.infer<typeof TeamScoreViewSchema>;

export const RunScoreViewSchema = z.object({
  runId: z.string(),
  gameDayId: z.string(),
  scenarioId: z.string(),
  scenarioTitle: z.string(),
  revealed: z.boolean(),
  /** null: not scorable (the reason says why) or hidden from the caller. */
  groundTruth: GroundTruthSchema.nullable(),
  reason: z.string().nullable(),
  teams: z.array(TeamScoreViewSchema),
  /** The timeline entries the evidence names, by id, so each is one click away. */
  entries: z.record(z.string(), z.object({ at: z.string(), kind: z.string(), actorName: z.string().nullable(), body: z.string() })),
  definitions: z.record(z.string(), z.string()),
});
export type RunScoreView = z.infer<typeof RunScoreViewSchema>;

export const DEFINITIONS: Record<string, string> = { ...MEASURE_DEFINITIONS };

/** What `GET /api/gamedays/{id}/scores` returns. */
export const GameDayScoresSchema = z.object({
  gameDayId: z.string(),
  revealed: z.boolean(),
  revealedAt: z.string().nullable(),
  teams: z.array(z.object({ id: z.string(), name: z.string() })),
  runs: z.array(
    z.object({
      runId: z.string(),
      scenarioId: z.string(),
      scenarioTitle: z.string(),
      faultStart: z.string().nullable(),
      teams: z.array(
        z.object({
          teamId: z.string(),
          total: z.number(),
          overridden: z.boolean(),
          ratings: z.record(CapabilitySchema, RatingSchema.nullable()),
          mitigation: MitigationVerdictSchema,
          flags: z.number(),
        }),
      ),
    }),
  ),
  /** Per team, per capability across this game day's runs: count, spread, trend. */
  capabilities: z.array(z.object({ teamId: z.string(), capabilities: z.array(CapabilityHistorySchema) })),
});
export type GameDayScores = z.infer<typeof GameDayScoresSchema>;

/** What `GET /api/teams/{id}/history` returns. */
export const TeamHistorySchema = z.object({
  team: z.object({ id: z.string(), name: z.string() }),
  /** The game days whose team of the same name is counted, oldest first. */
  gameDays: z.array(z.object({ id: z.string(), title: z.string(), teamId: z.string() })),
  runs: z.number(),
  capabilities: z.array(CapabilityHistorySchema),
  timings: z.array(TimingHistorySchema),
});
export type TeamHistory = z.infer<typeof TeamHistorySchema>;
