import { CHECK, COMMUNICATE_STATUS, DEFAULT_COMMUNICATION, DEFAULT_WEIGHTS, DETECT_FROM_DASHBOARD, VERIFY_ROOT_CAUSE, VERIFY_STEADY_STATE } from "../common";
import { SCENARIO_PARAMS } from "@/contract/params";
import { defineScenario } from "../define";

export const cpuStress = defineScenario({
  id: "cpu-stress",
  title: "CPU stress",
  category: "compute",
  summary: "Burns CPU inside a service's tasks so requests queue behind the busy processor.",
  hypothesis: "With its tasks at 80 % CPU, the service keeps p95 latency under the SLO because target-tracking autoscaling adds tasks within its cooldown.",
  params: SCENARIO_PARAMS["cpu-stress"],
  duration: { defaultSeconds: 180, minSeconds: 30, maxSeconds: 900 },
  blastRadius: (params) => `${params.taskPercent} % of the ${params.service} tasks burn ${params.percent} % CPU for the run; requests to them slow down.`,
  signals: [
    { metric: "cpu", change: "rises", description: "Service CPU utilisation climbs towards the stress level." },
    { metric: "latencyP95", change: "rises", description: "p95 latency rises as requests wait for the processor." },
    { metric: "desiredTasks", change: "rises", description: "Autoscaling raises the desired count after its evaluation periods." },
  ],
  recovery: { description: "p95 latency back under the SLO (autoscaling or the stress ended).", checks: [CHECK.latencyOk, CHECK.probeUp] },
  local: "The target-service's CPU-stress flag: each chosen task busies its own event loop for the given share of every 100 ms, so its measured CPU and latency rise for real.",
  aws: { kind: "fis", actions: ["aws:ecs:task-cpu-stress"], note: "Runs stress-ng through the SSM agent sidecar; the task definition needs enableFaultInjection and the sidecar." },
  runbook: [
    DETECT_FROM_DASHBOARD,
    {
      id: "diagnose-cpu",
      phase: "diagnose",
      tier: "essential",
      title: "Correlate latency with CPU",
      detail: "Compare the latency charts with service CPU. High CPU on every task with normal request volume points at the tasks, not the traffic.",
      aws: "CloudWatch: AWS/ECS CPUUtilization per service; Container Insights per task.",
      local: "CPU and latency charts; fleet panel per task.",
    },
    {
      id: "diagnose-scaling",
      phase: "diagnose",
      tier: "critical",
      title: "Check whether autoscaling reacted",
      detail: "Look for scaling activity and a raised desired count. Target tracking waits for its evaluation periods and cooldowns (seed 001: scale-out 60 s).",
      aws: "aws application-autoscaling describe-scaling-activities --service-namespace ecs",
      local: "Timeline: scaling entries; desired tasks chart.",
    },
    {
      id: "mitigate-scale",
      phase: "mitigate",
      tier: "essential",
      title: "Scale out if autoscaling is too slow",
      detail: "Raise the desired count by hand to spread the load; it is safe and reversible.",
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
  source: "seed 000: FIS experiment 'CPU Stress', game-day scenario 3",
});
