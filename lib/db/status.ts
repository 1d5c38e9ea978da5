import "server-only";

/** Whether this process can reach its database, as last seen by a probe or a failing connection. */
export interface DatabaseStatus {
  reachable: boolean;
  /** When it last changed (or was first seen). */
  since: string;
  /** Why it is unreachable, in the driver's words; empty when reachable. */
  detail: string;
}

type StatusListener = (status: DatabaseStatus) => void;

const PROBE_INTERVAL_MS = 1000;

interface StatusState {
  status: DatabaseStatus;
  listeners: Set<StatusListener>;
  timer: NodeJS.Timeout | null;
  probe: (() => Promise<void>) | null;
}

const globalForStatus = globalThis as { gamedayDatabaseStatus?: StatusState };

function state(): StatusState {
  globalForStatus.gamedayDatabaseStatus ??= { status: { reachable: true, since: new Date().toISOString(), detail: "" }, listeners: new Set(), timer: null, probe: null };
  return globalForStatus.gamedayDatabaseStatus;
}

export function databaseStatus(): DatabaseStatus {
  return state().status;
}

/** Records what a probe or a connection just showed; listeners hear only changes. */
export function reportDatabaseStatus(reachable: boolean, detail = ""): void {
  const current = state();
  if (current.status.reachable === reachable) return;
  current.status = { reachable, since: new Date().toISOString(), detail: reachable ? "" : detail };
  for (const listener of current.listeners) listener(current.status);
}

/** The check the watcher runs; set once by the database client (it owns the connection). */
export function setDatabaseProbe(probe: () => Promise<void>): void {
  state().probe = probe;
}

async function probeOnce(): Promise<void> {
  const probe = state().probe;
  if (!probe) return;
  try {
    await probe();
    reportDatabaseStatus(true);
  } catch (error) {
    reportDatabaseStatus(false, error instanceof Error ? error.message : String(error));
  }
}

/**
 * Calls `listener` on every change of reachability. While anyone listens, the database is
 * probed every second, so live viewers hear of an outage and of the recovery even when no
 * request happens to fail. Returns the unsubscribe function.
 */
export function watchDatabase(listener: StatusListener): () => void {
  const current = state();
  current.listeners.add(listener);
  if (!current.timer) {
    current.timer = setInterval(() => void probeOnce(), PROBE_INTERVAL_MS);
    current.timer.unref();
  }
  return () => {
    current.listeners.delete(listener);
    if (current.listeners.size === 0 && current.timer) {
      clearInterval(current.timer);
      current.timer = null;
    }
  };
}
