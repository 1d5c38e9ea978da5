/**
 * Database and secret faults against a real Postgres behind the lab's fault proxy: a writer
 * failover, a password rotation the tasks did not pick up, and an execution role that lost
 * access to its secret.
 */
import { describe, expect, it } from "vitest";
import { get, liveTasks, sleep, waitFor, type LabUnderTest, useSharedLab } from "./harness";

let lab: LabUnderTest;
useSharedLab({}, (started) => {
  lab = started;
});

/** Ports of a service's healthy tasks, read from the target ids (`<task>:<port>`). */
async function taskPorts(service: string): Promise<number[]> {
  const topology = await lab.topology();
  return topology.targets.filter((target) => target.service === service && target.state === "healthy").map((target) => Number(target.targetId.split(":")[1]));
}

/** Many /db calls at once on one task, so its pool must open new connections. */
async function burst(port: number, size = 12): Promise<{ status: number; code: string | null }[]> {
  return Promise.all(
    Array.from({ length: size }, async () => {
      const { status, body } = await get(`http://127.0.0.1:${port}/db`, 8000);
      let code: string | null = null;
      try {
        code = (JSON.parse(body) as { code?: string }).code ?? null;
      } catch {
        code = null;
      }
      return { status, code };
    }),
  );
}

/** Replaces the api tasks, so their pools hold only the few connections traffic opened (a burst then needs new ones). */
async function freshApiTasks(): Promise<void> {
  const old = liveTasks(await lab.topology(), "api").map((task) => task.id);
  await lab.remediate({ type: "force-new-deployment", service: "api" });
  await waitFor("fresh api tasks", () => lab.topology(), (topology) => {
    const api = liveTasks(topology, "api");
    return api.length === 2 && api.every((task) => !old.includes(task.id) && task.healthStatus === "HEALTHY") && topology.services.every((service) => service.deployments.length === 1);
  }, 30_000);
}

describe("aurora-failover", () => {
  it("drops the database connections, /db fails for the refusal window, then recovers on the other writer", async () => {
    expect((await get(`${lab.publicUrl}/db`)).status).toBe(200);
    const connectionsQuery = { namespace: "AWS/RDS", metricName: "DatabaseConnections", dimensions: { DBClusterIdentifier: "gameday-lab-db" }, stat: "Minimum" as const, periodSeconds: 1 };
    // The synthetic traffic keeps pools open; wait until that shows, so the drop is visible.
    await waitFor("open database connections", () => lab.metric(connectionsQuery, new Date(Date.now() - 2500), new Date()), (points) => points.length >= 2 && points.every((point) => point.v > 0), 15_000, 250);
    const before = await lab.topology();
    const writerBefore = before.database?.writer;

    const handle = await lab.start("aurora-failover", { refuseSeconds: 5 }, 30);
    const active = await waitFor("injection", () => lab.status(handle.externalId), (status) => status.injectedAt !== null);
    const injectedAt = Date.parse(active.injectedAt ?? "");
    const during = await lab.topology();
    expect(during.database).toMatchObject({ status: "failing-over" });
    expect(during.database?.writer).not.toBe(writerBefore);

    const results: { at: number; status: number }[] = [];
    while (Date.now() - injectedAt < 8000) {
      const { status } = await get(`${lab.publicUrl}/db`, 4000);
      results.push({ at: Date.now() - injectedAt, status });
      await sleep(150);
    }
    const early = results.filter((result) => result.at < 4000);
    expect(early.length).toBeGreaterThan(5);
    expect(early.every((result) => result.status === 503)).toBe(true);
    const firstSuccess = results.find((result) => result.status === 200);
    expect(firstSuccess?.at).toBeGreaterThanOrEqual(4500);
    expect(results.filter((result) => result.at > 7000).every((result) => result.status === 200)).toBe(true);

    const connections = await lab.metric(connectionsQuery, new Date(injectedAt - 3000), new Date());
    expect(connections.some((point) => point.t < injectedAt - 1000 && point.v > 0)).toBe(true);
    expect(connections.some((point) => point.t >= injectedAt - 1000 && point.t < injectedAt + 4000 && point.v === 0)).toBe(true);
    expect((await lab.topology()).database?.status).toBe("available");

    const ended = await lab.stopRun(handle.externalId);
    expect(ended).toMatchObject({ phase: "ended", outcome: "stopped" });
    expect(Date.parse(ended.revertedAt ?? "")).toBeGreaterThan(injectedAt);
  });

  it("fails back to the original writer on request, with a short drop", async () => {
    const before = await lab.topology();
    expect(before.database?.writer).toBe("gameday-lab-db-instance-2");
    await lab.remediate({ type: "failback-database" });
    const during = await lab.topology();
    expect(during.database).toMatchObject({ writer: "gameday-lab-db-instance-1", status: "failing-over" });
    await waitFor("the database available again", () => lab.topology(), (topology) => topology.database?.status === "available", 5000);
    await waitFor("/db answering", () => get(`${lab.publicUrl}/db`, 4000), (result) => result.status === 200, 10_000, 200);
  });
});

describe("secret-drift", () => {
  it("breaks new connections with 28P01 while pooled ones live, until a forced deployment picks up the new password", async () => {
    await freshApiTasks();
    const handle = await lab.start("secret-drift", { service: "api" }, 60);
    await waitFor("injection", () => lab.status(handle.externalId), (status) => status.phase === "active");
    const ports = await taskPorts("api");
    expect(ports).toHaveLength(2);
    const broken = (await Promise.all(ports.map((port) => burst(port)))).flat();
    expect(broken.some((result) => result.status === 503 && result.code === "28P01")).toBe(true);

    const oldTasks = liveTasks(await lab.topology(), "api").map((task) => task.id);
    await lab.remediate({ type: "force-new-deployment", service: "api" });
    const replaced = await waitFor("the forced deployment to replace every api task", () => lab.topology(), (topology) => {
      const api = liveTasks(topology, "api");
      return api.length === 2 && api.every((task) => !oldTasks.includes(task.id) && task.healthStatus === "HEALTHY") && topology.services.every((service) => service.deployments.length === 1);
    }, 30_000);
    expect(replaced.services.find((service) => service.name === "api")?.deployments[0]?.rolloutState).toBe("COMPLETED");
    const fixed = (await Promise.all((await taskPorts("api")).map((port) => burst(port)))).flat();
    expect(fixed.every((result) => result.status === 200)).toBe(true);

    // The fault is still active (remediation never ends it); its end keeps the password the tasks now hold.
    expect((await lab.status(handle.externalId)).phase).toBe("active");
    await lab.stopRun(handle.externalId);
    const afterRevert = (await Promise.all((await taskPorts("api")).map((port) => burst(port)))).flat();
    expect(afterRevert.every((result) => result.status === 200)).toBe(true);
  });

  it("left alone, its revert puts the old password back so every running task reaches the database again", async () => {
    await freshApiTasks();
    const handle = await lab.start("secret-drift", { service: "api" }, 60);
    await waitFor("injection", () => lab.status(handle.externalId), (status) => status.phase === "active");
    const broken = (await Promise.all((await taskPorts("api")).map((port) => burst(port)))).flat();
    expect(broken.some((result) => result.code === "28P01")).toBe(true);
    await lab.stopRun(handle.externalId);
    const restored = (await Promise.all((await taskPorts("api")).map((port) => burst(port)))).flat();
    expect(restored.every((result) => result.status === 200)).toBe(true);
  });
});

describe("secrets-break", () => {
  it("new tasks stop with ResourceInitializationError while the old ones keep serving; restoring access fixes deployments", async () => {
    await lab.waitSteady();
    const since = new Date();
    const oldTasks = liveTasks(await lab.topology(), "api").map((task) => task.id);
    const handle = await lab.start("secrets-break", { service: "api" }, 60);

    const failedStarts = await waitFor("new tasks failing to pull their secret", () => lab.topology(), (topology) =>
      topology.tasks.filter((task) => task.service === "api" && (task.stoppedReason ?? "").startsWith("ResourceInitializationError: unable to pull secrets or registry auth:")).length >= 2,
    );
    const failed = failedStarts.tasks.find((task) => (task.stoppedReason ?? "").startsWith("ResourceInitializationError"));
    expect(failed).toMatchObject({ stopCode: "TaskFailedToStart", pid: null });
    expect(failed?.stoppedReason).toContain("secretsmanager:GetSecretValue");
    // The old tasks never stopped serving.
    expect(liveTasks(failedStarts, "api").filter((task) => oldTasks.includes(task.id) && task.lastStatus === "RUNNING")).toHaveLength(2);
    expect((await get(`${lab.publicUrl}/`)).status).toBe(200);

    const events = await waitFor("the circuit breaker", () => lab.events(since), (list) => list.some((event) => event.message.includes("deployment failed: tasks failed to start")), 20_000, 200);
    expect(events.some((event) => event.kind === "service" && event.message.includes("failed to launch a task with (error ResourceInitializationError"))).toBe(true);
    const steady = await lab.waitSteady();
    expect(liveTasks(steady, "api").map((task) => task.id).sort()).toEqual([...oldTasks].sort());

    // While access is missing a forced deployment cannot complete; once restored, it does.
    await lab.remediate({ type: "restore-secret-access", service: "api" });
    await lab.remediate({ type: "force-new-deployment", service: "api" });
    const redeployed = await waitFor("a deployment that completes with new tasks", () => lab.topology(), (topology) => {
      const api = liveTasks(topology, "api");
      return api.length === 2 && api.every((task) => !oldTasks.includes(task.id) && task.healthStatus === "HEALTHY");
    }, 30_000);
    expect(redeployed.services.find((service) => service.name === "api")?.runningCount).toBe(2);
    expect((await lab.status(handle.externalId)).phase).toBe("active");
    const ended = await lab.stopRun(handle.externalId);
    expect(ended.outcome).toBe("stopped");
    await lab.waitSteady();
  });
});
