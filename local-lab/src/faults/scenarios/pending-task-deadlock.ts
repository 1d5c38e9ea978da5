/**
 * pending-task-deadlock (seed 004 §3): the cluster keeps room for only `capacityTasks` of the
 * service's tasks, spread across zones, and its desired count is raised to `desiredCount`:
 * the rest stay PENDING with ECS's "unable to place a task" event. Adding capacity resolves
 * it; the revert restores the desired count and every host's capacity.
 */
import { ZONES } from "../../fleet/fleet";
import type { ScenarioParams } from "../../../../contract/params";
import type { ScenarioImplementation } from "../types";

type Params = ScenarioParams<"pending-task-deadlock">;

export const pendingTaskDeadlock: ScenarioImplementation<Params> = {
  id: "pending-task-deadlock",
  actions: () => ["local:ecs:constrain-capacity", "local:ecs:update-service-desired-count"],
  claims: (params) => ["capacity", `desired:${params.service}`],
  async inject({ fleet }, fault) {
    const { service, desiredCount, capacityTasks } = fault.params;
    const owner = fleet.service(service);
    if (!owner) throw new Error(`unknown service ${service}`);
    const hosts = [...fleet.hosts.values()].filter((host) => host.status === "ACTIVE");
    const alive = fleet.aliveTasks();
    // Room for the other services exactly as they are, and for capacityTasks of this one.
    const allotment = new Map<string, number>(hosts.map((host) => [host.id, 0]));
    let left = capacityTasks;
    for (const task of alive) {
      if (task.service !== service || !task.hostId || !allotment.has(task.hostId) || left === 0) continue;
      allotment.set(task.hostId, (allotment.get(task.hostId) ?? 0) + 1);
      left -= 1;
    }
    while (left > 0 && hosts.length > 0) {
      const perZone = ZONES.map((zone) => ({ zone, allotted: hosts.filter((host) => host.availabilityZone === zone).reduce((sum, host) => sum + (allotment.get(host.id) ?? 0), 0) }))
        .filter((entry) => hosts.some((host) => host.availabilityZone === entry.zone))
        .sort((a, b) => a.allotted - b.allotted || a.zone.localeCompare(b.zone));
      const zone = perZone[0]?.zone;
      const host = hosts.filter((candidate) => candidate.availabilityZone === zone).sort((a, b) => (allotment.get(a.id) ?? 0) - (allotment.get(b.id) ?? 0) || a.id.localeCompare(b.id))[0];
      if (!host) break;
      allotment.set(host.id, (allotment.get(host.id) ?? 0) + 1);
      left -= 1;
    }
    const original: Record<string, number> = {};
    fault.action("local:ecs:constrain-capacity", "running");
    for (const host of hosts) {
      original[host.id] = host.capacity;
      const others = alive.filter((task) => task.hostId === host.id && task.service !== service).length;
      fleet.setHostCapacity(host.id, others + (allotment.get(host.id) ?? 0));
    }
    Object.assign(fault.state, { originalCapacity: original, originalDesired: owner.desiredCount, autoscalingSuspended: owner.autoscaling.suspended });
    owner.autoscaling.suspended = true;
    fault.action("local:ecs:update-service-desired-count", "running");
    fleet.setDesiredCount(service, desiredCount, `pending-task-deadlock fault ${fault.id}`);
    fault.note(`Capacity for ${capacityTasks} ${service} task(s); desired count raised to ${desiredCount}`, { allotment: Object.fromEntries(allotment) });
    return Promise.resolve();
  },
  async revert({ fleet }, fault) {
    const { service } = fault.params;
    const original = (fault.state.originalCapacity ?? {}) as Record<string, number>;
    for (const [hostId, capacity] of Object.entries(original)) if (fleet.hosts.has(hostId)) fleet.setHostCapacity(hostId, capacity);
    const owner = fleet.service(service);
    if (owner) {
      if (typeof fault.state.originalDesired === "number") fleet.setDesiredCount(service, fault.state.originalDesired, `pending-task-deadlock fault ${fault.id} ended`);
      owner.autoscaling.suspended = fault.state.autoscalingSuspended === true;
    }
    return Promise.resolve();
  },
};
