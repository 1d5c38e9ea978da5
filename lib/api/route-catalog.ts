/**
 * Every HTTP route of the console in one table: who may call it, what it takes and returns.
 * Route handlers take their access rule from here (`route()` in ./handler.ts), the OpenAPI
 * document is generated from it, and the authorisation tests walk it, so the three cannot
 * drift apart.
 */
import { z } from "zod";
import { CreateApiTokenSchema } from "@/lib/auth/schemas";
import type { Role } from "@/lib/auth/roles";
import {
  AddParticipantSchema,
  CreateGameDaySchema,
  CreateTeamSchema,
  HaltSchema,
  JoinGameDaySchema,
  LaunchRunSchema,
  LiftHaltSchema,
  PlanScenarioSchema,
  RemediateSchema,
  StopRunSchema,
  UpdateGameDaySchema,
  UpdateTeamSchema,
} from "@/lib/gameday/schemas";
import { ChooseRunbookSchema, RunbookStepInputSchema } from "@/lib/runbook/schemas";
import { DecideRatingSchema, OverrideTotalSchema } from "@/lib/scoring/schemas";
import { ReportSchema } from "@/lib/report/model";
import { EditReportSchema, ReportQuerySchema } from "@/lib/report/schemas";
import { StreamQuerySchema } from "@/lib/live/events";
import { CreateTimelineEntrySchema, TimelineQuerySchema } from "@/lib/timeline/schemas";
import { CreateUserSchema, UpdateUserSchema } from "@/lib/users/schemas";

export type Access = "public" | "any" | readonly Role[];
export type HttpMethod = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

export interface RouteSpec {
  method: HttpMethod;
  /** OpenAPI-style path, e.g. `/api/gamedays/{id}`. */
  path: string;
  summary: string;
  tag: string;
  access: Access;
  /** Audit action name for state-changing routes. */
  action: string;
  sessionOnly?: boolean;
  body?: z.ZodType;
  query?: z.ZodType;
  /** Content types other than JSON this route answers with. */
  produces?: string[];
  /** The JSON answer's schema, when the OpenAPI document states it. */
  response?: z.ZodType;
}

const ADMIN = ["admin"] as const satisfies readonly Role[];
const FACILITATORS = ["admin", "facilitator"] as const satisfies readonly Role[];

export const AuditQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1, "limit must be at least 1").max(500, "limit must be at most 500").default(100),
    before: z.coerce.bigint({ error: "before must be an audit row id" }).optional(),
    actorId: z.string().max(64).optional(),
  })
  .strict();

export const ROUTES = [
  { method: "GET", path: "/api/health", summary: "Liveness: database reachable, lab kind and reachability", tag: "meta", access: "public", action: "health.read" },
  { method: "GET", path: "/api/openapi.json", summary: "This API's OpenAPI 3.1 description", tag: "meta", access: "public", action: "openapi.read" },
  { method: "GET", path: "/api/me", summary: "The caller: user, role and how they authenticated", tag: "auth", access: "any", action: "me.read" },
  { method: "GET", path: "/api/tokens", summary: "The caller's API tokens (never the secret)", tag: "auth", access: "any", action: "token.list" },
  { method: "POST", path: "/api/tokens", summary: "Create an API token for the caller; the secret is shown once", tag: "auth", access: "any", action: "token.create", sessionOnly: true, body: CreateApiTokenSchema },
  { method: "DELETE", path: "/api/tokens/{id}", summary: "Revoke one of the caller's API tokens", tag: "auth", access: "any", action: "token.revoke" },
  { method: "GET", path: "/api/users", summary: "All users", tag: "users", access: ADMIN, action: "user.list" },
  { method: "POST", path: "/api/users", summary: "Create a user", tag: "users", access: ADMIN, action: "user.create", body: CreateUserSchema },
  { method: "PATCH", path: "/api/users/{id}", summary: "Rename, change role, disable or enable a user", tag: "users", access: ADMIN, action: "user.update", body: UpdateUserSchema },
  { method: "GET", path: "/api/audit", summary: "The audit log, newest first", tag: "audit", access: ADMIN, action: "audit.list", query: AuditQuerySchema },
  { method: "GET", path: "/api/gamedays", summary: "Game days the caller takes part in (admins: all)", tag: "gamedays", access: "any", action: "gameday.list" },
  { method: "POST", path: "/api/gamedays", summary: "Plan a new game day; the caller becomes its facilitator", tag: "gamedays", access: FACILITATORS, action: "gameday.create", body: CreateGameDaySchema },
  { method: "POST", path: "/api/gamedays/join", summary: "Join a game day with its join code", tag: "gamedays", access: "any", action: "gameday.join", body: JoinGameDaySchema },
  { method: "GET", path: "/api/gamedays/{id}", summary: "One game day with its teams and participants", tag: "gamedays", access: "any", action: "gameday.read" },
  { method: "PATCH", path: "/api/gamedays/{id}", summary: "Edit a game day's title, description, blind mode or schedule", tag: "gamedays", access: FACILITATORS, action: "gameday.update", body: UpdateGameDaySchema },
  { method: "POST", path: "/api/gamedays/{id}/start", summary: "Start the game day: faults may be launched from now on", tag: "gamedays", access: FACILITATORS, action: "gameday.start" },
  { method: "POST", path: "/api/gamedays/{id}/end", summary: "End the game day; live faults are stopped first", tag: "gamedays", access: FACILITATORS, action: "gameday.end" },
  { method: "POST", path: "/api/gamedays/{id}/teams", summary: "Add a team", tag: "gamedays", access: FACILITATORS, action: "gameday.team.create", body: CreateTeamSchema },
  { method: "POST", path: "/api/gamedays/{id}/participants", summary: "Invite a user as facilitator, trainee (in a team) or observer", tag: "gamedays", access: FACILITATORS, action: "gameday.participant.add", body: AddParticipantSchema },
  { method: "GET", path: "/api/gamedays/{id}/scenarios", summary: "The scenarios planned for this game day", tag: "planning", access: "any", action: "plan.list" },
  { method: "POST", path: "/api/gamedays/{id}/scenarios", summary: "Plan a scenario with its parameters (validated against its limits)", tag: "planning", access: FACILITATORS, action: "plan.add", body: PlanScenarioSchema },
  { method: "DELETE", path: "/api/planned-scenarios/{id}", summary: "Remove a planned scenario", tag: "planning", access: FACILITATORS, action: "plan.remove" },
  { method: "POST", path: "/api/gamedays/{id}/preflight", summary: "Pre-game checklist: preflight every planned scenario against the lab", tag: "planning", access: FACILITATORS, action: "plan.preflight" },
  { method: "GET", path: "/api/gamedays/{id}/runs", summary: "Runs of this game day with their phases and ground-truth instants", tag: "runs", access: "any", action: "run.list" },
  { method: "POST", path: "/api/gamedays/{id}/runs", summary: "Launch a scenario (idempotent per idempotencyKey; confirm the blast radius)", tag: "runs", access: FACILITATORS, action: "run.launch", body: LaunchRunSchema },
  { method: "GET", path: "/api/runs/{id}", summary: "One run", tag: "runs", access: "any", action: "run.read" },
  { method: "POST", path: "/api/runs/{id}/stop", summary: "Stop one run with a reason; its fault is reverted", tag: "runs", access: FACILITATORS, action: "run.stop", body: StopRunSchema },
  { method: "POST", path: "/api/gamedays/{id}/halt", summary: "HALT ALL: stop every fault of the game day and refuse new launches until lifted", tag: "runs", access: FACILITATORS, action: "gameday.halt", body: HaltSchema },
  { method: "POST", path: "/api/gamedays/{id}/halt/lift", summary: "Lift a halt so runs may launch again", tag: "runs", access: FACILITATORS, action: "gameday.halt.lift", body: LiftHaltSchema },
  { method: "POST", path: "/api/gamedays/{id}/remediations", summary: "Take a remediation action on the target (never starts or stops a fault)", tag: "runs", access: ["admin", "facilitator", "trainee"], action: "remediation.apply", body: RemediateSchema },
  { method: "GET", path: "/api/gamedays/{id}/timeline", summary: "The game day's timeline in order (resume with ?after=<id>)", tag: "timeline", access: "any", action: "timeline.list", query: TimelineQuerySchema },
  { method: "POST", path: "/api/gamedays/{id}/timeline", summary: "Write an entry (note, detected, observation, hypothesis, root cause, action, status update)", tag: "timeline", access: ["admin", "facilitator", "trainee"], action: "timeline.append", body: CreateTimelineEntrySchema },
  { method: "GET", path: "/api/scenarios", summary: "The scenario catalog", tag: "planning", access: "any", action: "scenario.list" },
  { method: "PATCH", path: "/api/teams/{id}", summary: "Allow or stop a team's remediation actions", tag: "gamedays", access: FACILITATORS, action: "team.update", body: UpdateTeamSchema },
  { method: "POST", path: "/api/gamedays/{id}/runbook", summary: "A trainee's team chooses the runbook it follows (evidence of its diagnosis)", tag: "runbooks", access: ["trainee"], action: "runbook.choose", body: ChooseRunbookSchema },
  { method: "POST", path: "/api/gamedays/{id}/runbook/steps", summary: "Mark a runbook step done, skipped or open again, with a note", tag: "runbooks", access: ["trainee"], action: "runbook.step", body: RunbookStepInputSchema },
  {
    method: "GET",
    path: "/api/gamedays/{id}/stream",
    summary: "Server-sent events: metrics, alarms, fleet, traces, runs and the timeline of a game day, live (resume with Last-Event-ID)",
    tag: "live",
    access: "any",
    action: "gameday.stream",
    query: StreamQuerySchema,
    produces: ["text/event-stream"],
  },
  { method: "GET", path: "/api/runs/{id}/score", summary: "A run's scores per team: ground truth, measures, parts, proposed and final P/S/M/U ratings with evidence (trainees and observers: after the reveal)", tag: "scoring", access: "any", action: "score.read" },
  { method: "POST", path: "/api/runs/{id}/score/decisions", summary: "Confirm or override one capability's rating of one team, with a reason (kept through recomputation)", tag: "scoring", access: FACILITATORS, action: "score.rating.decide", body: DecideRatingSchema },
  { method: "POST", path: "/api/runs/{id}/score/total", summary: "Set or clear one team's 0-100 total on a run, with a reason", tag: "scoring", access: FACILITATORS, action: "score.total.override", body: OverrideTotalSchema },
  { method: "GET", path: "/api/gamedays/{id}/scores", summary: "Every run of a game day, teams side by side, and each team's ratings per capability (trainees and observers: after the reveal)", tag: "scoring", access: "any", action: "score.list" },
  { method: "POST", path: "/api/gamedays/{id}/scores/reveal", summary: "Reveal the game day's scores to trainees and observers", tag: "scoring", access: FACILITATORS, action: "score.reveal" },
  { method: "GET", path: "/api/teams/{id}/history", summary: "A team's ratings per capability across game days (count, spread, trend) and its exact per-run timings", tag: "scoring", access: FACILITATORS, action: "team.history" },
  {
    method: "GET",
    path: "/api/gamedays/{id}/report",
    summary: "The after-action report as JSON (the model), Markdown (charts inline, or md-zip: charts as SVG files beside it) or PDF, as a download: the newest final version, a given version, or the draft (facilitators and observers; trainees after the reveal)",
    tag: "report",
    access: "any",
    action: "report.read",
    query: ReportQuerySchema,
    produces: ["text/markdown", "application/pdf", "application/zip"],
    response: ReportSchema,
  },
  { method: "PATCH", path: "/api/gamedays/{id}/report", summary: "Edit the report's draft: the summary in the facilitator's words, starred timeline entries, the improvement plan", tag: "report", access: FACILITATORS, action: "report.edit", body: EditReportSchema },
  { method: "POST", path: "/api/gamedays/{id}/report/final", summary: "Mark the report final: the draft is frozen as the next immutable version (after the game day ends)", tag: "report", access: FACILITATORS, action: "report.finalize" },
  { method: "GET", path: "/api/gamedays/{id}/report/versions", summary: "The report's final versions, newest first", tag: "report", access: "any", action: "report.versions" },
] as const satisfies readonly RouteSpec[];

export type RouteKey = `${(typeof ROUTES)[number]["method"]} ${(typeof ROUTES)[number]["path"]}`;

export function routeSpec(key: RouteKey): RouteSpec {
  const spec = (ROUTES as readonly RouteSpec[]).find((entry) => `${entry.method} ${entry.path}` === key);
  if (!spec) throw new Error(`Route ${key} is not in the route catalog`);
  return spec;
}
