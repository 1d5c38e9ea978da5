/**
 * HALT ALL under the heaviest fault mix the lab can hold at once, through the console's own
 * route, 20 times: every fault reverted (by the lab's own revert instants) within 1 s at
 * p95, every run ended as stopped, and the injected latency really gone afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { ConsoleSession } from "@/bench/support/console-session";
import { percentile } from "@/bench/support/figures";
import { startThrowawayStack } from "@/scripts/console/throwaway";
import type { RunningStack } from "@/scripts/console/stack";
import { demoGameDay, latencyOf, RunsSchema, waitFor } from "./console-drill";

const TRIALS = 20;
const HEAVIEST_MIX = [
  { scenarioId: "network-latency", params: { service: "api", delayMs: 400, jitterMs: 0, taskPercent: 100 } },
  { scenarioId: "cpu-stress", params: { service: "backend", percent: 60, taskPercent: 100 } },
  { scenarioId: "waf-misblock", params: { pathPrefix: "/db" } },
  { scenarioId: "dependency-down", params: {} },
  { scenarioId: "aurora-failover", params: { refuseSeconds: 60 } },
  { scenarioId: "nat-gateway-failure", params: { service: "backend", replacePercent: 0 } },
];

let stack: RunningStack;

/** Every service answers through the load balancer: the front end and the backend behind it. */
async function fleetServes(target: string): Promise<boolean> {
  const statuses = await Promise.all([target, `${target}api/backend`].map((url) => fetch(url, { signal: AbortSignal.timeout(3000) }).then((response) => response.status, () => 0)));
  return statuses.every((status) => status === 200);
}
let session: ConsoleSession;
let gameDayId: string;

beforeAll(async () => {
  stack = await startThrowawayStack({ name: "drill-halt", log: () => undefined });
  // Seconds-scale lab timings: the drill measures the halt, not AWS's injection delays.
  ({ session, gameDayId } = await demoGameDay(stack.url, stack.credentials, "fast"));
}, 900_000);

afterAll(async () => {
  await stack?.stop();
});

describe("HALT ALL", () => {
  it(`reverts the heaviest fault mix within 1 s at p95 over ${TRIALS} trials`, async () => {
    const target = `${stack.lab?.publicUrl ?? ""}/`;
    const revertTimes: number[] = [];
    for (let trial = 0; trial < TRIALS; trial += 1) {
      // Faults replace tasks (health checks fail, a NAT loss is a restart): each trial starts
      // from a fleet that serves again, or a fault finds no task to break.
      await waitFor(() => fleetServes(target), Boolean, 120_000, `trial ${trial}: the fleet serving again`);
      const launched: string[] = [];
      for (const fault of HEAVIEST_MIX) {
        const { run } = await session.call(`/api/gamedays/${gameDayId}/runs`, z.object({ run: z.object({ id: z.string() }) }), {
          body: { ...fault, durationSeconds: 120, idempotencyKey: `drill-halt-${trial}-${fault.scenarioId}-${Date.now()}`, confirmBlastRadius: true },
        });
        launched.push(run.id);
      }
      await waitFor(
        async () => (await session.call(`/api/gamedays/${gameDayId}/runs`, RunsSchema)).runs.filter((entry) => launched.includes(entry.id) && !entry.injectedAt),
        (waiting) => waiting.length === 0,
        60_000,
        `trial ${trial}: every fault injected`,
      );
      if (trial === 0) expect(await latencyOf(target)).toBeGreaterThan(350);

      const haltAt = Date.now();
      await session.call(`/api/gamedays/${gameDayId}/halt`, z.unknown(), { body: { reason: `drill trial ${trial}` } });
      const { runs } = await session.call(`/api/gamedays/${gameDayId}/runs`, RunsSchema);
      const ours = runs.filter((entry) => launched.includes(entry.id));
      expect(ours.map((entry) => entry.status)).toEqual(launched.map(() => "ended"));
      expect(ours.every((entry) => entry.revertedAt !== null)).toBe(true);
      revertTimes.push(Math.max(...ours.map((entry) => Date.parse(entry.revertedAt ?? ""))) - haltAt);

      await session.call(`/api/gamedays/${gameDayId}/halt/lift`, z.unknown(), { body: { reason: `drill: trial ${trial + 1}` } });
    }
    // The latency fault really ended, not just its record.
    expect(await latencyOf(target)).toBeLessThan(300);
    const p95 = percentile(revertTimes, 95);
    console.log(`HALT ALL, ${HEAVIEST_MIX.length} faults × ${TRIALS} trials: p50 ${percentile(revertTimes, 50)} ms, p95 ${p95} ms, max ${Math.max(...revertTimes)} ms`);
    expect(revertTimes).toHaveLength(TRIALS);
    expect(p95).toBeLessThanOrEqual(1000);
  }, 900_000);
});
