/**
 * Capacity faults on a cluster built like seed 004's (mostly Spot, little headroom): Spot
 * loss in the middle of a rollout, a pending-task deadlock, and a NAT gateway failure.
 */
import { describe, expect, it } from "vitest";
import { get, liveTasks, waitFor, type LabUnderTest, useSharedLab } from "./harness";

let lab: LabUnderTest;
// One on-demand host and three Spot hosts, two slots each: a Spot loss leaves too little room.
useSharedLab({ env: { LAB_HOSTS: "4", LAB_SPOT_HOSTS: "3", LAB_HOST_SLOTS: "2" } }, (started) => {
  lab = started;
});

describe("spot-loss-during-deploy", () => {
  it("warns the Spot hosts (DRAINING), reclaims them after the warning (SpotInterruption), capacity returns and the rollout completes", async () => {
    const before = await lab.topology();
    const deploymentBefore = before.services.find((service) => service.name === "backend")?.deployments[0]?.id;
    const spotBefore = before.hosts.filter((host) => host.lifecycle === "spot").map((host) => host.id);
    expect(spotBefore).toHaveLength(3);

    const handle = await lab.start("spot-loss-during-deploy", { service: "backend", spotPercent: 100, warningSeconds: 5 }, 60);
    const warned = await waitFor("DRAINING Spot hosts", () => lab.topology(), (topology) => topology.hosts.filter((host) => spotBefore.includes(host.id) && host.status === "DRAINING").length === 3);
    const rollout = warned.services.find((service) => service.name === "backend")?.deployments[0];
    expect(rollout?.id).not.toBe(deploymentBefore);
    expect(rollout?.rolloutState).toBe("IN_PROGRESS");
    // No room left on the one on-demand host: part of the rollout waits for capacity.
    const waiting = await waitFor("tasks waiting for capacity", () => lab.topology(), (topology) => topology.services.some((service) => service.pendingCount > 0));
    expect(waiting.hosts.find((host) => host.lifecycle === "on-demand")?.used).toBe(2);

    const reclaimed = await waitFor("the reclaim", () => lab.topology(), (topology) => topology.hosts.filter((host) => spotBefore.includes(host.id) && host.status === "INACTIVE").length === 3, 15_000);
    const interrupted = reclaimed.tasks.filter((task) => task.stopCode === "SpotInterruption");
    expect(interrupted.length).toBeGreaterThan(0);
    expect(interrupted.every((task) => task.stoppedReason === "Your Spot Task was interrupted." && spotBefore.includes(task.hostId ?? ""))).toBe(true);

    const done = await waitFor("replacement capacity and a completed rollout", () => lab.topology(), (topology) => {
      const backend = topology.services.find((service) => service.name === "backend");
      return backend?.deployments.length === 1 && backend.deployments[0]?.id === rollout?.id && backend.deployments[0]?.rolloutState === "COMPLETED";
    }, 20_000);
    const replacements = done.hosts.filter((host) => host.lifecycle === "spot" && host.status === "ACTIVE");
    expect(replacements).toHaveLength(3);
    expect(liveTasks(done, "backend").every((task) => !spotBefore.includes(task.hostId ?? ""))).toBe(true);
    await lab.waitSteady();
    expect((await get(`${lab.publicUrl}/api/backend`)).status).toBe(200);

    const ended = await lab.stopRun(handle.externalId);
    expect(ended.actions.map((action) => action.state)).toEqual(["completed", "completed", "completed"]);
  });

  it("stopped during the warning, it withdraws the interruption: the hosts go back to ACTIVE and nothing is reclaimed", async () => {
    const handle = await lab.start("spot-loss-during-deploy", { service: "backend", spotPercent: 10, warningSeconds: 30 }, 60);
    const warned = await waitFor("a DRAINING host", () => lab.topology(), (topology) => topology.hosts.some((host) => host.status === "DRAINING"));
    const hostId = warned.hosts.find((host) => host.status === "DRAINING")?.id;
    await lab.stopRun(handle.externalId);
    const after = await lab.topology();
    expect(after.hosts.find((host) => host.id === hostId)?.status).toBe("ACTIVE");
    const steady = await lab.waitSteady();
    expect(steady.tasks.filter((task) => task.stopCode === "SpotInterruption" && task.hostId === hostId)).toHaveLength(0);
  });
});

describe("pending-task-deadlock", () => {
  it("leaves tasks PENDING with ECS's placement event until capacity is added; the revert restores desired count and capacity", async () => {
    const before = await lab.topology();
    const capacityBefore = Object.fromEntries(before.hosts.filter((host) => host.status === "ACTIVE").map((host) => [host.id, host.capacity]));
    const since = new Date();
    const handle = await lab.start("pending-task-deadlock", { service: "backend", desiredCount: 4, capacityTasks: 3 }, 60);

    const stuck = await waitFor("3 running and 1 pending", () => lab.topology(), (topology) => {
      const backend = topology.services.find((service) => service.name === "backend");
      const tasks = liveTasks(topology, "backend");
      return backend?.desiredCount === 4 && tasks.filter((task) => task.lastStatus === "RUNNING").length === 3 && tasks.filter((task) => task.hostId === null).length === 1;
    });
    const zones = new Set(liveTasks(stuck, "backend").filter((task) => task.lastStatus === "RUNNING").map((task) => task.availabilityZone));
    expect(zones.size).toBe(2);
    const events = await waitFor("the placement event", () => lab.events(since), (list) => list.some((event) => event.message.includes("(service backend) was unable to place a task because no container instance met all of its requirements")));
    expect(events.length).toBeGreaterThan(0);
    const pendingQuery = { namespace: "ECS/ContainerInsights", metricName: "PendingTaskCount", dimensions: { ClusterName: "gameday-lab", ServiceName: "backend" }, stat: "Minimum" as const, periodSeconds: 1 };
    const pendingMetric = await waitFor("PendingTaskCount at 1", () => lab.metric(pendingQuery, new Date(Date.now() - 1500), new Date()), (points) => points.at(-1)?.v === 1, 5000, 200);
    expect(pendingMetric.at(-1)?.v).toBe(1);
    expect((await lab.topology()).services.find((service) => service.name === "backend")?.runningCount).toBe(3);

    await lab.remediate({ type: "add-capacity", hosts: 1 });
    await waitFor("all 4 running", () => lab.topology(), (topology) => topology.services.find((service) => service.name === "backend")?.runningCount === 4 && topology.services.every((service) => service.pendingCount === 0));

    await lab.stopRun(handle.externalId);
    const after = await lab.waitSteady();
    expect(after.services.find((service) => service.name === "backend")?.desiredCount).toBe(2);
    for (const [hostId, capacity] of Object.entries(capacityBefore)) expect(after.hosts.find((host) => host.id === hostId)?.capacity).toBe(capacity);
  });
});

describe("nat-gateway-failure", () => {
  it("recycles a share of the tasks; their replacements stop with CannotPullContainerError until the fault ends", async () => {
    const since = new Date();
    const handle = await lab.start("nat-gateway-failure", { service: "api", replacePercent: 50 }, 60);
    const failing = await waitFor("replacements failing to pull", () => lab.topology(), (topology) =>
      topology.tasks.filter((task) => task.service === "api" && (task.stoppedReason ?? "").startsWith("CannotPullContainerError:")).length >= 2,
    );
    const pull = failing.tasks.find((task) => (task.stoppedReason ?? "").startsWith("CannotPullContainerError:"));
    expect(pull?.stoppedReason).toContain("dial tcp");
    expect(pull?.stoppedReason).toContain("i/o timeout");
    expect(pull?.stopCode).toBe("TaskFailedToStart");
    expect(failing.services.find((service) => service.name === "api")?.runningCount).toBe(1);
    // The surviving task still serves.
    expect((await get(`${lab.publicUrl}/`)).status).toBe(200);
    const recycled = (await lab.events(since)).find((event) => event.kind === "task-stopped" && event.message.includes("scheduled host maintenance"));
    expect(recycled).toBeDefined();

    await lab.stopRun(handle.externalId);
    const steady = await lab.waitSteady();
    expect(steady.services.find((service) => service.name === "api")?.runningCount).toBe(2);
  });
});
