import { CHECK, COMMUNICATE_STATUS, DEFAULT_COMMUNICATION, DEFAULT_WEIGHTS, DETECT_FROM_DASHBOARD, VERIFY_ROOT_CAUSE, VERIFY_STEADY_STATE } from "../common";
import { SCENARIO_PARAMS } from "@/contract/params";
import { defineScenario } from "../define";

export const pendingTaskDeadlock = defineScenario({
  id: "pending-task-deadlock",
  title: "Pending-task deadlock",
  category: "capacity",
  summary: "The service wants more tasks than the cluster can place across its zones: the rest stay PENDING.",
  hypothesis: "When desired tasks exceed placeable capacity, the capacity provider scales out and every task runs within the seed's 15-minute timeline.",
  params: SCENARIO_PARAMS["pending-task-deadlock"],
  duration: { defaultSeconds: 300, minSeconds: 120, maxSeconds: 1800 },
  blastRadius: (params) =>
    `${params.service} desired count goes to ${params.desiredCount} while the cluster can place only ${params.capacityTasks} tasks (spread across zones); existing tasks keep serving.`,
  signals: [
    { metric: "pendingTasks", change: "rises", description: "Tasks stay PENDING with 'unable to place a task' events." },
    { metric: "desiredTasks", change: "rises", description: "Desired jumps above running and stays there." },
  ],
  recovery: { description: "All tasks RUNNING.", checks: [CHECK.running, CHECK.noPending] },
  local: "The lab limits host capacity and raises the desired count; the scheduler's zone spread leaves the rest PENDING.",
  aws: { kind: "sdk", calls: ["ecs:UpdateService desiredCount", "ecs:UpdateService (revert)"], capacity: "ec2", note: "EC2 capacity variant only: desired count above the ASG's placeable capacity." },
  runbook: [
    DETECT_FROM_DASHBOARD,
    {
      id: "diagnose-placement",
      phase: "diagnose",
      tier: "essential",
      title: "Read the placement failures",
      detail: "Service events 'unable to place a task because no container instance met all of its requirements' name the missing resource.",
      aws: "aws ecs describe-services --services backend --query 'services[0].events[:5]'",
      local: "Timeline service-event entries; fleet panel pending tasks.",
    },
    {
      id: "diagnose-capacity",
      phase: "diagnose",
      tier: "critical",
      title: "Compare capacity per zone with what the tasks need",
      detail: "Even zone spread can strand capacity: count free slots per zone, hosts DRAINING, and the capacity provider reservation.",
    },
    {
      id: "mitigate-capacity",
      phase: "mitigate",
      tier: "essential",
      title: "Add capacity (or lower the desired count)",
      detail: "Scale the Auto Scaling group out by one host per zone. Lowering desired count is acceptable only if the load does not need the tasks.",
      local: "Remediation: add host capacity, or scale the service.",
    },
    COMMUNICATE_STATUS,
    VERIFY_STEADY_STATE,
    VERIFY_ROOT_CAUSE,
  ],
  scoring: {
    detectTargetSeconds: 120,
    diagnoseTargetSeconds: 240,
    mitigateTargetSeconds: 420,
    ...DEFAULT_COMMUNICATION,
    weights: DEFAULT_WEIGHTS,
  },
  source: "seed 004: scenario 3 'Pending Task Deadlock'",
});
