import { CHECK, COMMUNICATE_STATUS, DEFAULT_COMMUNICATION, DEFAULT_WEIGHTS, DETECT_FROM_DASHBOARD, VERIFY_ROOT_CAUSE, VERIFY_STEADY_STATE } from "../common";
import { SCENARIO_PARAMS } from "@/contract/params";
import { defineScenario } from "../define";

export const spotLossDuringDeploy = defineScenario({
  id: "spot-loss-during-deploy",
  title: "Spot loss during a deployment",
  category: "capacity",
  summary: "While a rolling deployment runs, most Spot hosts get an interruption warning and are reclaimed.",
  hypothesis: "Losing 60 % of Spot capacity mid-rollout drops no requests: the On-Demand base, draining and the 200 % deployment buffer carry the load while capacity comes back.",
  params: SCENARIO_PARAMS["spot-loss-during-deploy"],
  duration: { defaultSeconds: 300, minSeconds: 120, maxSeconds: 1200 },
  blastRadius: (params) =>
    `A rolling deployment of ${params.service} starts; ${params.spotPercent} % of Spot hosts are drained and reclaimed ${params.warningSeconds} s later (their tasks are stopped).`,
  signals: [
    { metric: "pendingTasks", change: "rises", description: "Replacement and new-revision tasks wait for capacity." },
    { metric: "runningTasks", change: "drops", description: "Tasks on reclaimed hosts stop with SpotInterruption." },
  ],
  recovery: { description: "Rollout complete, no pending tasks, no dropped requests.", checks: [CHECK.running, CHECK.noPending, CHECK.probeUp, CHECK.no5xx] },
  local: "The lab starts a rolling deployment, marks that share of Spot hosts DRAINING, reclaims them after the warning, and adds a replacement host after a delay.",
  aws: {
    kind: "fis",
    actions: ["aws:ec2:send-spot-instance-interruptions"],
    capacity: "ec2",
    note: "EC2 capacity variant only. FIS requires at least a 2-minute warning; the console starts the deployment.",
  },
  runbook: [
    DETECT_FROM_DASHBOARD,
    {
      id: "diagnose-hosts",
      phase: "diagnose",
      tier: "essential",
      title: "Look at the hosts",
      detail: "Which hosts are DRAINING or gone, and were they Spot? Tasks stopped with stopCode SpotInterruption confirm it.",
      aws: "aws ecs list-container-instances --cluster <cluster> --status DRAINING; describe-tasks stopCode",
      local: "Fleet panel: hosts with lifecycle and status.",
    },
    {
      id: "diagnose-rollout",
      phase: "diagnose",
      tier: "critical",
      title: "Check the deployment",
      detail: "Is the rollout progressing (new tasks RUNNING) or stuck on placement? Read 'unable to place a task' events.",
    },
    {
      id: "mitigate-capacity",
      phase: "mitigate",
      tier: "essential",
      title: "Add capacity if the capacity provider is slow",
      detail: "The capacity provider scales out by itself (seed 004: about 90 s). If pending tasks persist, add On-Demand capacity; do not cancel the deployment unless it fails.",
      aws: "aws autoscaling set-desired-capacity --auto-scaling-group-name <asg> --desired-capacity <n+2>",
      local: "Remediation: add host capacity.",
    },
    COMMUNICATE_STATUS,
    VERIFY_STEADY_STATE,
    VERIFY_ROOT_CAUSE,
  ],
  scoring: {
    detectTargetSeconds: 90,
    diagnoseTargetSeconds: 180,
    mitigateTargetSeconds: 300,
    ...DEFAULT_COMMUNICATION,
    weights: DEFAULT_WEIGHTS,
  },
  source: "seed 004: scenario 1 'Spot Failure During Deployment'; seed 001: On-Demand base + Spot",
});
