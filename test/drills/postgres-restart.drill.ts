/**
 * Postgres is stopped and started again (same data, same port) while the console runs and
 * clients write timeline entries. The console must say so (health down, then up; a
 * `database` event to live viewers), answer 503 with Retry-After meanwhile (never 500),
 * recover its pooled connections by itself, and store every acknowledged entry exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { ConsoleSession } from "../../bench/support/console-session";
import { readEvents } from "../sse";
import { startDrillStack, type DrillStack } from "./support/drill-stack";
import { compareWithStored, readStoredEntries, runEntryWriters } from "./support/entry-writers";

const CLIENTS = 6;
const OUTAGE_MS = 3000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface HealthSample {
  at: number;
  status: number;
  database: string | null;
  retryAfter: string | null;
}

describe("timeline and console through a Postgres restart", () => {
  let stack: DrillStack;
  let sessions: ConsoleSession[];
  let gameDayId: string;

  beforeAll(async () => {
    stack = await startDrillStack({ name: "postgres-restart" });
    const writers = stack.credentials.filter((credential) => credential.role === "facilitator" || credential.role === "trainee");
    sessions = await Promise.all(writers.map((credential) => ConsoleSession.signIn(stack.url, credential.email, credential.password)));
    const { gameDays } = await sessions[0]!.call("/api/gamedays", z.object({ gameDays: z.array(z.object({ id: z.string(), title: z.string() })) }));
    gameDayId = gameDays.find((gameDay) => gameDay.title.startsWith("Demo"))?.id ?? "";
    expect(gameDayId).not.toBe("");
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it("reports the outage, answers 503 with Retry-After, and loses or doubles nothing", async () => {
    // A live viewer, connected before the outage.
    const stream = await fetch(`${stack.url}/api/gamedays/${gameDayId}/stream`, { headers: { cookie: sessions[0]!.cookie, accept: "text/event-stream" } });
    expect(stream.status).toBe(200);
    const liveEvents = readEvents(
      stream,
      (received) => received.some((item) => item.event.type === "database" && item.event.reachable) && received.some((item) => item.event.type === "database" && !item.event.reachable),
      60_000,
    );

    const health: HealthSample[] = [];
    let watching = true;
    const healthWatch = (async () => {
      while (watching) {
        try {
          const response = await fetch(`${stack.url}/api/health`, { signal: AbortSignal.timeout(5000) });
          const body = (await response.json()) as { database?: string };
          health.push({ at: Date.now(), status: response.status, database: body.database ?? null, retryAfter: response.headers.get("retry-after") });
        } catch {
          health.push({ at: Date.now(), status: 0, database: null, retryAfter: null });
        }
        await sleep(100);
      }
    })();

    let writing = true;
    const writers = runEntryWriters({
      baseUrl: stack.url,
      gameDayId,
      cookies: sessions.map((session) => session.cookie),
      clients: CLIENTS,
      keepWriting: () => writing,
      hardDeadline: Date.now() + 120_000,
      pauseMs: 5,
    });

    await sleep(1000 + Math.random() * 1000);
    const stoppedAt = Date.now();
    await stack.stopPostgres();
    await sleep(OUTAGE_MS);
    await stack.startPostgres();
    const startedAt = Date.now();
    // Keep writing until the console has been healthy again for a while.
    await sleep(3000);
    writing = false;
    const report = await writers;
    watching = false;
    await healthWatch;
    const events = await liveEvents;

    // Health: up, then down during the outage (503 with Retry-After), then up again.
    const down = health.filter((sample) => sample.at > stoppedAt && sample.at < startedAt && sample.database === "unreachable");
    expect(down.length, "health never reported the database down").toBeGreaterThan(0);
    expect(down.every((sample) => sample.status === 503 && sample.retryAfter !== null)).toBe(true);
    const after = health.filter((sample) => sample.at > startedAt);
    expect(after.at(-1)).toMatchObject({ status: 200, database: "ok" });

    // Live viewers were told: lost, then back.
    const database = events.map((item) => item.event).filter((event) => event.type === "database");
    expect(database.map((event) => event.reachable)).toEqual([false, true]);

    // Clients: 503s with Retry-After during the outage, never a 500.
    expect(report.statuses.get(503) ?? 0, "no request hit the outage").toBeGreaterThan(0);
    expect(report.unavailableWithoutRetryAfter).toBe(0);
    expect(report.statuses.get(500) ?? 0).toBe(0);
    expect(report.unexpected).toEqual([]);
    expect(report.abandoned).toEqual([]);

    // The pool recovered: entries written after the restart were acknowledged first time.
    expect([...report.acked.values()].some((ack) => ack.attempts === 1)).toBe(true);

    const stored = await readStoredEntries(stack, gameDayId);
    expect(compareWithStored(report, stored)).toEqual({ missing: [], duplicated: [], wrongId: [], neverAcked: [] });
    console.log(`postgres drill: ${report.acked.size} entries acknowledged, statuses ${JSON.stringify([...report.statuses])}, health down samples ${down.length}`);
  });
});
