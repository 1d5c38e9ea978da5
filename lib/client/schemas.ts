/**
 * What the console's JSON answers look like once they reach the browser: the server's own
 * schemas, with the instants Prisma hands out as Dates turned into the strings JSON carries.
 */
import { z } from "zod";
import { GameDayViewSchema, PlannedScenarioViewSchema, PreflightReportSchema, RunViewSchema } from "@/lib/gameday/schemas";
import { TimelineEventViewSchema } from "@/lib/timeline/schemas";

const instant = z.string();

export const GameDayWireSchema = GameDayViewSchema.extend({
  scheduledFor: instant.nullable(),
  startedAt: instant.nullable(),
  endedAt: instant.nullable(),
  haltedAt: instant.nullable(),
  createdAt: instant,
});
export type GameDayWire = z.infer<typeof GameDayWireSchema>;

export const GameDayAnswerSchema = z.object({ gameDay: GameDayWireSchema });
export const RunAnswerSchema = z.object({ run: RunViewSchema });
export const LaunchAnswerSchema = z.object({ run: RunViewSchema, created: z.boolean() });
export const RunsAnswerSchema = z.object({ runs: z.array(RunViewSchema) });
export const HaltAnswerSchema = z.object({ halt: z.object({ haltedAt: instant, stoppedExternalIds: z.array(z.string()), labError: z.string().nullable() }) });
export const PlannedAnswerSchema = z.object({ scenario: PlannedScenarioViewSchema });
export const RemovedAnswerSchema = z.object({ removed: z.string() });
export const PreflightAnswerSchema = z.object({ preflight: PreflightReportSchema });
export const TimelineEntryAnswerSchema = z.object({ event: TimelineEventViewSchema });
export const TimelineAnswerSchema = z.object({ events: z.array(TimelineEventViewSchema) });
export const RemediationAnswerSchema = z.object({ applied: z.string() });

/** A server-rendered GameDayView (Dates) in its JSON shape, so server and browser hold one type. */
export function toGameDayWire(view: unknown): GameDayWire {
  return GameDayWireSchema.parse(JSON.parse(JSON.stringify(view)));
}
