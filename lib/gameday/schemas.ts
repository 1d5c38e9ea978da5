import { z } from "zod";
import { LAB_PACES, RemediationActionSchema } from "@/lib/lab/types";
import { EntryKindSchema } from "@/lib/timeline/kinds";
import { GameDayStatusSchema, RunOutcomeSchema, RunStatusSchema } from "./vocabulary";

export const EnvironmentSchema = z.enum(["local", "aws"], { error: "environment must be 'local' or 'aws'" });
export const ParticipantRoleSchema = z.enum(["facilitator", "trainee", "observer"]);
/** The local lab's pace during the game day (the lab's own `LabPace`); AWS runs at its real timings. */
export const LabPaceSchema = z.enum(LAB_PACES, { error: `labPace must be one of: ${LAB_PACES.join(", ")} (realistic: AWS's timings; fast: seconds, for demos and tests)` });

const TeamNameSchema = z.string().trim().min(1, "team names cannot be empty").max(60, "team names must be at most 60 characters");

export const CreateGameDaySchema = z
  .object({
    title: z.string({ error: "title is required" }).trim().min(3, "title must be at least 3 characters").max(120, "title must be at most 120 characters"),
    description: z.string().trim().max(4000, "description must be at most 4000 characters").default(""),
    environment: EnvironmentSchema,
    blindMode: z.boolean({ error: "blindMode must be true or false" }).default(false),
    labPace: LabPaceSchema.default("realistic"),
    scheduledFor: z.iso.datetime({ offset: true, error: "scheduledFor must be an ISO 8601 date-time, e.g. 2026-12-01T09:00:00Z" }).optional(),
    teams: z
      .array(TeamNameSchema)
      .max(20, "at most 20 teams")
      .default([])
      .refine((names) => new Set(names.map((name) => name.toLowerCase())).size === names.length, "team names must be unique"),
  })
  .strict();
export type CreateGameDayInput = z.input<typeof CreateGameDaySchema>;

/** Join codes: 6 characters from an alphabet without look-alikes (no 0/O, 1/I/L). */
export const JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
export const JoinCodeSchema = z
  .string({ error: "code is required" })
  .trim()
  .toUpperCase()
  .regex(new RegExp(`^[${JOIN_CODE_ALPHABET}]{6}$`), "code is the 6-character join code your facilitator gave you");

export const JoinGameDaySchema = z.object({ code: JoinCodeSchema, team: TeamNameSchema.optional() }).strict();
export type JoinGameDayInput = z.input<typeof JoinGameDaySchema>;

export const TeamViewSchema = z.object({ id: z.string(), name: z.string(), remediationAllowed: z.boolean() });

export const ParticipantViewSchema = z.object({
  id: z.string(),
  userId: z.string(),
  name: z.string(),
  email: z.string(),
  role: ParticipantRoleSchema,
  teamId: z.string().nullable(),
});

export const GameDaySummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  environment: EnvironmentSchema,
  status: GameDayStatusSchema,
  blindMode: z.boolean(),
  scheduledFor: z.date().nullable(),
  startedAt: z.date().nullable(),
  endedAt: z.date().nullable(),
  haltedAt: z.date().nullable(),
  createdAt: z.date(),
});
export type GameDaySummary = z.infer<typeof GameDaySummarySchema>;

export const GameDayViewSchema = GameDaySummarySchema.extend({
  description: z.string(),
  /** Only facilitators (and admins) see the code. */
  joinCode: z.string().nullable(),
  haltedReason: z.string().nullable(),
  /** The local lab's pace while the game day runs; fixed once it starts. */
  labPace: LabPaceSchema,
  /** Trainees see every team's log entries and runbook progress, not only their own team's. */
  shareTeamLogs: z.boolean(),
  teams: z.array(TeamViewSchema),
  participants: z.array(ParticipantViewSchema),
  /** What the caller may do here. */
  /** What the server decided this viewer may do and see; the client reads it, never re-derives it. */
  viewer: z.object({
    role: ParticipantRoleSchema.or(z.literal("admin")),
    canManage: z.boolean(),
    blind: z.boolean(),
    teamId: z.string().nullable(),
    /** May take remediation actions now (facilitators always; trainees when their team is allowed). */
    canRemediate: z.boolean(),
    /** The timeline entry kinds this viewer may write, in the order the log offers them. */
    writableKinds: z.array(EntryKindSchema),
  }),
});
export type GameDayView = z.infer<typeof GameDayViewSchema>;

export const RunViewSchema = z.object({
  id: z.string(),
  gameDayId: z.string(),
  scenarioId: z.string(),
  /** The scenario's catalog title. */
  label: z.string(),
  params: z.record(z.string(), z.unknown()),
  durationSeconds: z.number().int(),
  labKind: EnvironmentSchema,
  externalId: z.string().nullable(),
  status: RunStatusSchema,
  outcome: RunOutcomeSchema.nullable(),
  statusReason: z.string().nullable(),
  launchedById: z.string(),
  stoppedById: z.string().nullable(),
  stopReason: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  injectedAt: z.string().nullable(),
  revertedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  leaseExpiresAt: z.string().nullable(),
  recoveredAt: z.string().nullable(),
});
export type RunView = z.infer<typeof RunViewSchema>;

export const IdempotencyKeySchema = z
  .string({ error: "idempotencyKey is required (a random id the client reuses when it retries)" })
  .regex(/^[A-Za-z0-9_-]{8,64}$/, "idempotencyKey must be 8–64 letters, digits, - or _");

export const LaunchRunSchema = z
  .object({
    scenarioId: z.string({ error: "scenarioId is required" }).min(1, "scenarioId is required"),
    params: z.record(z.string(), z.unknown()).default({}),
    durationSeconds: z.number({ error: "durationSeconds must be a number" }).int("durationSeconds must be a whole number").optional(),
    idempotencyKey: IdempotencyKeySchema,
    /** The launch dialog states the blast radius; the caller must confirm it. */
    confirmBlastRadius: z.literal(true, { error: "confirm the blast radius: send confirmBlastRadius: true" }),
  })
  .strict();
export type LaunchRunInput = z.input<typeof LaunchRunSchema>;

export const ReasonSchema = z.string({ error: "reason is required" }).trim().min(3, "reason must say why (at least 3 characters)").max(500, "reason must be at most 500 characters");

export const StopRunSchema = z.object({ reason: ReasonSchema }).strict();

export const HaltSchema = z
  .object({
    reason: ReasonSchema,
    /** AWS only: also engage the account's FIS safety lever. */
    engageSafetyLever: z.boolean().default(false),
  })
  .strict();
export type HaltInput = z.input<typeof HaltSchema>;

export const UpdateGameDaySchema = z
  .object({
    title: CreateGameDaySchema.shape.title.optional(),
    description: z.string().trim().max(4000, "description must be at most 4000 characters").optional(),
    blindMode: z.boolean({ error: "blindMode must be true or false" }).optional(),
    scheduledFor: z.iso.datetime({ offset: true, error: "scheduledFor must be an ISO 8601 date-time, e.g. 2026-12-01T09:00:00Z" }).nullable().optional(),
    labPace: LabPaceSchema.optional(),
    shareTeamLogs: z.boolean({ error: "shareTeamLogs must be true or false" }).optional(),
  })
  .strict()
  .refine((value) => Object.keys(value).length > 0, "send at least one of title, description, blindMode, scheduledFor, labPace, shareTeamLogs");
export type UpdateGameDayInput = z.infer<typeof UpdateGameDaySchema>;

export const CreateTeamSchema = z.object({ name: TeamNameSchema }).strict();

export const UpdateTeamSchema = z.object({ remediationAllowed: z.boolean({ error: "remediationAllowed must be true or false" }) }).strict();
export type UpdateTeamInput = z.infer<typeof UpdateTeamSchema>;

export const AddParticipantSchema = z
  .object({
    email: z.email("email must be an email address").transform((email) => email.toLowerCase()),
    role: ParticipantRoleSchema,
    team: TeamNameSchema.optional(),
  })
  .strict();
export type AddParticipantInput = z.infer<typeof AddParticipantSchema>;

export const PlanScenarioSchema = z
  .object({
    scenarioId: z.string({ error: "scenarioId is required" }).min(1, "scenarioId is required"),
    params: z.record(z.string(), z.unknown()).default({}),
    durationSeconds: z.number({ error: "durationSeconds must be a number" }).int("durationSeconds must be a whole number").optional(),
  })
  .strict();
export type PlanScenarioInput = z.input<typeof PlanScenarioSchema>;

export const LiftHaltSchema = z.object({ reason: ReasonSchema }).strict();

export const PlannedScenarioViewSchema = z.object({
  id: z.string(),
  scenarioId: z.string().nullable(),
  label: z.string(),
  params: z.record(z.string(), z.unknown()).nullable(),
  durationSeconds: z.number().int(),
  position: z.number().int(),
  blastRadius: z.string().nullable(),
});
export type PlannedScenarioView = z.infer<typeof PlannedScenarioViewSchema>;

export const RemediateSchema = z
  .object({
    action: RemediationActionSchema,
    runId: z.string().regex(/^[a-z0-9]{20,40}$/, "runId is malformed").optional(),
    note: z.string().trim().max(1000, "note must be at most 1000 characters").optional(),
  })
  .strict();
export type RemediateInput = z.infer<typeof RemediateSchema>;

const PreflightCheckSchema = z.object({ id: z.string(), label: z.string(), status: z.enum(["pass", "warn", "fail"]), detail: z.string() });

/** The pre-game checklist: steady state now, then each planned scenario's readiness on this lab. */
export const PreflightReportSchema = z.object({
  checkedAt: z.string(),
  labKind: EnvironmentSchema,
  verdict: z.enum(["pass", "warn", "fail"]),
  steadyState: z.object({ verdict: z.enum(["pass", "warn", "fail"]), checks: z.array(PreflightCheckSchema) }),
  scenarios: z.array(
    z.object({
      plannedScenarioId: z.string(),
      scenarioId: z.string(),
      label: z.string(),
      verdict: z.enum(["pass", "warn", "fail"]),
      checks: z.array(PreflightCheckSchema),
    }),
  ),
});
export type PreflightReport = z.infer<typeof PreflightReportSchema>;
