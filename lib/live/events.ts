/**
 * The typed events one EventSource per browser tab receives for a game day
 * (`GET /api/gamedays/:id/stream`). Timeline events carry the timeline id as the SSE id, so
 * a reconnect (Last-Event-ID) resumes the timeline without gaps or duplicates; every other
 * type is state, re-sent whole on (re)connect and then updated.
 */
import { z } from "zod";
import { RunViewSchema } from "@/lib/gameday/schemas";
import { GameDayStatusSchema } from "@/lib/gameday/vocabulary";
import { AlarmStateSchema, SeriesSchema, ServiceGraphSchema, TopologySchema, TraceSummarySchema } from "@/lib/lab/types";
import { TimelineEventViewSchema, TimelineIdSchema } from "@/lib/timeline/schemas";

const instant = z.string();

export const LiveEventSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("hello"),
    gameDayId: z.string(),
    serverTime: instant,
    labKind: z.enum(["local", "aws"]),
    /** How often metrics are polled upstream (1 s local; the metrics' resolution in AWS). */
    pollPeriodSeconds: z.number().positive(),
    blind: z.boolean(),
  }),
  z.object({
    type: z.literal("metrics"),
    at: instant,
    periodSeconds: z.number().int().positive(),
    /** true: replace every series (first message, reconnect); false: append these points. */
    replace: z.boolean(),
    series: z.array(SeriesSchema),
  }),
  z.object({ type: z.literal("alarms"), at: instant, alarms: z.array(AlarmStateSchema) }),
  z.object({ type: z.literal("fleet"), at: instant, topology: TopologySchema }),
  z.object({ type: z.literal("traces"), at: instant, graph: ServiceGraphSchema, samples: z.array(TraceSummarySchema) }),
  z.object({ type: z.literal("run"), run: RunViewSchema }),
  z.object({ type: z.literal("timeline"), event: TimelineEventViewSchema }),
  z.object({
    type: z.literal("gameday"),
    gameDay: z.object({
      id: z.string(),
      status: GameDayStatusSchema,
      startedAt: instant.nullable(),
      endedAt: instant.nullable(),
      haltedAt: instant.nullable(),
      haltedReason: z.string().nullable(),
    }),
  }),
  z.object({ type: z.literal("lab"), at: instant, reachable: z.boolean(), detail: z.string(), staleSources: z.array(z.string()).default([]) }),
  /** The console lost (reachable: false) or regained its database: entries cannot be saved meanwhile. */
  z.object({ type: z.literal("database"), at: instant, reachable: z.boolean(), detail: z.string() }),
  z.object({ type: z.literal("heartbeat"), at: instant }),
]);
export type LiveEvent = z.infer<typeof LiveEventSchema>;
export type LiveEventType = LiveEvent["type"];

/** `?window=` sizes the metric history of the first message; `?after=` resumes the timeline (Last-Event-ID wins). */
export const StreamQuerySchema = z
  .object({
    window: z.coerce.number().int("window must be a whole number of seconds").min(60, "window must be at least 60 seconds").max(3600, "window must be at most 3600 seconds").default(900),
    after: TimelineIdSchema.optional(),
  })
  .strict();
export type StreamQuery = z.infer<typeof StreamQuerySchema>;
