/**
 * nat-gateway-failure (FIS aws:network:disrupt-connectivity on the private subnets): new
 * tasks of the service cannot reach the registry and stop with CannotPullContainerError after
 * the pull times out; that share of running tasks is recycled, so the scheduler must start
 * new ones, which fail until the fault ends.
 */
import type { ScenarioParams } from "../../../../contract/params";
import type { ScenarioImplementation } from "../types";
import { pickTasks } from "./helpers";

type Params = ScenarioParams<"nat-gateway-failure">;

export const natGatewayFailure: ScenarioImplementation<Params> = {
  id: "nat-gateway-failure",
  actions: () => ["local:network:disrupt-connectivity"],
  claims: (params) => [`nat:${params.service}`],
  async inject({ fleet }, fault) {
    const { service, replacePercent } = fault.params;
    fault.action("local:network:disrupt-connectivity", "running");
    fleet.block(service, "nat-gateway-down");
    fault.markInjected();
    const recycled = replacePercent > 0 ? pickTasks(fleet, service, replacePercent) : [];
    for (const task of recycled) {
      void fleet.stopTask(task, { code: "ServiceSchedulerInitiated", reason: "Task is being replaced: scheduled host maintenance", failure: false, graceful: true });
    }
    fault.state.recycled = recycled.map((task) => task.id);
    fault.note(`No egress for ${service}: image pulls time out; recycling ${recycled.length} task(s)`, { recycled: fault.state.recycled });
    return Promise.resolve();
  },
  async revert({ fleet }, fault) {
    fleet.unblock(fault.params.service, "nat-gateway-down");
    return Promise.resolve();
  },
};
