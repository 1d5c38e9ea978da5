/**
 * bad-deployment: a new task definition whose containers never pass health checks
 * (START_MODE=unhealthy) or cannot boot (START_MODE=crash) is deployed. The deployment
 * circuit breaker counts the failed tasks and rolls back to the last good revision; a
 * trainee may roll back first. The revert rolls back if nobody has.
 */
import { taskDefinitionName } from "../../fleet/model";
import type { ScenarioParams } from "../../../../contract/params";
import type { ScenarioImplementation } from "../types";

type Params = ScenarioParams<"bad-deployment">;

export const badDeployment: ScenarioImplementation<Params> = {
  id: "bad-deployment",
  actions: () => ["local:ecs:deploy-task-definition"],
  claims: (params) => [`deployment:${params.service}`],
  async inject({ fleet }, fault) {
    const { service, failure } = fault.params;
    const definition = fleet.registerTaskDefinition(service, failure === "crash" ? "crash" : "unhealthy");
    fault.action("local:ecs:deploy-task-definition", "running");
    const deployment = fleet.deploy(service, `bad release (${failure === "crash" ? "cannot boot" : "fails its health check"})`, definition);
    fault.state.taskDefinition = taskDefinitionName(definition);
    fault.state.deploymentId = deployment.id;
    fault.note(`Deployed ${taskDefinitionName(definition)} (${failure}) to ${service}`, { deploymentId: deployment.id });
    return Promise.resolve();
  },
  async revert({ fleet }, fault) {
    const service = fleet.service(fault.params.service);
    const primary = service?.deployments[0];
    if (service && primary && taskDefinitionName(primary.taskDefinition) === fault.state.taskDefinition) {
      fleet.rollback(service.name, "the bad-deployment fault ended");
      fault.note(`Rolled ${service.name} back to ${taskDefinitionName(service.lastGoodTaskDefinition)}`);
    }
    return Promise.resolve();
  },
};
