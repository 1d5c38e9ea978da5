/**
 * ecs-task-termination (FIS aws:ecs:stop-task, PERCENT): SIGKILL that share of the service's
 * running tasks. Nothing to revert: the scheduler notices the dead containers and replaces
 * them, which is the point of the exercise.
 */
import type { ScenarioParams } from "../../../../contract/params";
import type { ScenarioImplementation } from "../types";
import { pickTasks } from "./helpers";

type Params = ScenarioParams<"ecs-task-termination">;

export const ecsTaskTermination: ScenarioImplementation<Params> = {
  id: "ecs-task-termination",
  actions: () => ["local:ecs:stop-task"],
  claims: () => [],
  async inject({ fleet }, fault) {
    const victims = pickTasks(fleet, fault.params.service, fault.params.percent);
    if (victims.length === 0) throw new Error(`service ${fault.params.service} has no running task to stop`);
    fault.action("local:ecs:stop-task", "running");
    const killed = victims.map((task) => ({ taskId: task.id, pid: task.pid }));
    for (const task of victims) task.process?.signal("SIGKILL");
    await Promise.all(victims.map((task) => Promise.race([task.process?.exited, new Promise((resolve) => setTimeout(resolve, 2000))])));
    fault.markInjected();
    fault.state.killed = killed;
    fault.action("local:ecs:stop-task", "completed");
    fault.note(`SIGKILLed ${killed.length} ${fault.params.service} task(s): ${killed.map((entry) => `${entry.taskId} (pid ${String(entry.pid)})`).join(", ")}`, { killed });
  },
  async revert(_context, fault) {
    fault.note("Nothing to revert: the scheduler replaces stopped tasks");
    return Promise.resolve();
  },
};
