/**
 * Clients that write timeline entries the way a careful client does: every entry gets its
 * own entryKey, and an entry whose answer never came (connection refused or reset, 503)
 * is sent again with the same key until it is acknowledged. What each client was told is
 * recorded, so a drill can compare "acknowledged" with "stored".
 */
import { randomUUID } from "node:crypto";
import http from "node:http";
import type { DrillStack } from "./drill-stack";

export interface AppendAnswer {
  /** 0 when no HTTP answer arrived (refused, reset, timed out). */
  status: number;
  retryAfter: string | null;
  /** The stored entry's id on 200/201. */
  id: string | null;
  text: string;
  ms: number;
}

/**
 * Connections are kept and reused, as a browser does. node's http client rather than fetch:
 * at a thousand entries a second fetch's own cost (streams, Headers) took about a core of
 * the two the console under test shares with its clients.
 */
const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 512 });

/** One POST of an entry; never throws. */
export function appendEntry(baseUrl: string, cookie: string, gameDayId: string, entryKey: string, body: string, timeoutMs = 10_000): Promise<AppendAnswer> {
  const started = performance.now();
  const payload = JSON.stringify({ kind: "note", body, entryKey });
  return new Promise<AppendAnswer>((resolve) => {
    const failed = (error: Error) => resolve({ status: 0, retryAfter: null, id: null, text: error.message, ms: performance.now() - started });
    const request = http.request(
      `${baseUrl}/api/gamedays/${gameDayId}/timeline`,
      {
        method: "POST",
        agent: keepAlive,
        headers: { cookie, "content-type": "application/json", "content-length": Buffer.byteLength(payload) },
        signal: AbortSignal.timeout(timeoutMs),
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("error", failed);
        response.on("end", () => {
          const status = response.statusCode ?? 0;
          const text = Buffer.concat(chunks).toString("utf8");
          let id: string | null = null;
          if (status >= 200 && status < 300) {
            try {
              const parsed = JSON.parse(text) as { event?: { id?: unknown } };
              id = typeof parsed.event?.id === "string" ? parsed.event.id : null;
            } catch {
              // Not JSON: the answer carries no id, which the drill reports as a wrong answer.
            }
          }
          const retryAfter = response.headers["retry-after"];
          resolve({ status, retryAfter: typeof retryAfter === "string" ? retryAfter : null, id, text, ms: performance.now() - started });
        });
      },
    );
    request.on("error", failed);
    request.end(payload);
  });
}

export interface WritersReport {
  /** entryKey → the id the client was given, and whether the answer was a replay (200). */
  acked: Map<string, { id: string; status: number; attempts: number }>;
  /** Keys a client gave up on (hard deadline): must be empty for a drill to pass. */
  abandoned: string[];
  /** How many answers of each HTTP status (0 = no answer). */
  statuses: Map<number, number>;
  /** 503 answers that carried no Retry-After. */
  unavailableWithoutRetryAfter: number;
  /** Answers of 500 or any 5xx other than 503, and unexpected 4xx: status and body. */
  unexpected: string[];
}

export interface WritersOptions {
  baseUrl: string;
  gameDayId: string;
  /** Session cookies; client i uses cookies[i % length]. */
  cookies: string[];
  clients: number;
  /** Called before each new entry: false stops the client (it still finishes its current entry). */
  keepWriting: () => boolean;
  /** No client retries past this instant (ms since epoch). */
  hardDeadline: number;
  /** Pause between entries, to keep the load modest. */
  pauseMs?: number;
  /** Longest wait between retries, whatever Retry-After says (the drills stay short). */
  maxRetryWaitMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs the clients until keepWriting() turns false and each has its last entry acknowledged. */
export async function runEntryWriters(options: WritersOptions): Promise<WritersReport> {
  const report: WritersReport = { acked: new Map(), abandoned: [], statuses: new Map(), unavailableWithoutRetryAfter: 0, unexpected: [] };
  const runId = randomUUID().slice(0, 8);
  const client = async (index: number) => {
    const cookie = options.cookies[index % options.cookies.length] ?? "";
    for (let entry = 0; options.keepWriting(); entry += 1) {
      const entryKey = `drill-${runId}-${index}-${entry}`;
      let attempts = 0;
      for (;;) {
        if (Date.now() > options.hardDeadline) {
          report.abandoned.push(entryKey);
          return;
        }
        attempts += 1;
        const answer = await appendEntry(options.baseUrl, cookie, options.gameDayId, entryKey, `client ${index} entry ${entry}`);
        report.statuses.set(answer.status, (report.statuses.get(answer.status) ?? 0) + 1);
        if (answer.status === 200 || answer.status === 201) {
          if (!answer.id) throw new Error(`HTTP ${answer.status} without an entry id: ${answer.text}`);
          report.acked.set(entryKey, { id: answer.id, status: answer.status, attempts });
          break;
        }
        if (answer.status === 503) {
          if (!answer.retryAfter) report.unavailableWithoutRetryAfter += 1;
          await sleep(Math.min(Number(answer.retryAfter ?? 1) * 1000, options.maxRetryWaitMs ?? 500));
          continue;
        }
        if (answer.status === 0 || answer.status === 502 || answer.status === 504) {
          await sleep(100);
          continue;
        }
        report.unexpected.push(`HTTP ${answer.status}: ${answer.text.slice(0, 300)}`);
        if (answer.status >= 500) {
          await sleep(100);
          continue;
        }
        report.abandoned.push(entryKey);
        break;
      }
      if (options.pauseMs) await sleep(options.pauseMs);
    }
  };
  await Promise.all(Array.from({ length: options.clients }, (_, index) => client(index)));
  return report;
}

/** Every entry the writers stored in the game day, by key, as the database holds it. */
export function readStoredEntries(stack: Pick<DrillStack, "query">, gameDayId: string): Promise<{ entryKey: string; id: string }[]> {
  return stack.query<{ entryKey: string; id: string }>(`SELECT "entryKey", id::text AS id FROM "TimelineEvent" WHERE "gameDayId" = $1 AND "entryKey" LIKE 'drill-%'`, [gameDayId]);
}

/** Checks acknowledged against stored: every acknowledged key once, with the id its client was given. */
export function compareWithStored(report: WritersReport, stored: { entryKey: string; id: string }[]) {
  const counts = new Map<string, number>();
  for (const row of stored) counts.set(row.entryKey, (counts.get(row.entryKey) ?? 0) + 1);
  const storedIds = new Map(stored.map((row) => [row.entryKey, row.id]));
  const missing = [...report.acked.keys()].filter((key) => !counts.has(key));
  const duplicated = [...counts].filter(([, count]) => count > 1).map(([key]) => key);
  const wrongId = [...report.acked].filter(([key, ack]) => storedIds.has(key) && storedIds.get(key) !== ack.id).map(([key]) => key);
  const neverAcked = [...counts.keys()].filter((key) => !report.acked.has(key));
  return { missing, duplicated, wrongId, neverAcked };
}
