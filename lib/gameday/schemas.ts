import { z } from "zod";

export const EnvironmentSchema = z.enum(["local", "aws"], { error: "environment must be 'local' or 'aws'" });
export const GameDayStatusSchema = z.enum(["draft", "scheduled", "running", "ended", "cancelled"]);
export const ParticipantRoleSchema = z.enum(["facilitator", "trainee", "observer"]);

const TeamNameSchema = z.string().trim().min(1, "team names cannot be empty").max(60, "team names must be at most 60 characters");

export const CreateGameDaySchema = z
  .object({
    title: z.string({ error: "title is required" }).trim().min(3, "title must be at least 3 characters").max(120, "title must be at most 120 characters"),
    description: z.string().trim().max(4000, "description must be at most 4000 characters").default(""),
    environment: EnvironmentSchema,
    blindMode: z.boolean({ error: "blindMode must be true or false" }).default(false),
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

export const TeamViewSchema = z.object({ id: z.string(), name: z.string() });

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
  teams: z.array(TeamViewSchema),
  participants: z.array(ParticipantViewSchema),
  /** What the caller may do here. */
  viewer: z.object({ role: ParticipantRoleSchema.or(z.literal("admin")), canManage: z.boolean(), teamId: z.string().nullable() }),
});
export type GameDayView = z.infer<typeof GameDayViewSchema>;
