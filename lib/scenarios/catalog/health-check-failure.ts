import { CHECK, COMMUNICATE_STATUS, DEFAULT_COMMUNICATION, DEFAULT_WEIGHTS, DETECT_FROM_DASHBOARD, VERIFY_ROOT_CAUSE, VERIFY_STEADY_STATE } from "../common";
import { SCENARIO_PARAMS } from "@/contract/params";
import { defineScenario } from "../define";

export const healthCheckFailure = defineScenario({
  id: "health-check-failure",
  title: "Health-check failure",
  category: "compute",
  summary: "A share of tasks start failing their health endpoint: the load balancer pulls them and ECS replaces them.",
  hypothesis: "Tasks failing health checks are taken out of rotation before users notice and replaced automatically.",
  params: SCENARIO_PARAMS["health-check-failure"],
  duration: { defaultSeconds: 180, minSeconds: 60, maxSeconds: 900 },
  blastRadius: (params) => `/healthz answers 500 on ${params.taskPercent} % of the ${params.service} tasks; their requests still work.`,
  signals: [
    { metric: "unhealthyHosts", change: "rises", description: "Unhealthy targets appear after the unhealthy threshold." },
    { metric: "healthyHosts", change: "drops", description: "Healthy targets drop until replacements pass their checks." },
  ],
  recovery: { description: "Healthy hosts = desired.", checks: [CHECK.healthy, CHECK.noUnhealthy, CHECK.probeUp] },
  local: "The target-service's health flag on the chosen tasks; the lab's load balancer and scheduler react as ALB and ECS do.",
  aws: { kind: "sdk", calls: ["ssm:PutParameter (fault flag)", "ssm:PutParameter (revert)"], note: "The target polls its fault-flag parameter; the chosen share of tasks fail /healthz." },
  runbook: [
    DETECT_FROM_DASHBOARD,
    {
      id: "diagnose-targets",
      phase: "diagnose",
      tier: "essential",
      title: "Check target health and its reason",
      detail: "Target.ResponseCodeMismatch on /healthz: the task answers, but unhealthy. Seed 002: test the health endpoint directly from inside the VPC.",
      aws: "aws elbv2 describe-target-health --target-group-arn <tg>",
      local: "Fleet panel target health with reasons.",
    },
    {
      id: "diagnose-logs",
      phase: "diagnose",
      tier: "critical",
      title: "Read the failing tasks' logs",
      detail: "What does /healthz report as failing? A dependency check, a flag, a slow start?",
    },
    {
      id: "mitigate-replace",
      phase: "mitigate",
      tier: "essential",
      title: "Replace the failing tasks",
      detail: "ECS replaces tasks that fail ELB health checks; if they keep failing, force a new deployment and check the health-check grace period.",
    },
    COMMUNICATE_STATUS,
    VERIFY_STEADY_STATE,
    VERIFY_ROOT_CAUSE,
  ],
  scoring: {
    detectTargetSeconds: 90,
    diagnoseTargetSeconds: 180,
    mitigateTargetSeconds: 240,
    ...DEFAULT_COMMUNICATION,
    weights: DEFAULT_WEIGHTS,
  },
  source: "seed 002: troubleshooting 'Health Checks Failing'",
});
