import "server-only";
import { ApiError } from "@/lib/api/errors";
import { recordAudits, type AuditEntry } from "@/lib/audit/record-audit";
import { db } from "@/lib/db/client";
import { isDatabaseUnavailable } from "@/lib/db/unavailable";
import { Prisma, type TimelineEvent } from "@/lib/generated/prisma/client";
import { timelineRowOf, type NewTimelineEvent } from "./append-event";

/** A person's entry waiting for the next commit. */
export interface KeyedEntry {
  event: NewTimelineEvent;
  /** The writer's idempotency key; null when the writer sent none (then it cannot be retried safely). */
  entryKey: string | null;
  /** The audit row for this entry once stored, written in the same transaction (one INSERT per batch). */
  audit?: (stored: StoredEntry) => AuditEntry;
}

/** The stored row, and whether it was written by this call or found under its key. */
export interface StoredEntry {
  row: TimelineEvent;
  replayed: boolean;
}

interface Waiting {
  entry: KeyedEntry;
  resolve: (stored: StoredEntry) => void;
  reject: (error: unknown) => void;
}

/** Bigger batches only add latency to their first entry; this many already amortise a commit well. */
const MAX_BATCH = 256;

/**
 * Prisma's defaults (2 s to get a connection, 5 s for the transaction) are shorter than a
 * loaded machine can need; a batch that ran out of time would fail every entry in it.
 */
const BATCH_TRANSACTION = { maxWait: 10_000, timeout: 20_000 } as const;

const CLOSED_STATUSES = new Set(["ended", "cancelled"]);

/**
 * Group commit for people's timeline entries. Entries that arrive while a commit is in
 * flight wait for the next one, which writes all of them in one transaction: one advisory
 * lock per game day (ids committed in order, like every other append), one multi-row INSERT
 * that skips keys already stored, one read of the rows those keys name, one INSERT of their
 * audit rows (so an entry is never stored without its audit row). Each caller is
 * answered only after that commit, so an acknowledged entry is durable; a caller whose
 * commit failed is told so and may retry with the same key. Under light load a batch is a
 * single entry and nothing waits.
 */
class GroupCommit {
  private queue: Waiting[] = [];
  private flushing = false;

  append(entry: KeyedEntry): Promise<StoredEntry> {
    return new Promise<StoredEntry>((resolve, reject) => {
      this.queue.push({ entry, resolve, reject });
      if (!this.flushing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.flushing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, MAX_BATCH);
        await this.commit(batch);
      }
    } finally {
      this.flushing = false;
    }
  }

  private async commit(batch: Waiting[]): Promise<void> {
    try {
      const stored = await writeBatch(batch.map((waiting) => waiting.entry));
      batch.forEach((waiting, index) => {
        const result = stored[index];
        if (result instanceof Error) waiting.reject(result);
        else if (result) waiting.resolve(result);
        else waiting.reject(new Error("group commit lost track of an entry"));
      });
    } catch (error) {
      // With the database away every entry fails alike; otherwise one bad entry must not
      // fail its neighbours, so each is tried again on its own.
      if (batch.length === 1 || isDatabaseUnavailable(error)) {
        for (const waiting of batch) waiting.reject(error);
        return;
      }
      for (const waiting of batch) await this.commit([waiting]);
    }
  }
}

function insertData(entry: KeyedEntry): Prisma.TimelineEventCreateManyInput {
  return { ...timelineRowOf(entry.event), entryKey: entry.entryKey };
}

function keyOf(gameDayId: string, entryKey: string): string {
  return `${gameDayId}\u0000${entryKey}`;
}

/** A key names one entry: the same writer, kind and words. Anything else is a reused key, not a retry. */
function sameEntry(row: TimelineEvent, entry: KeyedEntry): boolean {
  const { event } = entry;
  return row.actorId === (event.actor?.id ?? null) && row.kind === event.kind && row.body === event.body && (row.runId ?? null) === (event.runId ?? null);
}

/**
 * One multi-row INSERT that skips rows whose key is already stored, returning the rows it
 * wrote. Written as SQL rather than createManyAndReturn: Prisma compiled that query afresh
 * for every batch size, which cost more CPU than the rest of an append.
 */
function insertSkippingStoredKeys(tx: Prisma.TransactionClient, rows: Prisma.TimelineEventCreateManyInput[]): Promise<TimelineEvent[]> {
  const values = rows.map(
    (row) =>
      Prisma.sql`(${row.gameDayId}, ${row.runId ?? null}, ${row.at ?? new Date()}, ${row.kind}, ${row.source}::"TimelineSource", ${row.actorId ?? null}, ${row.actorName ?? null}, ${row.teamId ?? null}, ${row.body}, ${JSON.stringify(row.data ?? {})}::jsonb, ${row.correctsId ?? null}, ${row.labEventId ?? null}, ${row.entryKey ?? null})`,
  );
  return tx.$queryRaw<TimelineEvent[]>`
    INSERT INTO "TimelineEvent" ("gameDayId", "runId", "at", "kind", "source", "actorId", "actorName", "teamId", "body", "data", "correctsId", "labEventId", "entryKey")
    VALUES ${Prisma.join(values)}
    ON CONFLICT DO NOTHING
    RETURNING *`;
}

/** Writes one batch in one transaction; returns, per entry in order, its row or why it was refused. */
async function writeBatch(entries: KeyedEntry[]): Promise<(StoredEntry | Error)[]> {
  const data = entries.map(insertData);
  return db().$transaction(async (tx) => {
    const gameDayIds = [...new Set(entries.map((entry) => entry.event.gameDayId))].sort();
    for (const gameDayId of gameDayIds) await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`timeline:${gameDayId}`}))`;
    // Read under the lock, so an entry cannot slip in after the game day's end committed.
    const gameDays = await tx.$queryRaw<{ id: string; status: string }[]>`SELECT "id", "status"::text AS "status" FROM "GameDay" WHERE "id" IN (${Prisma.join(gameDayIds)})`;
    const closed = new Map(gameDays.filter((gameDay) => CLOSED_STATUSES.has(gameDay.status)).map((gameDay) => [gameDay.id, gameDay.status]));

    const open = data.filter((row) => !closed.has(row.gameDayId));
    const inserted = open.length ? await insertSkippingStoredKeys(tx, open) : [];
    // Ids are drawn in VALUES order, so sorted ids pair keyless rows with keyless entries in order.
    inserted.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const byKey = new Map<string, TimelineEvent>();
    const keyless: TimelineEvent[] = [];
    for (const row of inserted) {
      if (row.entryKey) byKey.set(keyOf(row.gameDayId, row.entryKey), row);
      else keyless.push(row);
    }

    // A retry of an entry stored before the game day closed still gets its entry back.
    const missingKeys = entries.filter((entry) => entry.entryKey && !byKey.has(keyOf(entry.event.gameDayId, entry.entryKey)));
    const earlier = missingKeys.length
      ? await tx.timelineEvent.findMany({
          where: { OR: missingKeys.map((entry) => ({ gameDayId: entry.event.gameDayId, entryKey: entry.entryKey })) },
        })
      : [];
    const earlierByKey = new Map(earlier.map((row) => [keyOf(row.gameDayId, row.entryKey ?? ""), row]));

    const claimed = new Set<string>();
    let nextKeyless = 0;
    const results = entries.map((entry): StoredEntry | Error => {
      const status = closed.get(entry.event.gameDayId);
      if (status && !(entry.entryKey && earlierByKey.has(keyOf(entry.event.gameDayId, entry.entryKey)))) {
        return new ApiError("conflict", `This game day has ${status}; its timeline is closed.`);
      }
      if (!entry.entryKey) {
        const row = keyless[nextKeyless++];
        return row ? { row, replayed: false } : new Error("a keyless entry was not written");
      }
      const key = keyOf(entry.event.gameDayId, entry.entryKey);
      const fresh = byKey.get(key);
      // Two requests with one key in the same batch: the first wrote it, the second is its retry.
      if (fresh && !claimed.has(key)) {
        claimed.add(key);
        return { row: fresh, replayed: false };
      }
      const row = fresh ?? earlierByKey.get(key);
      if (!row) return new Error(`entry ${entry.entryKey} was neither written nor found`);
      if (!sameEntry(row, entry)) return new ApiError("conflict", "This entryKey already names a different entry; send a new key for a new entry.");
      return { row, replayed: true };
    });
    // Refused entries are audited by the caller with their refusal, outside this transaction.
    await recordAudits(entries.flatMap((entry, index) => {
      const result = results[index];
      return entry.audit && result && !(result instanceof Error) ? [entry.audit(result)] : [];
    }), tx);
    return results;
  }, BATCH_TRANSACTION);
}

const globalForCommit = globalThis as { gamedayTimelineCommit?: GroupCommit };

/** Appends a person's entry through the process's group commit; resolves after it is committed. */
export function commitEntry(entry: KeyedEntry): Promise<StoredEntry> {
  globalForCommit.gamedayTimelineCommit ??= new GroupCommit();
  return globalForCommit.gamedayTimelineCommit.append(entry);
}
