/**
 * The lab's pace on a running daemon: the active profile, not a constant, decides how often
 * targets are checked, so switching to `realistic` slows detection and recovery from the
 * next health-check cycle on, and switching back mid-fault leaves the fault intact. The
 * realistic profile is scaled down 20× (30 s checks → 1.5 s) so the test stays short; the
 * proportions are AWS's.
 */
import { writeFileSync } from "node:fs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { LabEventView } from "../src/api/schemas";
import type { PaceView } from "../../contract/lab";
import { ControlError, sleep, startLab, waitFor, type LabUnderTest } from "./harness";

const SCALE = 20;
const REALISTIC = {
  healthCheck: { intervalMs: 30_000 / SCALE, timeoutMs: 400, healthyThreshold: 2, unhealthyThreshold: 2 },
  deregistrationDelayMs: 30_000 / SCALE,
  provisionMs: 20_000 / SCALE,
  stopTimeoutMs: 30_000 / SCALE,
  restartBackoff: { baseMs: 10_000 / SCALE, maxMs: 120_000 / SCALE },
  autoscaling: { scaleOutCooldownMs: 60_000 / SCALE, scaleInCooldownMs: 300_000 / SCALE },
};

let lab: LabUnderTest;

beforeAll(async () => {
  lab = await startLab({ tuning: { realistic: REALISTIC } });
  await lab.waitSteady();
});

afterAll(async () => {
  await lab?.stop();
});

afterEach(async (context) => {
  if (context.task.result?.state !== "fail") return;
  const events = await lab.events(new Date(Date.now() - 120_000)).catch(() => []);
  writeFileSync(`/tmp/local-lab-fail-${context.task.name.slice(0, 40).replace(/\W+/g, "-")}.log`, `${events.map((event) => `${event.at} ${event.kind} ${event.message}`).join("\n")}\n\n${lab.logs()}`);
});

const isUnhealthy = (event: LabEventView) => event.kind === "target-health" && event.message.includes(" is unhealthy in (target-group");

/** Injects /healthz failures on half the api tasks; answers how long the first target took to turn unhealthy. */
async function timeToUnhealthy(watchUntilMs?: number): Promise<{ externalId: string; elapsedMs: number; healthyMeanwhile: boolean }> {
  const since = new Date();
  const handle = await lab.start("health-check-failure", { service: "api", taskPercent: 50 }, 60);
  let healthyMeanwhile = true;
  if (watchUntilMs !== undefined) {
    // Sampled just before one full interval has passed: no target may have turned unhealthy yet.
    await sleep(Math.max(0, since.getTime() + watchUntilMs - Date.now()));
    const [events, topology] = await Promise.all([lab.events(since), lab.topology()]);
    healthyMeanwhile = !events.some(isUnhealthy) && topology.targets.filter((target) => target.service === "api").every((target) => target.state === "healthy");
  }
  const events = await waitFor("a target turning unhealthy", () => lab.events(since), (list) => list.some(isUnhealthy), 20_000);
  const first = events.find(isUnhealthy);
  return { externalId: handle.externalId, elapsedMs: Date.parse(first?.at ?? "") - since.getTime(), healthyMeanwhile };
}

/** Registration → healthy of each target registered since `since` (the first check runs at registration). */
function registrationToHealthy(events: LabEventView[]): number[] {
  const registeredAt = new Map<string, number>();
  const durations: number[] = [];
  for (const event of events) {
    const taskId = typeof event.data.taskId === "string" ? event.data.taskId : undefined;
    if (event.kind !== "target-health" || !taskId) continue;
    if (event.message.includes("registered 1 targets") && !event.message.includes("deregistered")) registeredAt.set(taskId, Date.parse(event.at));
    const start = registeredAt.get(taskId);
    if (event.message.includes(" is healthy in (target-group") && start !== undefined) durations.push(Date.parse(event.at) - start);
  }
  return durations;
}

describe("lab pace", () => {
  it("answers the active pace with its timings and refuses a pace it does not know", async () => {
    const view = await lab.request<PaceView>("GET", "/pace");
    expect(view).toEqual({
      pace: "fast",
      timings: { healthCheckIntervalMs: 200, healthyThreshold: 2, unhealthyThreshold: 2, deregistrationDelayMs: 300, taskStartMs: 50, scaleOutCooldownMs: 30_000, scaleInCooldownMs: 120_000 },
    });
    const refused = await lab.request("PUT", "/pace", { pace: "slow" }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ControlError);
    expect(refused).toMatchObject({ status: 422, code: "invalid" });
    expect((refused as ControlError).message).toContain("pace must be one of: realistic, fast");
    expect((await lab.request<PaceView>("GET", "/pace")).pace).toBe("fast");
  });

  it("switching a running daemon to realistic slows detection and recovery from the next health-check cycle on", async () => {
    // Fast: two failed checks 200 ms apart.
    const fast = await timeToUnhealthy();
    expect(fast.elapsedMs).toBeLessThan(1200);
    await lab.stopRun(fast.externalId);
    await lab.waitSteady();

    const switched = await lab.request<PaceView>("PUT", "/pace", { pace: "realistic" });
    expect(switched).toEqual({
      pace: "realistic",
      timings: { healthCheckIntervalMs: 1500, healthyThreshold: 2, unhealthyThreshold: 2, deregistrationDelayMs: 1500, taskStartMs: 1000, scaleOutCooldownMs: 3000, scaleInCooldownMs: 15_000 },
    });
    // A check already scheduled runs on its old 200 ms interval; after it every target is on the new cycle.
    await sleep(400);

    // Realistic: the second failed check comes one full interval after the first, so targets stay healthy that long.
    const since = new Date();
    const realistic = await timeToUnhealthy(1300);
    expect(realistic.healthyMeanwhile).toBe(true);
    expect(realistic.elapsedMs).toBeGreaterThanOrEqual(1500);
    expect(realistic.elapsedMs).toBeLessThan(1500 * 2 + 1500);

    // Recovery at the realistic pace: each replacement's target needs one full interval from registration to healthy.
    await lab.stopRun(realistic.externalId);
    await lab.waitSteady(30_000);
    const replaced = registrationToHealthy(await lab.events(since));
    expect(replaced.length).toBeGreaterThan(0);
    expect(Math.min(...replaced)).toBeGreaterThanOrEqual(1500);
  });

  it("switching back to fast while a fault runs keeps the fault, and the fleet recovers at the fast pace", async () => {
    const since = new Date();
    const handle = await lab.start("health-check-failure", { service: "api", taskPercent: 50 }, 60);
    expect((await lab.request<PaceView>("PUT", "/pace", { pace: "fast" })).pace).toBe("fast");
    await waitFor("a target turning unhealthy", () => lab.events(since), (list) => list.some(isUnhealthy), 20_000);
    await waitFor(
      "the scheduler replacing an unhealthy task",
      () => lab.topology(),
      (topology) => topology.tasks.some((task) => (task.stoppedReason ?? "").startsWith("Task failed ELB health checks") && Date.parse(task.stoppedAt ?? "") >= since.getTime()),
      20_000,
    );
    expect((await lab.status(handle.externalId)).phase).toBe("active");
    await lab.stopRun(handle.externalId);
    await lab.waitSteady(30_000);
    const replaced = registrationToHealthy(await lab.events(since));
    expect(replaced.length).toBeGreaterThan(0);
    expect(Math.max(...replaced)).toBeLessThan(1500);
  });
});
