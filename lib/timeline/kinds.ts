/**
 * Every kind of timeline event, in one table: the shape of its data (validated on every
 * append and every read), who writes it, what blind mode does with it, and whether scoring
 * reads it as evidence. Writers, readers and the redaction rule all take these from here,
 * so a new kind cannot be written one way and read or redacted another.
 */
import { z } from "zod";
import { RunOutcomeSchema, RunStatusSchema } from "@/lib/gameday/vocabulary";
import { RemediationActionSchema } from "@/lib/lab/types";
import { ComponentSchema, FailureModeSchema } from "@/lib/scenarios/diagnosis";

/**
 * Who writes a kind: the console on its own (`system`: lab events, phases, recovery), the
 * console on a person's behalf (`action`: a launch, a halt, a remediation, recorded by the
 * use case that did it), or a participant through the timeline API (`entry`).
 */
export type TimelineWriter = "system" | "action" | "entry";

/**
 * What a blind trainee sees of a kind. `hide`: it tells when or which fault ran, so it is
 * never sent. `neutral`: the fact is public (the exercise paused) but its words may name the
 * fault, so a fixed wording replaces them. `show`: the target's own signals and people's
 * entries, which responders are meant to work from.
 */
export type BlindRule = "hide" | "neutral" | "show";

/** Participant roles that write entries through the timeline API. */
export type EntryRole = "facilitator" | "trainee";

interface KindSpec<S extends z.ZodType> {
  data: S;
  writer: TimelineWriter;
  blind: BlindRule;
  /** Scoring reads it as evidence of what responders saw and did. */
  evidence: boolean;
  /** Entry kinds only: the roles that may write it. */
  roles?: readonly EntryRole[];
  /** `neutral` kinds: what a blind trainee reads instead of the body and data. */
  neutral?: { body: string; data: z.infer<S> };
  label: string;
}

function kind<S extends z.ZodType>(spec: KindSpec<S>): KindSpec<S> {
  return spec;
}

const none = z.object({}).strict();
const scenarioRef = { scenarioId: z.string().min(1), runId: z.string().min(1) };
/** Lab events keep whatever the lab said about them, under a fixed head. */
const labEvent = z.looseObject({ labEventId: z.string().min(1), labKind: z.string().min(1), service: z.string().nullable() });
const steadyStateChecks = z.object({ checks: z.array(z.object({ label: z.string(), status: z.string(), detail: z.string() })) }).strict();
const TRAINEE: readonly EntryRole[] = ["trainee"];
const EVERYONE: readonly EntryRole[] = ["facilitator", "trainee"];

const labKind = (label: string) => kind({ data: labEvent, writer: "system", blind: "show", evidence: false, label });

export const TIMELINE_KINDS = {
  "gameday.started": kind({ data: none, writer: "action", blind: "show", evidence: false, label: "Game day started" }),
  "gameday.ended": kind({ data: none, writer: "action", blind: "show", evidence: false, label: "Game day ended" }),
  "run.launched": kind({
    data: z.object({ scenarioId: z.string().min(1), params: z.record(z.string(), z.unknown()), durationSeconds: z.number().int().positive(), concurrentRuns: z.number().int().nonnegative() }).strict(),
    writer: "action",
    blind: "hide",
    evidence: false,
    label: "Run launched",
  }),
  "run.phase": kind({ data: z.object({ ...scenarioRef, phase: RunStatusSchema, outcome: RunOutcomeSchema.nullable() }).strict(), writer: "system", blind: "hide", evidence: false, label: "Run phase" }),
  "fault.injected": kind({ data: z.object(scenarioRef).strict(), writer: "system", blind: "hide", evidence: false, label: "Fault injected" }),
  "fault.reverted": kind({ data: z.object(scenarioRef).strict(), writer: "system", blind: "hide", evidence: false, label: "Fault reverted" }),
  "run.stopped": kind({ data: z.object({ scenarioId: z.string().min(1), reason: z.string() }).strict(), writer: "action", blind: "hide", evidence: false, label: "Run stopped" }),
  "run.recovered": kind({
    data: z.object({ scenarioId: z.string().min(1), secondsAfterInjection: z.number().int() }).strict(),
    writer: "system",
    blind: "hide",
    evidence: false,
    label: "Run recovered",
  }),
  "halt.engaged": kind({
    data: z.object({ reason: z.string(), stopped: z.array(z.string()), engageSafetyLever: z.boolean(), labError: z.string().nullable() }).strict(),
    writer: "action",
    blind: "neutral",
    neutral: { body: "The facilitator paused the exercise.", data: { reason: "", stopped: [], engageSafetyLever: false, labError: null } },
    evidence: false,
    label: "HALT ALL",
  }),
  "halt.lifted": kind({
    data: z.object({ reason: z.string() }).strict(),
    writer: "action",
    blind: "neutral",
    neutral: { body: "The facilitator resumed the exercise.", data: { reason: "" } },
    evidence: false,
    label: "Halt lifted",
  }),
  alarm: labKind("Alarm"),
  "task.started": labKind("Task started"),
  "task.stopped": labKind("Task stopped"),
  deployment: labKind("Deployment"),
  scaling: labKind("Scaling"),
  "service-event": labKind("Service event"),
  "target-health": labKind("Target health"),
  host: labKind("Host"),
  "steady-state.lost": kind({ data: steadyStateChecks, writer: "system", blind: "show", evidence: false, label: "Steady state lost" }),
  "steady-state.regained": kind({ data: steadyStateChecks, writer: "system", blind: "show", evidence: false, label: "Steady state regained" }),
  remediation: kind({
    data: z
      .object({
        action: RemediationActionSchema,
        note: z.string().nullable(),
        /** Whether the lab carried it out, and what it answered. */
        outcome: z.enum(["applied", "refused"]).default("applied"),
        labAnswer: z.string().nullable().default(null),
      })
      .strict(),
    writer: "action",
    blind: "show",
    evidence: true,
    label: "Remediation",
  }),
  "lab.unreachable": kind({ data: z.object({ detail: z.string() }).strict(), writer: "system", blind: "show", evidence: false, label: "Lab unreachable" }),
  "lab.reachable": kind({ data: z.object({ detail: z.string() }).strict(), writer: "system", blind: "show", evidence: false, label: "Lab reachable" }),
  note: kind({ data: none, writer: "entry", roles: EVERYONE, blind: "show", evidence: false, label: "Note" }),
  detected: kind({ data: none, writer: "entry", roles: TRAINEE, blind: "show", evidence: true, label: "Detected" }),
  acknowledged: kind({ data: none, writer: "entry", roles: TRAINEE, blind: "show", evidence: true, label: "Acknowledged" }),
  observation: kind({ data: none, writer: "entry", roles: TRAINEE, blind: "show", evidence: true, label: "Observation" }),
  hypothesis: kind({ data: none, writer: "entry", roles: TRAINEE, blind: "show", evidence: true, label: "Hypothesis" }),
  "root-cause": kind({
    /** The diagnosis as chosen from the lists; the body keeps the responder's own words. */
    data: z.object({ component: ComponentSchema.optional(), failureMode: FailureModeSchema.optional() }).strict(),
    writer: "entry",
    roles: TRAINEE,
    blind: "show",
    evidence: true,
    label: "Root cause",
  }),
  action: kind({ data: none, writer: "entry", roles: TRAINEE, blind: "show", evidence: true, label: "Action taken" }),
  "status-update": kind({ data: none, writer: "entry", roles: EVERYONE, blind: "show", evidence: true, label: "Status update" }),
  mitigated: kind({ data: none, writer: "entry", roles: TRAINEE, blind: "show", evidence: true, label: "Mitigated" }),
  resolved: kind({ data: none, writer: "entry", roles: TRAINEE, blind: "show", evidence: true, label: "Resolved" }),
  "runbook.chosen": kind({
    /** A team picked a runbook from the catalog (blind mode): the choice is evidence of its diagnosis. */
    data: z.object({ runbookId: z.string().min(1) }).strict(),
    writer: "action",
    blind: "show",
    evidence: true,
    label: "Runbook chosen",
  }),
  "runbook.step": kind({
    data: z.object({ runbookId: z.string().min(1), stepId: z.string().min(1), status: z.enum(["todo", "done", "skipped"]), note: z.string().nullable() }).strict(),
    writer: "action",
    blind: "show",
    evidence: true,
    label: "Runbook step",
  }),
  "scores.revealed": kind({ data: none, writer: "action", blind: "show", evidence: false, label: "Scores revealed" }),
} as const;

export type TimelineKind = keyof typeof TIMELINE_KINDS;
export type TimelineData<K extends TimelineKind> = z.infer<(typeof TIMELINE_KINDS)[K]["data"]>;
export type TimelineDataInput<K extends TimelineKind> = z.input<(typeof TIMELINE_KINDS)[K]["data"]>;

export const TIMELINE_KIND_NAMES = Object.keys(TIMELINE_KINDS) as TimelineKind[];
export const TimelineKindSchema = z.enum(TIMELINE_KIND_NAMES as [TimelineKind, ...TimelineKind[]]);

/** Kinds people write through the timeline API, in the order the entry form offers them. */
export const ENTRY_KINDS = [
  "detected",
  "acknowledged",
  "observation",
  "hypothesis",
  "root-cause",
  "action",
  "status-update",
  "mitigated",
  "resolved",
  "note",
] as const satisfies readonly TimelineKind[];
export type EntryKind = (typeof ENTRY_KINDS)[number];
export const EntryKindSchema = z.enum(ENTRY_KINDS, { error: `kind must be one of ${ENTRY_KINDS.join(", ")}` });

/** The entry kinds a role may write, from the table above. */
export function entryKindsFor(role: EntryRole): readonly EntryKind[] {
  return ENTRY_KINDS.filter((name) => (TIMELINE_KINDS[name].roles ?? []).includes(role));
}

/** The event's source column follows from its kind: the console's own, or a person's. */
export function sourceOf(name: TimelineKind): "system" | "user" {
  return TIMELINE_KINDS[name].writer === "system" ? "system" : "user";
}

export function kindLabel(name: TimelineKind): string {
  return TIMELINE_KINDS[name].label;
}
