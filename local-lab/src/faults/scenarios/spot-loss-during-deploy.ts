/**
 * spot-loss-during-deploy (seed 004 §1): a rolling deployment starts, that share of Spot
 * hosts receives an interruption warning (DRAINING: no new placements, their tasks are
 * replaced within the deployment limits), and after the warning they are reclaimed (tasks
 * SIGKILLed, stop code SpotInterruption). Replacement capacity registers after a delay; the
 * rollout must still complete.
 */
import { shareOf } from "../../fleet/policies";
import type { ScenarioParams } from "../../../../contract/params";
import type { ScenarioContext, ScenarioImplementation } from "../types";

type Params = ScenarioParams<"spot-loss-during-deploy">;

function spotHosts(context: ScenarioContext) {
  return [...context.fleet.hosts.values()].filter((host) => host.lifecycle === "spot" && host.status === "ACTIVE");
}

function replace(context: ScenarioContext, hostIds: readonly string[], replaced: string[]): void {
  for (const hostId of hostIds) {
    if (replaced.includes(hostId)) continue;
    const host = context.fleet.hosts.get(hostId);
    if (!host) continue;
    context.fleet.addHost(host.availabilityZone, "spot", host.capacity);
    replaced.push(hostId);
  }
}

export const spotLossDuringDeploy: ScenarioImplementation<Params> = {
  id: "spot-loss-during-deploy",
  actions: () => ["local:ecs:update-service", "local:ec2:send-spot-instance-interruptions", "local:ec2:reclaim-spot-instances"],
  claims: (params) => ["capacity", `deployment:${params.service}`],
  preflight(context) {
    const count = spotHosts(context).length;
    return [
      {
        id: "spot-capacity",
        label: "Spot hosts in the cluster",
        status: count > 0 ? "pass" : "fail",
        detail: count > 0 ? `${count} active Spot host(s) can be interrupted` : "No active Spot host: nothing to interrupt",
      },
    ];
  },
  async inject(context, fault) {
    const { fleet } = context;
    const { service, spotPercent, warningSeconds } = fault.params;
    const candidates = spotHosts(context);
    if (candidates.length === 0) throw new Error("no active Spot host to interrupt");
    // Hosts that run the service first: the exercise is about its tasks moving.
    const withService = (hostId: string) => fleet.aliveTasks(service).filter((task) => task.hostId === hostId).length;
    const warned = [...candidates].sort((a, b) => withService(b.id) - withService(a.id) || a.id.localeCompare(b.id)).slice(0, shareOf(candidates.length, spotPercent)).map((host) => host.id);

    fault.action("local:ecs:update-service", "running");
    const deployment = fleet.deploy(service, "rolling deployment during the Spot interruption");
    fault.action("local:ecs:update-service", "completed");
    fault.action("local:ec2:send-spot-instance-interruptions", "running");
    for (const hostId of warned) {
      fleet.setHostStatus(hostId, "DRAINING", `Container instance ${hostId} received a Spot interruption warning (reclaim in ${warningSeconds} s); set to DRAINING`);
    }
    fault.markInjected();
    const reclaimed: string[] = [];
    const replaced: string[] = [];
    Object.assign(fault.state, { deploymentId: deployment.id, warned, reclaimed, replaced });
    fault.note(`Deployment ${deployment.id} of ${service} started; ${warned.length} Spot host(s) warned: ${warned.join(", ")}`, { warned });

    fault.later(warningSeconds * 1000, () => {
      fault.action("local:ec2:send-spot-instance-interruptions", "completed");
      fault.action("local:ec2:reclaim-spot-instances", "running");
      for (const hostId of warned) {
        if (fleet.hosts.get(hostId)?.status !== "DRAINING") continue;
        fleet.reclaimHost(hostId);
        reclaimed.push(hostId);
      }
      fault.action("local:ec2:reclaim-spot-instances", "completed");
      fault.later(context.tuning.spotReplacementDelayMs, () => replace(context, reclaimed, replaced));
    });
    return Promise.resolve();
  },
  async revert(context, fault) {
    const warned = Array.isArray(fault.state.warned) ? (fault.state.warned as string[]) : [];
    const reclaimed = Array.isArray(fault.state.reclaimed) ? (fault.state.reclaimed as string[]) : [];
    const replaced = Array.isArray(fault.state.replaced) ? (fault.state.replaced as string[]) : [];
    for (const hostId of warned) {
      if (context.fleet.hosts.get(hostId)?.status === "DRAINING") {
        context.fleet.setHostStatus(hostId, "ACTIVE", `Container instance ${hostId}: Spot interruption withdrawn (fault ended); set to ACTIVE`);
      }
    }
    replace(context, reclaimed, replaced);
    return Promise.resolve();
  },
};
