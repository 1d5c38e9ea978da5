/**
 * health-check-failure (the AWS side sets a fault flag through SSM): `/healthz` answers 500
 * on that share of tasks. The load balancer marks them unhealthy and the scheduler replaces
 * them; replacements fall under the same flag by the hash of their task id, as on AWS, so
 * the fault persists until it ends.
 */
import type { ScenarioParams } from "../../../../contract/params";
import type { ScenarioImplementation } from "../types";
import { bucketOf, pickTasks } from "./helpers";

type Params = ScenarioParams<"health-check-failure">;

export const healthCheckFailure: ScenarioImplementation<Params> = {
  id: "health-check-failure",
  actions: () => ["local:ecs:task-health-check-failure"],
  claims: () => [],
  async inject({ fleet, flags }, fault) {
    const { service, taskPercent } = fault.params;
    const targets = pickTasks(fleet, service, taskPercent);
    if (targets.length === 0) throw new Error(`service ${service} has no running task`);
    fault.action("local:ecs:task-health-check-failure", "running");
    const unsubscribe = fleet.onTaskRunning((task) => {
      if (task.service !== service || fault.ending || bucketOf(task.id) >= taskPercent) return;
      void flags.set(task, fault.id, { healthFail: true }, fault.leaseExpiresAt).catch(() => undefined);
    });
    fault.memory.set("unsubscribe", unsubscribe);
    await Promise.all(targets.map((task) => flags.set(task, fault.id, { healthFail: true }, fault.leaseExpiresAt)));
    fault.state.tasks = targets.map((task) => task.id);
    fault.note(`/healthz fails on ${targets.length} ${service} task(s)`, { tasks: fault.state.tasks });
  },
  async revert({ flags }, fault) {
    const unsubscribe = fault.memory.get("unsubscribe");
    if (typeof unsubscribe === "function") (unsubscribe as () => void)();
    await flags.clearFault(fault.id);
  },
};
