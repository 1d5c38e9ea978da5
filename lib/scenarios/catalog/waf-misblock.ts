import { CHECK, COMMUNICATE_STATUS, DEFAULT_COMMUNICATION, DEFAULT_WEIGHTS, DETECT_FROM_DASHBOARD, VERIFY_ROOT_CAUSE, VERIFY_STEADY_STATE } from "../common";
import { SCENARIO_PARAMS } from "@/contract/params";
import { defineScenario } from "../define";

export const wafMisblock = defineScenario({
  id: "waf-misblock",
  title: "WAF misblock",
  category: "edge",
  summary: "A web ACL rule update blocks legitimate traffic on a path: users get 403 while every task is healthy.",
  hypothesis: "A bad WAF rule is noticed from 4xx and probe signals within minutes, even though no backend alarm fires.",
  params: SCENARIO_PARAMS["waf-misblock"],
  duration: { defaultSeconds: 180, minSeconds: 60, maxSeconds: 900 },
  blastRadius: (params) => `Requests whose path starts with ${params.pathPrefix} are answered 403 at the edge; the services themselves are untouched.`,
  signals: [
    { metric: "elb4xx", change: "rises", description: "403s at the load balancer; no target errors." },
    { metric: "probe_backend", change: "drops", description: "The probe's check on the blocked path fails." },
  ],
  recovery: { description: "403 rate back to 0.", checks: [{ metric: "elb4xx", atMost: 0, label: "no load balancer 4xx" }, CHECK.probeUp, CHECK.backendProbeUp] },
  local: "A block rule in the lab load balancer's WAF rule set.",
  aws: { kind: "sdk", calls: ["wafv2:GetWebACL", "wafv2:UpdateWebACL", "wafv2:UpdateWebACL (revert)"], note: "Adds a block rule on the path prefix to the WebACL." },
  runbook: [
    DETECT_FROM_DASHBOARD,
    {
      id: "diagnose-edge",
      phase: "diagnose",
      tier: "essential",
      title: "Tell edge errors from service errors",
      detail: "4xx at the load balancer with no target 5xx and healthy targets: the request never reached a task.",
    },
    {
      id: "diagnose-waf",
      phase: "diagnose",
      tier: "critical",
      title: "Find the blocking rule",
      detail: "Sampled requests and BlockedRequests per rule show which rule matched.",
      aws: "aws wafv2 get-sampled-requests --web-acl-arn <acl> --rule-metric-name <rule> --scope REGIONAL ...",
      local: "Fleet panel: WAF rules; the load balancer's 403 count.",
    },
    {
      id: "mitigate-rule",
      phase: "mitigate",
      tier: "essential",
      title: "Remove or switch the rule to count",
      detail: "Set the rule to Count (or remove it) and keep the rate-limit rule in place.",
    },
    COMMUNICATE_STATUS,
    VERIFY_STEADY_STATE,
    VERIFY_ROOT_CAUSE,
  ],
  scoring: {
    detectTargetSeconds: 120,
    diagnoseTargetSeconds: 210,
    mitigateTargetSeconds: 300,
    ...DEFAULT_COMMUNICATION,
    weights: DEFAULT_WEIGHTS,
  },
  source: "seed 000/002: WAF in front of the ALB (extended catalog)",
  extra: true,
});
