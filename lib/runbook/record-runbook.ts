import "server-only";
import { ApiError } from "@/lib/api/errors";
import type { Principal } from "@/lib/auth/principal";
import { requireGameDayAccess } from "@/lib/gameday/access";
import { isClosed } from "@/lib/gameday/vocabulary";
import { getScenario } from "@/lib/scenarios";
import { appendTimelineEvent } from "@/lib/timeline/append-event";
import type { TimelineEventView } from "@/lib/timeline/schemas";
import type { ChooseRunbookInput, RunbookStepInput } from "./schemas";

/** Only responders work a runbook, in a game day that is still open. */
async function requireResponder(principal: Principal, gameDayId: string) {
  const access = await requireGameDayAccess(principal, gameDayId, "participate");
  if (access.role !== "trainee") throw new ApiError("forbidden", "Runbooks are worked by trainees; facilitators read their progress.");
  if (isClosed(access.gameDay.status)) throw new ApiError("conflict", `This game day has ${access.gameDay.status}; its runbooks are closed.`);
  return access;
}

function runbookOf(runbookId: string) {
  const scenario = getScenario(runbookId);
  if (!scenario) throw new ApiError("unprocessable", `No runbook '${runbookId}'.`);
  return scenario;
}

/**
 * A team picks the runbook it will follow (in blind mode it must judge which fits). The
 * choice and its instant are evidence of the team's diagnosis.
 */
export async function chooseRunbook(principal: Principal, gameDayId: string, input: ChooseRunbookInput): Promise<TimelineEventView> {
  const { participant } = await requireResponder(principal, gameDayId);
  const runbook = runbookOf(input.runbookId);
  return appendTimelineEvent({
    gameDayId,
    kind: "runbook.chosen",
    actor: { id: principal.userId, name: principal.name },
    teamId: participant?.teamId ?? null,
    body: `${principal.name} chose the runbook "${runbook.title}"`,
    data: { runbookId: runbook.id },
  });
}

/**
 * A runbook step done, skipped or reopened, with an optional note: the instant is the
 * server's. The team's progress is the newest entry per step, so it replays from the log.
 */
export async function recordRunbookStep(principal: Principal, gameDayId: string, input: RunbookStepInput): Promise<TimelineEventView> {
  const { participant } = await requireResponder(principal, gameDayId);
  const runbook = runbookOf(input.runbookId);
  const step = runbook.runbook.find((candidate) => candidate.id === input.stepId);
  if (!step) throw new ApiError("unprocessable", `The runbook "${runbook.title}" has no step '${input.stepId}'.`);
  const verb = input.status === "done" ? "did" : input.status === "skipped" ? "skipped" : "reopened";
  return appendTimelineEvent({
    gameDayId,
    kind: "runbook.step",
    actor: { id: principal.userId, name: principal.name },
    teamId: participant?.teamId ?? null,
    body: `${principal.name} ${verb} "${step.title}"${input.note ? `: ${input.note}` : ""}`,
    data: { runbookId: runbook.id, stepId: step.id, status: input.status, note: input.note ?? null },
  });
}
