/**
 * dependency-down (stop or blackhole the backend): api's route to backend drops every packet,
 * so its calls time out and `/api/backend` answers 502, while backend itself stays healthy.
 */
import type { ScenarioParams } from "../../../../contract/params";
import type { ScenarioImplementation } from "../types";

type Params = ScenarioParams<"dependency-down">;

export const dependencyDown: ScenarioImplementation<Params> = {
  id: "dependency-down",
  actions: () => ["local:network:blackhole-backend"],
  claims: () => ["dependency:backend"],
  async inject({ internalLoadBalancer }, fault) {
    fault.action("local:network:blackhole-backend", "running");
    internalLoadBalancer.setBlackhole(true);
    fault.note("api → backend traffic is blackholed");
    return Promise.resolve();
  },
  async revert({ internalLoadBalancer }) {
    internalLoadBalancer.setBlackhole(false);
    return Promise.resolve();
  },
};
