import "server-only";
import { db } from "@/lib/db/client";
import { databaseStatus, reportDatabaseStatus } from "@/lib/db/status";
import { env } from "@/lib/env";
import { liveStats } from "@/lib/live/supervisor";

export interface Health {
  status: "ok" | "degraded";
  database: "ok" | "unreachable";
  /** Since when the database has been in its current state (as this instance saw it). */
  databaseSince: string;
  /** The driver's reason while it is unreachable. */
  databaseDetail?: string;
  lab: { kind: "local" | "aws" };
  /** This instance's live pipeline: hubs, viewers, whether it polls, upstream calls made. */
  live: ReturnType<typeof liveStats>;
  checkedAt: string;
}

/** A probe that hangs (a stalled server) counts as unreachable rather than holding the answer. */
const PROBE_TIMEOUT_MS = 2000;

export async function checkHealth(): Promise<Health> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS);
  });
  try {
    await Promise.race([db().$queryRaw`SELECT 1`, timeout]);
    reportDatabaseStatus(true);
  } catch (error) {
    reportDatabaseStatus(false, error instanceof Error ? error.message : String(error));
  } finally {
    clearTimeout(timer);
  }
  const seen = databaseStatus();
  const database = seen.reachable ? ("ok" as const) : ("unreachable" as const);
  return {
    status: database === "ok" ? "ok" : "degraded",
    database,
    databaseSince: seen.since,
    ...(seen.reachable ? {} : { databaseDetail: seen.detail }),
    lab: { kind: env().LAB_KIND },
    live: liveStats(),
    checkedAt: new Date().toISOString(),
  };
}
