/**
 * secrets-break (seed 004 §2): the service's execution role loses secretsmanager access and
 * a new deployment starts. New tasks stop with ResourceInitializationError; old tasks keep
 * running until the deployment replaces them or the circuit breaker gives up. Restoring the
 * permission (remediation or revert) lets the next launch succeed.
 */
import type { ScenarioParams } from "../../../../contract/params";
import type { ScenarioImplementation, ScenarioContext } from "../types";

type Params = ScenarioParams<"secrets-break">;

/** Gives the permission back and makes sure the service converges (shared with the remediation). */
export function restoreSecretAccess({ fleet, secrets }: ScenarioContext, service: string): boolean {
  const changed = secrets.grantAccess(service);
  fleet.resetBackoff(service);
  const primary = fleet.service(service)?.deployments[0];
  if (primary?.rolloutState === "FAILED") fleet.deploy(service, "secret access restored");
  return changed;
}

export const secretsBreak: ScenarioImplementation<Params> = {
  id: "secrets-break",
  actions: () => ["local:iam:detach-secret-access", "local:ecs:update-service"],
  claims: (params) => [`secret:${params.service}`, `deployment:${params.service}`],
  async inject({ fleet, secrets }, fault) {
    const { service } = fault.params;
    fault.action("local:iam:detach-secret-access", "running");
    secrets.revokeAccess(service);
    fault.action("local:ecs:update-service", "running");
    const deployment = fleet.deploy(service, "new deployment while the execution role cannot read its secret");
    fault.action("local:ecs:update-service", "completed");
    fault.state.deploymentId = deployment.id;
    fault.note(`${service}-execution-role lost secretsmanager:GetSecretValue; deployment ${deployment.id} started`);
    return Promise.resolve();
  },
  async revert(context, fault) {
    if (restoreSecretAccess(context, fault.params.service)) fault.note(`${fault.params.service}-execution-role can read its secret again`);
    return Promise.resolve();
  },
};
