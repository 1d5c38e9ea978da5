/**
 * kill -9 of the local-lab daemon in the middle of a fault: its fleet dies with it (no
 * orphan), the console restarts it, the fault is not active afterwards (latency gone, the
 * run ended), and viewers were told the lab went down and came back, on the timeline too.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { ConsoleSession } from "@/bench/support/console-session";
import { startThrowawayStack } from "@/scripts/console/throwaway";
import type { RunningStack } from "@/scripts/console/stack";
import { demoGameDay, latencyOf, isAlive, labTaskPids, readTimeline, RunsSchema, waitFor } from "./console-drill";

let stack: RunningStack;
let session: ConsoleSession;
let gameDayId: string;

async function medianLatency(url: string, samples = 7): Promise<number> {
  const times: number[] = [];
  for (let index = 0; index < samples; index += 1) times.push(await latencyOf(url).catch(() => Number.POSITIVE_INFINITY));
  return times.sort((a, b) => a - b)[Math.floor(samples / 2)] ?? Number.POSITIVE_INFINITY;
}

beforeAll(async () => {
  stack = await startThrowawayStack({ name: "drill-lab", log: () => undefined });
  ({ session, gameDayId } = await demoGameDay(stack.url, stack.credentials));
});

afterAll(async () => {
  await stack?.stop();
});

describe("the local-lab daemon is killed with SIGKILL mid-fault", () => {
  // A first start may build the console (a few minutes on two busy cores).
  it("leaves no orphan, comes back without the fault, and the timeline records the outage", async () => {
    const lab = stack.lab;
    if (!lab) throw new Error("the stack has no local lab");
    const target = `${lab.publicUrl}/`;
    const baseline = await medianLatency(target);

    const { run } = await session.call(`/api/gamedays/${gameDayId}/runs`, z.object({ run: z.object({ id: z.string() }) }), {
      body: { scenarioId: "network-latency", params: { service: "api", delayMs: 600, jitterMs: 0, taskPercent: 100 }, durationSeconds: 300, idempotencyKey: `drill-lab-${Date.now()}`, confirmBlastRadius: true },
    });
    await waitFor(() => session.call(`/api/gamedays/${gameDayId}/runs`, RunsSchema), ({ runs }) => runs.some((entry) => entry.id === run.id && entry.injectedAt !== null), 60_000, "the fault to be injected");
    // The fault is really there: every request through the load balancer waits.
    const during = await medianLatency(target);
    expect(during).toBeGreaterThan(baseline + 450);

    const stateDir = path.join(stack.dataDir, "lab");
    const tasks = labTaskPids(stateDir);
    expect(tasks.length).toBeGreaterThan(0);
    const killedPid = lab.pid;
    const restarted = lab.nextRestart();
    const killedAt = new Date();
    process.kill(killedPid, "SIGKILL");

    // Its watchdog stops the fleet: no task of the dead daemon survives.
    expect(await waitFor(() => tasks.filter(isAlive), (alive) => alive.length === 0, 15_000, "the dead daemon's tasks to stop")).toEqual([]);
    const back = await Promise.race([restarted, new Promise<null>((resolve) => setTimeout(() => resolve(null), 90_000))]);
    expect(back?.pid).toBeGreaterThan(0);
    expect(back?.pid).not.toBe(killedPid);
    expect(isAlive(killedPid)).toBe(false);

    // The fault is not active after the restart: the run ended, the latency is gone.
    const { runs } = await waitFor(
      () => session.call(`/api/gamedays/${gameDayId}/runs`, RunsSchema),
      (value) => value.runs.find((entry) => entry.id === run.id)?.status === "ended",
      60_000,
      "the run to be reconciled as ended",
    );
    const ended = runs.find((entry) => entry.id === run.id);
    expect(ended?.statusReason).toBeTruthy();
    expect(ended?.revertedAt).toBeTruthy();
    await waitFor(() => medianLatency(target), (latency) => latency < baseline + 200, 60_000, "requests through the load balancer to be fast again");

    // Viewers were told: the lab went down, then came back, in that order, after the kill.
    const events = await waitFor(
      () => readTimeline(session, gameDayId),
      (value) => value.some((event) => event.kind === "lab.reachable" && Date.parse(event.at) > killedAt.getTime()),
      60_000,
      "lab.unreachable then lab.reachable on the timeline",
    );
    const outage = events.filter((event) => (event.kind === "lab.unreachable" || event.kind === "lab.reachable") && Date.parse(event.at) >= killedAt.getTime() - 1000);
    const down = outage.find((event) => event.kind === "lab.unreachable");
    const up = outage.find((event) => event.kind === "lab.reachable");
    expect(down).toBeDefined();
    expect(up).toBeDefined();
    expect(Date.parse(up?.at ?? "")).toBeGreaterThanOrEqual(Date.parse(down?.at ?? ""));
  }, 900_000);
});
