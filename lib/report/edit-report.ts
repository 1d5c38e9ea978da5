import "server-only";
import { randomUUID } from "node:crypto";
import { ApiError } from "@/lib/api/errors";
import type { Principal } from "@/lib/auth/principal";
import { db } from "@/lib/db/client";
import { requireGameDayAccess } from "@/lib/gameday/access";
import { ActionItemSchema, type ActionItem } from "./model";
import type { EditReportInput } from "./schemas";

export interface ReportEdits {
  summary: string;
  starred: string[];
  actionItems: ActionItem[];
  updatedAt: string | null;
}

/** The facilitator's edits as they stand (empty before the first one). */
export async function getReportEdits(principal: Principal, gameDayId: string): Promise<ReportEdits> {
  await requireGameDayAccess(principal, gameDayId, "manage");
  const draft = await db().reportDraft.findUnique({ where: { gameDayId } });
  return { summary: draft?.summary ?? "", starred: draft?.starred ?? [], actionItems: ActionItemSchema.array().parse(draft?.actionItems ?? []), updatedAt: draft?.updatedAt.toISOString() ?? null };
}

/** Starred entries are this game day's own: another game day's entry would leak into its report. */
async function requireOwnTimelineEntries(gameDayId: string, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const found = await db().timelineEvent.findMany({ where: { gameDayId, id: { in: ids.map((id) => BigInt(id)) } }, select: { id: true } });
  const own = new Set(found.map((entry) => entry.id.toString()));
  const foreign = ids.filter((id) => !own.has(id));
  if (foreign.length > 0) {
    throw new ApiError("unprocessable", `starred entries must be entries of this game day's timeline; ${foreign.slice(0, 5).join(", ")}${foreign.length > 5 ? " and others are" : foreign.length > 1 ? " are" : " is"} not.`, {
      issues: [{ path: "starred", message: "not an entry of this game day's timeline" }],
    });
  }
}

/**
 * The facilitator edits the draft: the summary in their own words, the starred entries, the
 * improvement plan. Final versions are frozen copies, so editing the draft never changes one;
 * marking the draft final again makes the next version.
 */
export async function editReport(principal: Principal, gameDayId: string, input: EditReportInput): Promise<ReportEdits> {
  await requireGameDayAccess(principal, gameDayId, "manage");
  const actionItems = input.actionItems?.map((item) => ({ ...item, id: item.id ?? randomUUID().slice(0, 8) }));
  const starred = input.starred ? [...new Set(input.starred)] : undefined;
  if (starred) await requireOwnTimelineEntries(gameDayId, starred);
  const fields = {
    ...(input.summary !== undefined ? { summary: input.summary } : {}),
    ...(starred ? { starred } : {}),
    ...(actionItems ? { actionItems } : {}),
    updatedById: principal.userId,
  };
  const draft = await db().reportDraft.upsert({ where: { gameDayId }, create: { gameDayId, ...fields }, update: fields });
  return { summary: draft.summary, starred: draft.starred, actionItems: ActionItemSchema.array().parse(draft.actionItems), updatedAt: draft.updatedAt.toISOString() };
}
