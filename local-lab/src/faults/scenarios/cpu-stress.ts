/**
 * cpu-stress (FIS aws:ecs:task-cpu-stress): the target service burns that share of its main
 * thread on that share of tasks, so their measured CPU rises and, their event loops busy,
 * so does request latency.
 */
import type { ScenarioParams } from "../../../../contract/params";
import type { ScenarioImplementation } from "../types";
import { pickTasks } from "./helpers";

type Params = ScenarioParams<"cpu-stress">;

export const cpuStress: ScenarioImplementation<Params> = {
  id: "cpu-stress",
  actions: () => ["local:ecs:task-cpu-stress"],
  claims: () => [],
  async inject({ fleet, flags }, fault) {
    const targets = pickTasks(fleet, fault.params.service, fault.params.taskPercent);
    if (targets.length === 0) throw new Error(`service ${fault.params.service} has no running task to stress`);
    fault.action("local:ecs:task-cpu-stress", "running");
    await Promise.all(targets.map((task) => flags.set(task, fault.id, { cpuStressPercent: fault.params.percent }, fault.leaseExpiresAt)));
    fault.state.tasks = targets.map((task) => task.id);
    fault.note(`CPU stress ${fault.params.percent}% on ${targets.length} ${fault.params.service} task(s)`, { tasks: fault.state.tasks });
  },
  async revert({ flags }, fault) {
    await flags.clearFault(fault.id);
  },
};
