/**
 * network-latency (FIS aws:ecs:task-network-latency): every response and every outbound
 * call of the chosen tasks waits delay ± jitter, set through the target service's flags.
 */
import type { ScenarioParams } from "../../../../contract/params";
import type { ScenarioImplementation } from "../types";
import { pickTasks } from "./helpers";

type Params = ScenarioParams<"network-latency">;

export const networkLatency: ScenarioImplementation<Params> = {
  id: "network-latency",
  actions: () => ["local:ecs:task-network-latency"],
  claims: () => [],
  async inject({ fleet, flags }, fault) {
    const targets = pickTasks(fleet, fault.params.service, fault.params.taskPercent);
    if (targets.length === 0) throw new Error(`service ${fault.params.service} has no running task to slow down`);
    fault.action("local:ecs:task-network-latency", "running");
    await Promise.all(
      targets.map((task) => flags.set(task, fault.id, { latencyMs: fault.params.delayMs, jitterMs: fault.params.jitterMs }, fault.leaseExpiresAt)),
    );
    fault.state.tasks = targets.map((task) => task.id);
    fault.note(`${fault.params.delayMs} ms ± ${fault.params.jitterMs} ms latency on ${targets.length} ${fault.params.service} task(s)`, { tasks: fault.state.tasks });
  },
  async revert({ flags }, fault) {
    await flags.clearFault(fault.id);
  },
};
