/**
 * secret-drift (Secrets Manager rotation the tasks did not pick up): the service's database
 * password is rotated in Postgres and in the secret store. Running tasks keep the password
 * they started with: pooled connections live on, new ones fail with 28P01 until a new
 * deployment starts tasks with the new password.
 *
 * Revert leaves every running task able to connect: if no task has the new password yet,
 * the old one is put back; if some do, the new one stays and the tasks holding the old one
 * are replaced by a new deployment.
 */
import type { ScenarioParams } from "../../../../contract/params";
import type { ScenarioImplementation } from "../types";

type Params = ScenarioParams<"secret-drift">;

export const secretDrift: ScenarioImplementation<Params> = {
  id: "secret-drift",
  actions: () => ["local:secretsmanager:rotate-secret"],
  claims: (params) => [`secret:${params.service}`],
  async inject({ secrets, postgres }, fault) {
    const { service } = fault.params;
    const previous = secrets.get(service);
    fault.memory.set("previousPassword", previous.password);
    const next = secrets.rotate(service);
    fault.memory.set("rotatedPassword", next.password);
    fault.action("local:secretsmanager:rotate-secret", "running");
    await postgres.setPassword(service, next.password);
    fault.state.version = next.version;
    fault.note(`Rotated the ${service} database secret to version ${next.version}; running tasks keep the old password`);
  },
  async revert({ secrets, postgres, fleet }, fault) {
    const { service } = fault.params;
    const previous = fault.memory.get("previousPassword");
    const rotated = fault.memory.get("rotatedPassword");
    if (typeof previous !== "string" || typeof rotated !== "string") return;
    const current = secrets.get(service).password;
    if (current !== rotated) return;
    const alive = fleet.aliveTasks(service).filter((task) => task.dbPassword !== null);
    if (alive.every((task) => task.dbPassword === previous)) {
      await postgres.setPassword(service, previous);
      secrets.restore(service, previous);
      fault.note(`Restored the previous ${service} database password; every running task holds it`);
      return;
    }
    if (alive.some((task) => task.dbPassword !== rotated)) {
      fleet.deploy(service, "replace tasks that hold a stale database password (secret-drift revert)");
      fault.note(`Kept the rotated ${service} password; a new deployment replaces tasks holding the old one`);
    }
  },
};
