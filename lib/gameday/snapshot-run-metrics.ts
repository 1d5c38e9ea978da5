import "server-only";
import { db } from "@/lib/db/client";
import { standardQueries } from "@/lib/lab/metrics";
import { SeriesSchema, type Lab, type Series, type Topology } from "@/lib/lab/types";

/** Runs older than this are not snapshotted any more (the lab no longer has their data). */
const SNAPSHOT_HORIZON_MS = 6 * 60 * 60_000;

export interface SnapshotWindow {
  /** How much before injection and after the end the snapshot covers. */
  marginMs: number;
  /** The lab's own resolution: 1 s on the local lab, the metrics' period on AWS. */
  periodSeconds: number;
}

/**
 * Keeps the standard series around every finished run (before, during and after its fault),
 * so reports and scoring do not depend on the lab's retention. Every run gets one, watched or
 * not; the run's row is locked while its snapshot is taken, so two instances never take two.
 * Returns the ids of the runs snapshotted.
 */
export async function snapshotRunMetrics(gameDayId: string, lab: Lab, topology: Topology, window: SnapshotWindow, now = Date.now()): Promise<string[]> {
  const due = await db().run.findMany({
    where: { gameDayId, startedAt: { not: null }, endedAt: { lte: new Date(now - window.marginMs), gte: new Date(now - SNAPSHOT_HORIZON_MS) }, snapshots: { none: {} } },
    orderBy: { endedAt: "asc" },
    select: { id: true },
  });
  const taken: string[] = [];
  for (const { id } of due) {
    const wrote = await db().$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT id FROM "Run" WHERE id = ${id} FOR UPDATE`;
        const run = await tx.run.findUniqueOrThrow({ where: { id }, include: { _count: { select: { snapshots: true } } } });
        if (run._count.snapshots > 0) return false;
        const from = new Date((run.injectedAt ?? run.startedAt ?? run.createdAt).getTime() - window.marginMs);
        const to = new Date((run.endedAt ?? new Date(now)).getTime() + window.marginMs);
        const series = await lab.metrics(standardQueries(topology, window.periodSeconds), from, to);
        await tx.metricSnapshot.create({ data: { runId: id, fromAt: from, toAt: to, periodSeconds: window.periodSeconds, series } });
        return true;
      },
      { timeout: 60_000 },
    );
    if (wrote) taken.push(id);
  }
  return taken;
}

/**
 * The series kept for a run, parsed: a snapshot that no longer fits the series shape (an
 * older format) reads as no series rather than as data of the wrong shape.
 */
export function seriesOfSnapshot(snapshot: { series: unknown } | null | undefined): Series[] {
  const parsed = SeriesSchema.array().safeParse(snapshot?.series ?? []);
  return parsed.success ? parsed.data : [];
}
