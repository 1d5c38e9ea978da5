/**
 * What can appear on a game day's timeline. System entries come from the console and the
 * lab; people write the rest. Scoring reads people's entries as evidence (detected,
 * root-cause, action, status-update…), so their kinds are a closed list.
 */
import { z } from "zod";

export const SYSTEM_KINDS = [
  "gameday.started",
  "gameday.ended",
  "run.launched",
  "run.phase",
  "fault.injected",
  "fault.reverted",
  "run.stopped",
  "halt.engaged",
  "halt.lifted",
  "alarm",
  "task.started",
  "task.stopped",
  "deployment",
  "scaling",
  "service-event",
  "target-health",
  "host",
  "steady-state.lost",
  "steady-state.regained",
  "remediation",
  "lab.unreachable",
  "lab.reachable",
] as const;

/** Entries people write. */
export const USER_KINDS = ["note", "detected", "observation", "hypothesis", "root-cause", "action", "status-update"] as const;

export const SystemKindSchema = z.enum(SYSTEM_KINDS);
export const UserKindSchema = z.enum(USER_KINDS, { error: `kind must be one of ${USER_KINDS.join(", ")}` });
export const TimelineKindSchema = z.enum([...SYSTEM_KINDS, ...USER_KINDS]);
export type SystemKind = z.infer<typeof SystemKindSchema>;
export type UserKind = z.infer<typeof UserKindSchema>;
export type TimelineKind = z.infer<typeof TimelineKindSchema>;

/** Which participant roles may write which kinds (observers write nothing). */
export const USER_KINDS_BY_ROLE: Record<"facilitator" | "trainee", readonly UserKind[]> = {
  facilitator: ["note", "status-update"],
  trainee: ["detected", "observation", "hypothesis", "root-cause", "action", "status-update", "note"],
};

export const USER_KIND_LABEL: Record<UserKind, string> = {
  note: "Note",
  detected: "Detected",
  observation: "Observation",
  hypothesis: "Hypothesis",
  "root-cause": "Root cause",
  action: "Action taken",
  "status-update": "Status update",
};
