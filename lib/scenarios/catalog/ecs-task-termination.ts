import { CHECK, COMMUNICATE_STATUS, DEFAULT_COMMUNICATION, DEFAULT_WEIGHTS, DETECT_FROM_DASHBOARD, VERIFY_ROOT_CAUSE, VERIFY_STEADY_STATE } from "../common";
import { SCENARIO_PARAMS } from "@/contract/params";
import { defineScenario } from "../define";

export const ecsTaskTermination = defineScenario({
  id: "ecs-task-termination",
  title: "Task termination",
  category: "compute",
  summary: "Kills a share of a service's running tasks at once; the scheduler must replace them while the load balancer routes around the gap.",
  hypothesis: "Losing half the tasks of a service costs no more than a few failed requests: the load balancer stops routing to dead targets within its health-check thresholds and ECS restores the desired count within two minutes.",
  params: SCENARIO_PARAMS["ecs-task-termination"],
  duration: { defaultSeconds: 120, minSeconds: 30, maxSeconds: 900 },
  blastRadius: (params) => `${params.percent} % of the running ${params.service} tasks are killed (at least one); nothing else is touched.`,
  signals: [
    { metric: "runningTasks", change: "drops", description: "Running tasks fall below desired, then recover as replacements start." },
    { metric: "healthyHosts", change: "drops", description: "Healthy hosts drop once the load balancer's health checks fail." },
    { metric: "target5xx", change: "rises", description: "A short burst of 5xx / connection errors for requests routed to dead targets." },
  ],
  recovery: { description: "Running = desired, healthy hosts = desired, 5xx back to zero.", checks: [CHECK.running, CHECK.healthy, CHECK.no5xx, CHECK.probeUp] },
  local: "SIGKILL of the chosen share of the service's task processes; the lab's scheduler replaces them with backoff.",
  aws: { kind: "fis", actions: ["aws:ecs:stop-task"], note: "Targets ECS tasks of the service, selection PERCENT(50)." },
  runbook: [
    DETECT_FROM_DASHBOARD,
    {
      id: "diagnose-stopped-tasks",
      phase: "diagnose",
      tier: "essential",
      title: "Find the stopped tasks and their stop reason",
      detail: "List recently stopped tasks of the service and read stoppedReason / stopCode. Check the service events for replacements being started.",
      aws: "aws ecs list-tasks --cluster <cluster> --service-name api --desired-status STOPPED; aws ecs describe-tasks --tasks <ids> --query 'tasks[].stoppedReason'",
      local: "Fleet panel: stopped tasks with their stop reason; the timeline shows task.stopped entries.",
    },
    {
      id: "diagnose-targets",
      phase: "diagnose",
      tier: "critical",
      title: "Check target health",
      detail: "Confirm the load balancer marked the dead targets unhealthy/draining and routes only to healthy ones.",
      aws: "aws elbv2 describe-target-health --target-group-arn <api target group>",
      local: "Fleet panel: target health per task.",
    },
    {
      id: "mitigate-capacity",
      phase: "mitigate",
      tier: "essential",
      title: "Let the scheduler replace the tasks; scale out if replacements stall",
      detail: "ECS restores the desired count by itself. If new tasks do not reach RUNNING within two minutes, scale the service up one step and investigate why placement fails.",
    },
    COMMUNICATE_STATUS,
    VERIFY_STEADY_STATE,
    VERIFY_ROOT_CAUSE,
  ],
  scoring: {
    detectTargetSeconds: 60,
    diagnoseTargetSeconds: 150,
    mitigateTargetSeconds: 180,
    ...DEFAULT_COMMUNICATION,
    weights: DEFAULT_WEIGHTS,
  },
  source: "seed 000: FIS experiment 'ECS Task Termination', game-day scenario 1",
});
