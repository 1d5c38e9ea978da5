/**
 * The console is SIGKILLed while clients write timeline entries; a new console starts on the
 * same database; the clients send every unacknowledged entry again with its key. Afterwards
 * every entry a client was told is saved is stored exactly once, under the id it was given,
 * and nothing was stored that no client was told about.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { ConsoleSession } from "../../bench/support/console-session";
import { startDrillStack, type DrillStack } from "./support/drill-stack";
import { compareWithStored, readStoredEntries, runEntryWriters } from "./support/entry-writers";

const CLIENTS = 6;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("timeline durability through a console crash", () => {
  let stack: DrillStack;
  let cookies: string[];
  let gameDayId: string;

  beforeAll(async () => {
    stack = await startDrillStack({ name: "durability" });
    const writers = stack.credentials.filter((credential) => credential.role === "facilitator" || credential.role === "trainee");
    const sessions = await Promise.all(writers.map((credential) => ConsoleSession.signIn(stack.url, credential.email, credential.password)));
    cookies = sessions.map((session) => session.cookie);
    const { gameDays } = await sessions[0]!.call("/api/gamedays", z.object({ gameDays: z.array(z.object({ id: z.string(), title: z.string() })) }));
    gameDayId = gameDays.find((gameDay) => gameDay.title.startsWith("Demo"))?.id ?? "";
    expect(gameDayId).not.toBe("");
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it("stores every acknowledged entry exactly once after a SIGKILL at a random moment", async () => {
    let writing = true;
    const writers = runEntryWriters({ baseUrl: stack.url, gameDayId, cookies, clients: CLIENTS, keepWriting: () => writing, hardDeadline: Date.now() + 180_000, pauseMs: 5 });

    // Let entries flow, then kill at a moment nobody chose.
    await sleep(1000 + Math.random() * 2000);
    const killedPid = stack.console.pid;
    await stack.killConsole();
    await sleep(500);
    await stack.restartConsole();
    expect(stack.console.pid).not.toBe(killedPid);
    await sleep(1500);
    writing = false;
    const report = await writers;

    const stored = await readStoredEntries(stack, gameDayId);
    const comparison = compareWithStored(report, stored);

    // The crash really cut requests off: some entries needed more than one attempt.
    const retried = [...report.acked.values()].filter((ack) => ack.attempts > 1);
    expect(report.statuses.get(0) ?? 0, "no request failed, so the kill hit nothing").toBeGreaterThan(0);
    expect(retried.length).toBeGreaterThan(0);
    expect(report.abandoned).toEqual([]);
    expect(report.unexpected).toEqual([]);
    expect(report.acked.size).toBeGreaterThan(CLIENTS * 5);
    expect(comparison).toEqual({ missing: [], duplicated: [], wrongId: [], neverAcked: [] });
    // Retried keys are stored once too (they are part of `acked`); say how many there were.
    console.log(
      `durability drill: ${report.acked.size} entries acknowledged, ${retried.length} after a retry (${[...report.acked.values()].filter((ack) => ack.status === 200).length} answered as replays), statuses ${JSON.stringify([...report.statuses])}`,
    );
  });
});
