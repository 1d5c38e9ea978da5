import { CHECK, COMMUNICATE_STATUS, DEFAULT_COMMUNICATION, DEFAULT_WEIGHTS, DETECT_FROM_DASHBOARD, VERIFY_ROOT_CAUSE, VERIFY_STEADY_STATE } from "../common";
import { SCENARIO_PARAMS } from "@/contract/params";
import { defineScenario } from "../define";

export const natGatewayFailure = defineScenario({
  id: "nat-gateway-failure",
  title: "NAT gateway failure",
  category: "network",
  summary: "Private subnets lose their way out: new tasks cannot pull their image and fail with CannotPullContainerError.",
  hypothesis: "Losing outbound connectivity does not hurt running tasks, and the service recovers once connectivity returns.",
  params: SCENARIO_PARAMS["nat-gateway-failure"],
  duration: { defaultSeconds: 180, minSeconds: 60, maxSeconds: 900 },
  blastRadius: (params) =>
    `New ${params.service} tasks cannot start; ${params.replacePercent} % of its running tasks are recycled so replacements are needed.`,
  signals: [
    { metric: "runningTasks", change: "drops", description: "Recycled tasks are not replaced: new ones stop with CannotPullContainerError." },
    { metric: "healthyHosts", change: "drops", description: "Fewer healthy targets serve the load." },
  ],
  recovery: { description: "Tasks start again.", checks: [CHECK.running, CHECK.healthy, CHECK.probeUp] },
  local: "New tasks of the service fail to start with an ECS-style CannotPullContainerError (i/o timeout) and a share of running tasks is recycled.",
  aws: {
    kind: "fis",
    actions: ["aws:network:disrupt-connectivity", "aws:ecs:stop-task"],
    note: "Disrupts the private subnets' outbound traffic and stops a share of tasks so new ones must pull their image.",
  },
  runbook: [
    DETECT_FROM_DASHBOARD,
    {
      id: "diagnose-stop-reason",
      phase: "diagnose",
      tier: "essential",
      title: "Read the stopped tasks' reason",
      detail: "'CannotPullContainerError … dial tcp … i/o timeout' means the task could not reach the registry: a network path problem, not the image.",
      aws: "aws ecs describe-tasks --tasks <stopped ids> --query 'tasks[].stoppedReason'",
    },
    {
      id: "diagnose-egress",
      phase: "diagnose",
      tier: "critical",
      title: "Check the egress path",
      detail: "Seed 002: verify the private route tables point at a working NAT gateway and security groups allow outbound 443. VPC endpoints for ECR/S3 remove the dependency.",
      aws: "aws ec2 describe-nat-gateways; aws ec2 describe-route-tables --filters Name=association.subnet-id,Values=<private subnet>",
    },
    {
      id: "mitigate-protect",
      phase: "mitigate",
      tier: "essential",
      title: "Protect the running tasks",
      detail: "Avoid deployments and scale-ins that would replace healthy tasks while new ones cannot start; restore egress, then let the scheduler catch up.",
    },
    COMMUNICATE_STATUS,
    VERIFY_STEADY_STATE,
    VERIFY_ROOT_CAUSE,
  ],
  scoring: {
    detectTargetSeconds: 120,
    diagnoseTargetSeconds: 240,
    mitigateTargetSeconds: 360,
    ...DEFAULT_COMMUNICATION,
    weights: DEFAULT_WEIGHTS,
  },
  source: "seed 002: troubleshooting 'Tasks Not Starting' (CannotPullContainerError, NAT gateway)",
});
