/**
 * aurora-failover (FIS aws:rds:failover-db-cluster): the fault proxy drops every database
 * connection and refuses new ones for the window, then the other "instance" is the writer.
 */
import type { ScenarioParams } from "../../../../contract/params";
import type { ScenarioImplementation } from "../types";

type Params = ScenarioParams<"aurora-failover">;

export const auroraFailover: ScenarioImplementation<Params> = {
  id: "aurora-failover",
  actions: () => ["local:rds:failover-db-cluster"],
  claims: () => ["database"],
  async inject({ database }, fault) {
    // The window never outlives the lease.
    const windowMs = Math.min(fault.params.refuseSeconds * 1000, Math.max(0, fault.leaseExpiresAt - Date.now()));
    fault.action("local:rds:failover-db-cluster", "running");
    await database.failover(windowMs, `fault ${fault.id}`);
    fault.state.windowMs = windowMs;
  },
  async revert({ database }) {
    if (database.status !== "available") await database.acceptConnections();
  },
};
