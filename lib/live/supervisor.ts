import "server-only";
import { db } from "@/lib/db/client";
import { allHubs, hubFor } from "./registry";

const SCAN_INTERVAL_MS = 5000;
/** Finished runs keep their game day's hub alive this long, so their metric snapshot gets taken. */
const SNAPSHOT_GRACE_MS = 30 * 60_000;

/**
 * Keeps a hub (and so, on one elected instance, a poller) alive for every running game day
 * even when nobody watches: runs must still be supervised, their faults reverted on time and
 * the timeline written. Started once per server process (instrumentation.ts).
 */
export function startLiveSupervisor(): () => void {
  const held = new Set<string>();
  let stopped = false;
  const scan = async () => {
    const rows = await db().gameDay.findMany({
      where: {
        OR: [{ status: "running" }, { runs: { some: { endedAt: { gte: new Date(Date.now() - SNAPSHOT_GRACE_MS) }, snapshots: { none: {} } } } }],
      },
      select: { id: true },
    });
    if (stopped) return;
    const wanted = new Set(rows.map((row) => row.id));
    for (const id of wanted) {
      if (held.has(id)) continue;
      held.add(id);
      await hubFor(id).retain();
    }
    for (const id of [...held]) {
      if (wanted.has(id)) continue;
      held.delete(id);
      hubFor(id).release();
    }
  };
  const timer = setInterval(() => void scan().catch((error: unknown) => console.error(JSON.stringify({ level: "error", msg: "live supervisor scan failed", error: String(error) }))), SCAN_INTERVAL_MS);
  timer.unref();
  void scan().catch(() => undefined);
  return () => {
    stopped = true;
    clearInterval(timer);
    for (const id of held) hubFor(id).release();
    held.clear();
  };
}

/** Live numbers of this instance, for the health endpoint and the benchmarks. */
export function liveStats(): { hubs: number; viewers: number; polling: number; upstreamCalls: Record<string, number> } {
  const hubs = allHubs();
  const upstreamCalls: Record<string, number> = {};
  for (const hub of hubs) for (const [method, count] of hub.upstreamCalls) upstreamCalls[method] = (upstreamCalls[method] ?? 0) + count;
  return { hubs: hubs.length, viewers: hubs.reduce((sum, hub) => sum + hub.viewerCount, 0), polling: hubs.filter((hub) => hub.isPolling).length, upstreamCalls };
}
