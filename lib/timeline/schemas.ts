import { z } from "zod";
import { TimelineKindSchema, UserKindSchema } from "./kinds";

/** A timeline id travels as a decimal string (it is a Postgres bigint). */
export const TimelineIdSchema = z.string().regex(/^\d{1,18}$/, "must be a timeline event id");

export const CreateTimelineEntrySchema = z
  .object({
    kind: UserKindSchema,
    body: z.string({ error: "body is required" }).trim().min(1, "body is required").max(4000, "body must be at most 4000 characters"),
    runId: z.string().regex(/^[a-z0-9]{20,40}$/, "runId is malformed").optional(),
    correctsId: TimelineIdSchema.optional(),
  })
  .strict();
export type CreateTimelineEntryInput = z.infer<typeof CreateTimelineEntrySchema>;

export const TimelineQuerySchema = z
  .object({
    after: TimelineIdSchema.optional(),
    limit: z.coerce.number().int().min(1, "limit must be at least 1").max(1000, "limit must be at most 1000").default(500),
  })
  .strict();

export const TimelineEventViewSchema = z.object({
  id: TimelineIdSchema,
  gameDayId: z.string(),
  runId: z.string().nullable(),
  /** UTC, millisecond precision. */
  at: z.string(),
  kind: TimelineKindSchema,
  source: z.enum(["system", "user"]),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  teamId: z.string().nullable(),
  body: z.string(),
  data: z.record(z.string(), z.unknown()),
  correctsId: TimelineIdSchema.nullable(),
});
export type TimelineEventView = z.infer<typeof TimelineEventViewSchema>;
