/**
 * The status words of game days and runs, declared once for the server, the stream and the
 * client. A run's status is the lab's run phases with `pending` in front (created, not yet
 * handed to the lab); outcomes are the lab's. The database enums mirror these lists, and a
 * test keeps them equal.
 */
import { z } from "zod";
import { RunOutcomeSchema, RunPhaseSchema } from "@/lib/lab/types";

export const GameDayStatusSchema = z.enum(["draft", "scheduled", "running", "ended", "cancelled"]);
export type GameDayStatus = z.infer<typeof GameDayStatusSchema>;

/** Not started yet: the plan is open and the start button shows. */
export function isBeforeStart(status: GameDayStatus): boolean {
  return status === "draft" || status === "scheduled";
}

/** Over: nothing can be planned, launched or written any more. */
export function isClosed(status: GameDayStatus): boolean {
  return status === "ended" || status === "cancelled";
}

/** Run statuses in lifecycle order. */
export const RunStatusSchema = z.enum(["pending", ...RunPhaseSchema.options]);
export type RunStatus = z.infer<typeof RunStatusSchema>;

/** The phases a run passes through once the lab has it, in order (a timeline of a run). */
export const RUN_PHASES = RunPhaseSchema.options;

export { RunOutcomeSchema };
export type RunOutcome = z.infer<typeof RunOutcomeSchema>;
