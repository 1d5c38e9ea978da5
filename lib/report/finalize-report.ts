import "server-only";
import { ApiError } from "@/lib/api/errors";
import type { Principal } from "@/lib/auth/principal";
import { db } from "@/lib/db/client";
import { requireGameDayAccess } from "@/lib/gameday/access";
import { buildReport, requireReportAccess } from "./get-report";
import type { Report } from "./model";

/**
 * Marks the report final: the model as it stands is frozen as the next version. Only once the
 * game day has ended, so the records it rests on no longer change under it.
 */
export async function finalizeReport(principal: Principal, gameDayId: string, now = new Date()): Promise<Report> {
  const { gameDay } = await requireGameDayAccess(principal, gameDayId, "manage");
  if (gameDay.status !== "ended") throw new ApiError("conflict", "The report can be marked final once the game day has ended.");
  for (let attempt = 0; attempt < 3; attempt++) {
    const last = await db().reportVersion.findFirst({ where: { gameDayId }, orderBy: { version: "desc" }, select: { version: true } });
    const number = (last?.version ?? 0) + 1;
    const report = await buildReport(principal, gameDayId, { number, finalizedAt: now }, now);
    try {
      await db().reportVersion.create({ data: { gameDayId, version: number, report, finalizedById: principal.userId, finalizedAt: now } });
      return report;
    } catch (error) {
      // Two facilitators marking final at once: the second takes the next number.
      if ((error as { code?: string }).code !== "P2002") throw error;
    }
  }
  throw new ApiError("conflict", "Another facilitator is marking the report final; try again.");
}

/** The final versions of a game day's report, newest first. */
export async function listReportVersions(principal: Principal, gameDayId: string) {
  await requireReportAccess(principal, gameDayId);
  const rows = await db().reportVersion.findMany({ where: { gameDayId }, orderBy: { version: "desc" }, select: { version: true, finalizedAt: true, finalizedById: true } });
  return rows.map((row) => ({ version: row.version, finalizedAt: row.finalizedAt.toISOString(), finalizedById: row.finalizedById }));
}
