/**
 * Task-level faults against a real fleet: each test proves the fault happened (processes,
 * health, latency, CPU measured from outside) and that it ended (the fleet is steady and the
 * signal back at baseline).
 */
import { writeFileSync } from "node:fs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { get, isAlive, liveTasks, median, p95, sleep, startLab, waitFor, type LabUnderTest } from "./harness";

let lab: LabUnderTest;
let lb = "";

beforeAll(async () => {
  lab = await startLab();
  lb = (await lab.waitSteady()).loadBalancer.dimension;
});

afterAll(async () => {
  await lab?.stop();
});

afterEach(async (context) => {
  if (context.task.result?.state !== "fail") return;
  // The lab's own account of what happened, next to the failure.
  const events = await lab.events(new Date(Date.now() - 120_000)).catch(() => []);
  writeFileSync(`/tmp/local-lab-fail-${context.task.name.slice(0, 40).replace(/\W+/g, "-")}.log`, `${events.map((event) => `${event.at} ${event.kind} ${event.message}`).join("\n")}\n\n${lab.logs()}`);
});

async function sample(path: string, count: number, gapMs = 0): Promise<{ status: number; ms: number }[]> {
  const results: { status: number; ms: number }[] = [];
  for (let index = 0; index < count; index += 1) {
    const { status, ms } = await get(`${lab.publicUrl}${path}`);
    results.push({ status, ms });
    if (gapMs) await sleep(gapMs);
  }
  return results;
}

describe("ecs-task-termination", () => {
  it("SIGKILLs the tasks, the LB stops routing to them within its thresholds, the scheduler replaces them and 5xx return to zero", async () => {
    const before = await lab.topology();
    const apiBefore = liveTasks(before, "api");
    expect(apiBefore).toHaveLength(2);

    // Requests run through the whole episode so the 5xx window is seen from the client side.
    const results: { at: number; status: number }[] = [];
    let hammering = true;
    const hammer = (async () => {
      while (hammering) {
        const { status } = await get(`${lab.publicUrl}/`, 3000);
        results.push({ at: Date.now(), status });
        await sleep(15);
      }
    })();
    await sleep(300);
    const handle = await lab.start("ecs-task-termination", { service: "api", percent: 50 }, 30);
    const active = await waitFor("injection", () => lab.status(handle.externalId), (status) => status.injectedAt !== null);
    const injectedAt = Date.parse(active.injectedAt ?? "");
    const killedPid = apiBefore.map((task) => task.pid).find((pid) => pid !== null && !isAlive(pid));
    expect(killedPid, "one api process is gone").toBeDefined();

    const after = await waitFor("a replacement task", () => lab.topology(), (topology) => liveTasks(topology, "api").filter((task) => task.healthStatus === "HEALTHY").length === 2 && !liveTasks(topology, "api").some((task) => task.pid === killedPid));
    const killed = after.tasks.find((task) => task.pid === killedPid);
    expect(killed).toMatchObject({ lastStatus: "STOPPED", stopCode: "EssentialContainerExited", stoppedReason: "Essential container in task exited" });
    await sleep(1500);
    hammering = false;
    await hammer;

    const failures = results.filter((result) => result.status >= 500);
    expect(failures.length, "some requests hit the dead task").toBeGreaterThan(0);
    expect(failures.every((result) => result.status === 502)).toBe(true);
    // Unhealthy after 2 failed checks 200 ms apart (+ a 400 ms timeout at most), with slack for a busy machine.
    const lastFailure = Math.max(...failures.map((result) => result.at));
    expect(lastFailure - injectedAt).toBeLessThan(2000);
    const tail = results.filter((result) => result.at > lastFailure);
    expect(tail.length).toBeGreaterThan(20);

    // Leave whole seconds of clean samples after the last failure, however fast the replacement was.
    await sleep(Math.max(0, lastFailure + 3500 - Date.now()));
    const to = new Date();
    const elb5xx = await lab.metric({ namespace: "AWS/ApplicationELB", metricName: "HTTPCode_ELB_5XX_Count", dimensions: { LoadBalancer: lb }, stat: "Sum", periodSeconds: 1 }, new Date(injectedAt - 2000), to);
    expect(elb5xx.reduce((sum, point) => sum + point.v, 0)).toBeGreaterThan(0);
    const recent = elb5xx.filter((point) => point.t > lastFailure + 1000 && point.t < to.getTime() - 1000);
    expect(recent.length).toBeGreaterThan(0);
    expect(recent.every((point) => point.v === 0)).toBe(true);

    const ended = await lab.stopRun(handle.externalId);
    expect(ended).toMatchObject({ phase: "ended", outcome: "stopped" });
    await lab.waitSteady();
  });
});

describe("health-check-failure", () => {
  it("fails /healthz on a share of tasks; the LB marks them unhealthy and the scheduler replaces them; the fault's end restores healthy = desired", async () => {
    const since = new Date();
    const handle = await lab.start("health-check-failure", { service: "api", taskPercent: 50 }, 60);
    const stopped = await waitFor(
      "a task replaced for failing ELB health checks",
      () => lab.topology(),
      (topology) => topology.tasks.some((task) => task.service === "api" && (task.stoppedReason ?? "").startsWith("Task failed ELB health checks in (target-group ")),
      20_000,
    );
    expect(stopped.tasks.some((task) => task.stopCode === "ServiceSchedulerInitiated")).toBe(true);
    const events = await lab.events(since);
    expect(events.some((event) => event.kind === "target-health" && event.message.includes("is unhealthy in (target-group") && event.message.includes("[500]"))).toBe(true);

    await lab.stopRun(handle.externalId);
    const steady = await lab.waitSteady();
    const group = steady.loadBalancer.targetGroups.find((entry) => entry.service === "api")?.dimension ?? "";
    await sleep(1500);
    const now = new Date();
    const healthy = await lab.metric({ namespace: "AWS/ApplicationELB", metricName: "HealthyHostCount", dimensions: { TargetGroup: group, LoadBalancer: lb }, stat: "Minimum", periodSeconds: 1 }, new Date(now.getTime() - 1000), now);
    expect(healthy.at(-1)?.v).toBe(2);
    const unhealthy = await lab.metric({ namespace: "AWS/ApplicationELB", metricName: "UnHealthyHostCount", dimensions: { TargetGroup: group, LoadBalancer: lb }, stat: "Maximum", periodSeconds: 1 }, since, now);
    expect(Math.max(...unhealthy.map((point) => point.v))).toBeGreaterThan(0);
  });
});

describe("cpu-stress", () => {
  it("raises the tasks' measured CPU and the p95 latency, and both fall back when it ends", async () => {
    const cpuQuery = (service: string) => ({ namespace: "AWS/ECS", metricName: "CPUUtilization", dimensions: { ClusterName: "gameday-lab", ServiceName: service }, stat: "Average" as const, periodSeconds: 1 });
    const baselineLatency = (await sample("/", 30, 10)).map((result) => result.ms);
    const baselineFrom = new Date();
    await sleep(2500);
    const baselineCpu = await lab.metric(cpuQuery("api"), baselineFrom, new Date());

    const handle = await lab.start("cpu-stress", { service: "api", percent: 60, taskPercent: 100 }, 60);
    await waitFor("injection", () => lab.status(handle.externalId), (status) => status.phase === "active");
    const stressedFrom = new Date();
    const stressedLatency = (await sample("/", 30, 10)).map((result) => result.ms);
    await sleep(2000);
    const stressedCpu = await lab.metric(cpuQuery("api"), stressedFrom, new Date());

    const mean = (points: { v: number }[]) => points.reduce((sum, point) => sum + point.v, 0) / Math.max(1, points.length);
    expect(mean(baselineCpu)).toBeLessThan(25);
    expect(mean(stressedCpu)).toBeGreaterThan(mean(baselineCpu) + 20);
    expect(p95(stressedLatency)).toBeGreaterThan(p95(baselineLatency) + 15);

    await lab.stopRun(handle.externalId);
    await sleep(1500);
    const afterFrom = new Date();
    await sleep(2500);
    const afterCpu = await lab.metric(cpuQuery("api"), afterFrom, new Date());
    expect(mean(afterCpu)).toBeLessThan(mean(stressedCpu) - 15);
  });
});

describe("network-latency", () => {
  it("adds the configured delay end to end through the load balancer, and removing it restores the baseline", async () => {
    const baseline = median((await sample("/", 15)).map((result) => result.ms));
    const handle = await lab.start("network-latency", { service: "api", delayMs: 300, jitterMs: 0, taskPercent: 100 }, 60);
    await waitFor("injection", () => lab.status(handle.externalId), (status) => status.phase === "active");
    const slowed = median((await sample("/", 10)).map((result) => result.ms));
    expect(slowed - baseline).toBeGreaterThan(280);
    expect(slowed - baseline).toBeLessThan(450);

    const ended = await lab.stopRun(handle.externalId);
    expect(ended.revertedAt).not.toBeNull();
    const restored = median((await sample("/", 15)).map((result) => result.ms));
    expect(restored).toBeLessThan(baseline + 50);
  });
});

describe("bad-deployment", () => {
  for (const failure of ["health-check", "crash"] as const) {
    it(`(${failure}) trips the circuit breaker, which rolls back to the last good revision while the old tasks keep serving`, async () => {
      const since = new Date();
      const before = await lab.topology();
      const goodDefinition = before.services.find((service) => service.name === "api")?.taskDefinition;
      const handle = await lab.start("bad-deployment", { service: "api", failure }, 90);
      const rolledBack = await waitFor(
        "the circuit breaker's rollback",
        () => lab.events(since),
        (events) => events.some((event) => event.kind === "deployment" && event.message.includes("ECS deployment circuit breaker") && event.message.includes("rolling back")),
        30_000,
        200,
      );
      const failed = rolledBack.find((event) => event.message.includes("deployment failed"));
      expect(failed?.message).toContain(failure === "crash" ? "tasks failed to start" : "tasks failed health checks");
      const steady = await lab.waitSteady();
      const api = steady.services.find((service) => service.name === "api");
      expect(api?.taskDefinition).toBe(goodDefinition);
      // A bad task still being provisioned when the breaker tripped stops a moment later.
      const settled = await waitFor("every bad task stopped", () => lab.topology(), (topology) => topology.tasks.filter((task) => task.service === "api" && task.taskDefinition !== goodDefinition).every((task) => task.lastStatus === "STOPPED"));
      const badTasks = settled.tasks.filter((task) => task.service === "api" && task.taskDefinition !== goodDefinition);
      expect(badTasks.length).toBeGreaterThanOrEqual(3);
      if (failure === "crash") expect(badTasks.some((task) => task.stoppedReason === "Essential container in task exited")).toBe(true);
      // The tasks that served before the deployment are still the ones serving.
      const survivors = liveTasks(steady, "api").map((task) => task.id);
      for (const task of liveTasks(before, "api")) expect(survivors).toContain(task.id);

      const ended = await lab.stopRun(handle.externalId);
      expect(ended).toMatchObject({ phase: "ended", outcome: "stopped" });
      expect((await get(`${lab.publicUrl}/`)).status).toBe(200);
    });
  }
});
