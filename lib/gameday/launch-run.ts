import "server-only";
import { ApiError } from "@/lib/api/errors";
import type { Principal } from "@/lib/auth/principal";
import { db } from "@/lib/db/client";
import { Prisma, type Run } from "@/lib/generated/prisma/client";
import type { Lab } from "@/lib/lab/types";
import { resolveScenario } from "@/lib/scenarios/resolve";
import { appendTimelineEvent } from "@/lib/timeline/append-event";
import { requireGameDayAccess } from "./access";
import { applyLabRunStatus } from "./apply-run-status";
import { runViewOf } from "./list-runs";
import { transitionRun } from "./run-state";
import type { LaunchRunInput, RunView } from "./schemas";

export interface LaunchResult {
  run: RunView;
  /** false when the idempotency key named an earlier launch (a retry or a double click). */
  created: boolean;
}

async function existingLaunch(gameDayId: string, idempotencyKey: string): Promise<Run | null> {
  return db().run.findUnique({ where: { gameDayId_idempotencyKey: { gameDayId, idempotencyKey } } });
}

/**
 * Launches a scenario against the lab. The idempotency key makes retries and double clicks
 * return the first launch instead of starting a second fault. Refused while the game day is
 * not running or is halted. A second fault while one is live is allowed and recorded.
 */
export async function launchRun(principal: Principal, gameDayId: string, input: LaunchRunInput, lab: Lab): Promise<LaunchResult> {
  const { gameDay } = await requireGameDayAccess(principal, gameDayId, "manage");
  const earlier = await existingLaunch(gameDayId, input.idempotencyKey);
  if (earlier) return { run: await runViewOf(earlier.id), created: false };

  if (gameDay.status !== "running") throw new ApiError("conflict", `Start the game day before launching faults (it is ${gameDay.status}).`);
  if (gameDay.haltedAt) throw new ApiError("conflict", `HALT ALL is engaged (${gameDay.haltedReason ?? "no reason"}); lift the halt before launching.`);
  if (gameDay.environment !== lab.kind) {
    throw new ApiError("conflict", `This game day targets ${gameDay.environment === "aws" ? "AWS" : "the local lab"}, but this console drives ${lab.kind === "aws" ? "AWS" : "the local lab"}.`);
  }
  const launch = resolveScenario(input.scenarioId, input.params ?? {}, input.durationSeconds);
  const concurrent = await db().run.count({ where: { gameDayId, status: { not: "ended" } } });

  let run: Run;
  try {
    run = await db().run.create({
      data: {
        gameDayId,
        scenarioId: launch.scenarioId,
        params: launch.params as Prisma.InputJsonObject,
        durationSeconds: launch.durationSeconds,
        idempotencyKey: input.idempotencyKey,
        labKind: lab.kind,
        launchedById: principal.userId,
      },
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      const raced = await existingLaunch(gameDayId, input.idempotencyKey);
      if (raced) return { run: await runViewOf(raced.id), created: false };
    }
    throw error;
  }
  await appendTimelineEvent({
    gameDayId,
    runId: run.id,
    kind: "run.launched",
    actor: { id: principal.userId, name: principal.name },
    body: `${principal.name} launched ${launch.title} for ${launch.durationSeconds} s: ${launch.blastRadius}${concurrent > 0 ? ` (alongside ${concurrent} live run${concurrent > 1 ? "s" : ""})` : ""}`,
    data: {
      scenarioId: launch.scenarioId,
      params: launch.params,
      durationSeconds: launch.durationSeconds,
      concurrentRuns: concurrent,
    },
  });

  try {
    const handle = await lab.start({
      runId: run.id,
      scenarioId: launch.scenarioId,
      params: launch.params,
      durationSeconds: launch.durationSeconds,
      tags: { gameDayId, launchedBy: principal.email },
    });
    const moved = transitionRun(run.status, "initiating");
    await db().run.update({
      where: { id: run.id },
      data: {
        status: moved.status,
        externalId: handle.externalId,
        startedAt: new Date(handle.startedAt),
        leaseExpiresAt: new Date(handle.leaseExpiresAt),
      },
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    await applyLabRunStatus(run.id, {
      externalId: "none",
      phase: "ended",
      outcome: "failed",
      reason: `the lab refused the launch: ${reason}`,
      injectedAt: null,
      revertedAt: null,
      leaseExpiresAt: new Date().toISOString(),
      actions: [],
    });
    throw error;
  }
  return { run: await runViewOf(run.id), created: true };
}
