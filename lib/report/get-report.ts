import "server-only";
import { ApiError } from "@/lib/api/errors";
import type { Principal } from "@/lib/auth/principal";
import { db } from "@/lib/db/client";
import { requireGameDayAccess } from "@/lib/gameday/access";
import { seriesOfSnapshot } from "@/lib/gameday/snapshot-run-metrics";
import { getRunScore } from "@/lib/scoring/get-run-score";
import { redactTimelineEvent } from "@/lib/timeline/redact";
import { toTimelineView } from "@/lib/timeline/view";
import { assembleReport } from "./assemble";
import { ActionItemSchema, ReportSchema, type Report } from "./model";

/**
 * Who reads the report: facilitators and observers of the game day, trainees once the scores
 * are revealed, API tokens as their owner. Blind mode does not apply (the report is read after the game day); a trainee
 * sees other teams' entries only when the game day shares team logs, as during it.
 */
export async function requireReportAccess(principal: Principal, gameDayId: string) {
  const access = await requireGameDayAccess(principal, gameDayId, "view");
  // Like a game day the caller cannot see: nothing is there for them yet (404, not 403).
  if (access.role === "trainee" && access.gameDay.scoresRevealedAt === null) throw new ApiError("not_found", "No report is visible to you yet: it opens to trainees once the facilitator reveals the scores.");
  return access;
}

/**
 * The report as the caller may read it: a final version (the one asked for, else the newest),
 * or the draft built now from the records and the facilitator's edits when none is final or
 * when a facilitator asks for the draft.
 */
export async function getReport(principal: Principal, gameDayId: string, options: { version?: number; draft?: boolean } = {}, now = new Date()): Promise<Report> {
  const access = await requireReportAccess(principal, gameDayId);
  if (options.draft && !access.canManage) throw new ApiError("forbidden", "Only this game day's facilitators can read the draft.");
  if (!options.draft) {
    const final = await db().reportVersion.findFirst({ where: { gameDayId, ...(options.version ? { version: options.version } : {}) }, orderBy: { version: "desc" } });
    if (final) return ReportSchema.parse(final.report);
    if (options.version) throw new ApiError("not_found", `This game day's report has no version ${options.version}.`);
  }
  return buildReport(principal, gameDayId, { number: 0, finalizedAt: null }, now);
}

/** The report built from the records as they stand, with the facilitator's edits. */
export async function buildReport(principal: Principal, gameDayId: string, version: { number: number; finalizedAt: Date | null }, now = new Date()): Promise<Report> {
  const { gameDay, timelineViewer } = await requireReportAccess(principal, gameDayId);
  const viewer = { blind: false, onlyTeam: timelineViewer.onlyTeam };
  const [teams, participants, runs, rows, draft] = await Promise.all([
    db().team.findMany({ where: { gameDayId }, orderBy: { name: "asc" } }),
    db().participant.findMany({ where: { gameDayId }, include: { user: { select: { name: true } } }, orderBy: { joinedAt: "asc" } }),
    db().run.findMany({ where: { gameDayId, injectedAt: { not: null } }, orderBy: { injectedAt: "asc" } }),
    db().timelineEvent.findMany({ where: { gameDayId }, orderBy: { id: "asc" } }),
    db().reportDraft.findUnique({ where: { gameDayId } }),
  ]);
  const snapshots = await db().metricSnapshot.findMany({ where: { runId: { in: runs.map((run) => run.id) } }, orderBy: { capturedAt: "desc" } });
  const events = rows.flatMap((row) => {
    const view = redactTimelineEvent(toTimelineView(row), viewer);
    return view ? [view] : [];
  });
  const reportRuns = [];
  for (const run of runs) {
    const snapshot = snapshots.find((candidate) => candidate.runId === run.id);
    const score = await getRunScore(principal, run.id);
    reportRuns.push({ ...run, series: seriesOfSnapshot(snapshot), score: score.groundTruth || score.teams.length ? score : null });
  }
  const visibleTeams = timelineViewer.onlyTeam ? teams.filter((team) => team.id === timelineViewer.onlyTeam) : teams;
  return assembleReport({
    gameDay,
    people: participants.map((participant) => ({ name: participant.user.name, role: participant.role, teamId: participant.teamId })),
    teams: visibleTeams.map((team) => ({ id: team.id, name: team.name })),
    runs: reportRuns,
    events,
    edits: { summary: draft?.summary ?? "", starred: new Set(draft?.starred ?? []), actionItems: ActionItemSchema.array().parse(draft?.actionItems ?? []) },
    version,
    now,
  });
}
