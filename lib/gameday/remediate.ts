import "server-only";
import { ApiError } from "@/lib/api/errors";
import type { Principal } from "@/lib/auth/principal";
import { db } from "@/lib/db/client";
import { isLabError } from "@/lib/lab/errors";
import type { Lab, RemediationAction } from "@/lib/lab/types";
import { appendTimelineEvent } from "@/lib/timeline/append-event";
import { requireGameDayAccess } from "./access";
import type { RemediateInput } from "./schemas";

export function describeRemediation(action: RemediationAction): string {
  switch (action.type) {
    case "force-new-deployment":
      return `forced a new deployment of ${action.service}`;
    case "scale-service":
      return `scaled ${action.service} to ${action.desiredCount} tasks`;
    case "rollback":
      return `rolled ${action.service} back to its previous version`;
    case "add-capacity":
      return `added ${action.hosts} host${action.hosts > 1 ? "s" : ""} of capacity`;
    case "restore-secret-access":
      return `restored ${action.service}'s access to its secret`;
    case "failback-database":
      return "failed the database back";
  }
}

/**
 * A fix applied to the target by someone on the game day. It changes the target (deploy,
 * scale, roll back…), never a fault: faults are launched and stopped only by facilitators.
 * Recorded on the timeline as evidence of mitigation, attributed to the person and team.
 */
export async function remediate(principal: Principal, gameDayId: string, input: RemediateInput, lab: Lab): Promise<{ applied: string }> {
  const { gameDay, participant, canManage } = await requireGameDayAccess(principal, gameDayId, "participate");
  if (gameDay.status !== "running") throw new ApiError("conflict", `Remediations are taken during a running game day (this one is ${gameDay.status}).`);
  if (!canManage && participant?.teamId) {
    const team = await db().team.findUnique({ where: { id: participant.teamId } });
    if (team && !team.remediationAllowed) throw new ApiError("forbidden", `The facilitator has not allowed ${team.name} to take remediation actions; ask them, or log the action you would take.`);
  }
  if (input.runId && !(await db().run.findFirst({ where: { id: input.runId, gameDayId } }))) {
    throw new ApiError("unprocessable", "runId does not belong to this game day.");
  }
  const applied = describeRemediation(input.action);
  const record = (outcome: "applied" | "refused", labAnswer: string | null) =>
    appendTimelineEvent({
      gameDayId,
      runId: input.runId ?? null,
      kind: "remediation",
      actor: { id: principal.userId, name: principal.name },
      teamId: participant?.teamId ?? null,
      body: `${outcome === "applied" ? `${principal.name} ${applied}` : `The lab refused ${principal.name}'s ${input.action.type} (${labAnswer ?? "no reason given"})`}${input.note ? `: ${input.note}` : ""}`,
      data: { action: input.action, note: input.note ?? null, outcome, labAnswer },
    });
  try {
    await lab.remediate(input.action);
  } catch (error) {
    // A refused attempt is evidence too: the team tried this, at this instant.
    if (isLabError(error)) await record("refused", error.message);
    throw error;
  }
  await record("applied", "accepted");
  return { applied };
}
