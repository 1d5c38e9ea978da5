/**
 * waf-misblock (a WAFv2 rule update that blocks legitimate traffic): a block rule on the
 * path prefix; the load balancer answers 403 and counts ELB 4XX and WAF BlockedRequests.
 */
import type { ScenarioParams } from "../../../../contract/params";
import type { ScenarioImplementation } from "../types";

type Params = ScenarioParams<"waf-misblock">;

export const wafMisblock: ScenarioImplementation<Params> = {
  id: "waf-misblock",
  actions: () => ["local:wafv2:update-web-acl"],
  claims: () => [],
  async inject({ waf }, fault) {
    const name = `misblock-${fault.id}`;
    fault.action("local:wafv2:update-web-acl", "running");
    waf.addBlockRule({ name, pathPrefix: fault.params.pathPrefix });
    fault.state.rule = name;
    fault.note(`Web ACL rule ${name} blocks ${fault.params.pathPrefix}*`);
    return Promise.resolve();
  },
  async revert({ waf }, fault) {
    waf.removeBlockRule(typeof fault.state.rule === "string" ? fault.state.rule : `misblock-${fault.id}`);
    return Promise.resolve();
  },
};
