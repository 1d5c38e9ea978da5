import "server-only";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { liveStats } from "@/lib/live/supervisor";

export interface Health {
  status: "ok" | "degraded";
  database: "ok" | "unreachable";
  lab: { kind: "local" | "aws" };
  /** This instance's live pipeline: hubs, viewers, whether it polls, upstream calls made. */
  live: ReturnType<typeof liveStats>;
  checkedAt: string;
}

export async function checkHealth(): Promise<Health> {
  const database = await db()
    .$queryRaw`SELECT 1`.then(() => "ok" as const)
    .catch(() => "unreachable" as const);
  return { status: database === "ok" ? "ok" : "degraded", database, lab: { kind: env().LAB_KIND }, live: liveStats(), checkedAt: new Date().toISOString() };
}
