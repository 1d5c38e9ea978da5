/**
 * The after-action report of one game day: one versioned model, built from what the console
 * records, rendered as JSON (this model itself), Markdown, PDF and the printable page.
 * Client-safe: no answer key, no database handle.
 */
import { z } from "zod";
import { GroundTruthSchema, TeamMeasuresSchema } from "@/lib/scoring/model";
import { CapabilitySchema, RatingSchema } from "@/lib/scoring/vocabulary";

export const REPORT_SCHEMA_VERSION = 1;

export const ACTION_STATUSES = ["open", "in-progress", "done"] as const;
export const ActionStatusSchema = z.enum(ACTION_STATUSES, { error: `status must be one of: ${ACTION_STATUSES.join(", ")}` });

/** One improvement-plan item (HSEEP: issue, corrective action, capability, owner, due date, status). */
export const ActionItemSchema = z.object({
  id: z.string(),
  issue: z.string(),
  action: z.string(),
  owner: z.string(),
  due: z.string().nullable(),
  capability: CapabilitySchema.nullable(),
  status: ActionStatusSchema,
});
export type ActionItem = z.infer<typeof ActionItemSchema>;

export const ReportEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  kind: z.string(),
  label: z.string(),
  source: z.enum(["system", "user"]),
  actorName: z.string().nullable(),
  teamName: z.string().nullable(),
  body: z.string(),
  starred: z.boolean(),
});
export type ReportEntry = z.infer<typeof ReportEntrySchema>;

/** A chart: one scenario signal over the run's window, the fault shaded and the key instants marked. */
export const ReportChartSchema = z.object({
  metric: z.string(),
  label: z.string(),
  unit: z.string(),
  /** What a reader should look for ("rises when the fault bites"). */
  expectation: z.string(),
  fromMs: z.number(),
  toMs: z.number(),
  fault: z.object({ fromMs: z.number(), toMs: z.number() }).nullable(),
  marks: z.array(z.object({ atMs: z.number(), label: z.string() })),
  points: z.array(z.tuple([z.number(), z.number()])),
});
export type ReportChart = z.infer<typeof ReportChartSchema>;

export const ZERO_DOWNTIME = ["held", "broken", "no-probe"] as const;

/** Availability from the public probe over the fault and its recovery. */
export const AvailabilitySchema = z.object({
  /** Share of probe samples answered, 0–100; null without probe samples. */
  percent: z.number().nullable(),
  samples: z.number(),
  longestOutageSeconds: z.number(),
  longestOutageFrom: z.string().nullable(),
  /** held: every probe sample answered through the fault and its recovery (zero downtime); broken: at least one did not. */
  zeroDowntime: z.enum(ZERO_DOWNTIME),
});
export type Availability = z.infer<typeof AvailabilitySchema>;

export const CapabilityFindingSchema = z.object({
  capability: CapabilitySchema,
  rating: RatingSchema.nullable(),
  decided: z.boolean(),
  reasons: z.array(z.string()),
  evidence: z.array(z.object({ at: z.string(), note: z.string(), body: z.string().nullable() })),
});

export const TeamResultSchema = z.object({
  teamId: z.string(),
  teamName: z.string(),
  total: z.number(),
  totalOverridden: z.boolean(),
  measures: TeamMeasuresSchema,
  capabilities: z.array(CapabilityFindingSchema),
  strengths: z.array(z.string()),
  improvements: z.array(z.string()),
});
export type TeamResult = z.infer<typeof TeamResultSchema>;

export const ReportRunSchema = z.object({
  runId: z.string(),
  scenarioId: z.string(),
  title: z.string(),
  summary: z.string(),
  hypothesis: z.string(),
  blastRadius: z.string(),
  outcome: z.string().nullable(),
  happened: z.object({
    faultStart: z.string().nullable(),
    faultEnd: z.string().nullable(),
    faultEndedBy: z.string().nullable(),
    impactOnset: z.string().nullable(),
    impactDetail: z.string().nullable(),
    steadyStateLost: z.array(z.string()),
    steadyStateRegained: z.array(z.string()),
    recovery: z.string().nullable(),
  }),
  availability: AvailabilitySchema,
  groundTruth: GroundTruthSchema.nullable(),
  charts: z.array(ReportChartSchema),
  starred: z.array(ReportEntrySchema),
  timeline: z.array(ReportEntrySchema),
  teams: z.array(TeamResultSchema),
  contributors: z.array(z.string()),
  mitigators: z.array(z.string()),
  lucky: z.array(z.string()),
});
export type ReportRun = z.infer<typeof ReportRunSchema>;

export const ReportSchema = z.object({
  schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
  /** 0: the draft as it stands; 1…n: a final version, immutable. */
  version: z.number().int().nonnegative(),
  final: z.boolean(),
  finalizedAt: z.string().nullable(),
  generatedAt: z.string(),
  gameDay: z.object({
    id: z.string(),
    title: z.string(),
    description: z.string(),
    environment: z.string(),
    status: z.string(),
    startedAt: z.string().nullable(),
    endedAt: z.string().nullable(),
    facilitators: z.array(z.string()),
    observers: z.array(z.string()),
    teams: z.array(z.object({ id: z.string(), name: z.string(), members: z.array(z.string()) })),
    scenarios: z.array(z.string()),
  }),
  /** For readers who were not in the room; plain words. */
  summary: z.object({
    facilitatorWords: z.string(),
    tested: z.array(z.string()),
    held: z.array(z.string()),
    didNotHold: z.array(z.string()),
    teams: z.array(z.string()),
    topActions: z.array(z.string()),
  }),
  runs: z.array(ReportRunSchema),
  improvementPlan: z.array(ActionItemSchema),
  definitions: z.record(z.string(), z.string()),
});
export type Report = z.infer<typeof ReportSchema>;
