import { z } from "zod";
import { ComponentSchema, FailureModeSchema } from "@/lib/scenarios/diagnosis";
import { EntryKindSchema, TIMELINE_KINDS, TimelineKindSchema, type TimelineData, type TimelineKind } from "./kinds";

/** A timeline id travels as a decimal string (it is a Postgres bigint). */
export const TimelineIdSchema = z.string().regex(/^\d{1,18}$/, "must be a timeline event id");

/**
 * The writer's own name for one entry (a UUID does), unique per game day: sending the same
 * entry again with the same key, after a timeout or a dropped connection, returns the entry
 * already stored instead of writing it twice.
 */
export const EntryKeySchema = z.string().regex(/^[A-Za-z0-9_-]{8,100}$/, "entryKey must be 8 to 100 letters, digits, '-' or '_' (a UUID works)");

export const CreateTimelineEntrySchema = z
  .object({
    kind: EntryKindSchema,
    body: z.string({ error: "body is required" }).trim().min(1, "body is required").max(4000, "body must be at most 4000 characters"),
    runId: z.string().regex(/^[a-z0-9]{20,40}$/, "runId is malformed").optional(),
    correctsId: TimelineIdSchema.optional(),
    /** Root-cause entries: the diagnosis chosen from the lists. */
    component: ComponentSchema.optional(),
    failureMode: FailureModeSchema.optional(),
    /** Makes a retry safe: the same key again returns the stored entry (200) instead of a new one (201). */
    entryKey: EntryKeySchema.optional().describe("Your own key for this entry (a UUID): sending it again returns the stored entry with 200 instead of writing a second one"),
  })
  .strict()
  .refine((entry) => entry.kind === "root-cause" || (entry.component === undefined && entry.failureMode === undefined), {
    message: "component and failureMode belong to root-cause entries only",
    path: ["component"],
  });
export type CreateTimelineEntryInput = z.infer<typeof CreateTimelineEntrySchema>;

export const TimelineQuerySchema = z
  .object({
    after: TimelineIdSchema.optional(),
    limit: z.coerce.number().int().min(1, "limit must be at least 1").max(1000, "limit must be at most 1000").default(500),
  })
  .strict();

const TimelineEventBaseSchema = z.object({
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

type TimelineEventOf<K extends TimelineKind> = Omit<z.infer<typeof TimelineEventBaseSchema>, "kind" | "data"> & { kind: K; data: TimelineData<K> };

/** A timeline event as the API, the stream and the client read it: its data typed by its kind. */
export type TimelineEventView = { [K in TimelineKind]: TimelineEventOf<K> }[TimelineKind];

/** Parses an event and its data against its kind's schema; a wrong shape is an error, not a guess. */
export const TimelineEventViewSchema: z.ZodType<TimelineEventView, unknown> = TimelineEventBaseSchema.transform((event, context) => {
  const data = TIMELINE_KINDS[event.kind].data.safeParse(event.data);
  if (!data.success) {
    for (const issue of data.error.issues) context.addIssue({ code: "custom", message: issue.message, path: ["data", ...issue.path.map(String)] });
    return z.NEVER;
  }
  // The data was just parsed by the schema of this very kind, which is what the union pairs.
  return { ...event, data: data.data } as TimelineEventView;
});

/** Narrows an event to one kind, so its data reads with that kind's type. */
export function isKind<K extends TimelineKind>(event: TimelineEventView, name: K): event is TimelineEventOf<K> & TimelineEventView {
  return event.kind === name;
}
