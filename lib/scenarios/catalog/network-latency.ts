import { CHECK, COMMUNICATE_STATUS, DEFAULT_COMMUNICATION, DEFAULT_WEIGHTS, DETECT_FROM_DASHBOARD, VERIFY_ROOT_CAUSE, VERIFY_STEADY_STATE } from "../common";
import { SCENARIO_PARAMS } from "@/contract/params";
import { defineScenario } from "../define";

export const networkLatency = defineScenario({
  id: "network-latency",
  title: "Network latency",
  category: "network",
  summary: "Adds delay (with jitter) to every packet in and out of a service's tasks.",
  hypothesis: "200 ms of added latency keeps p95 under the SLO and causes no timeouts between api, backend and the database.",
  params: SCENARIO_PARAMS["network-latency"],
  duration: { defaultSeconds: 180, minSeconds: 30, maxSeconds: 900 },
  blastRadius: (params) => `${params.taskPercent} % of the ${params.service} tasks get ${params.delayMs} ms ± ${params.jitterMs} ms on every request and outbound call.`,
  signals: [
    { metric: "latencyP95", change: "rises", description: "p50/p95/p99 latency step up by about the injected delay." },
    { metric: "latencyP50", change: "rises", description: "Unlike CPU stress, even the median moves: every request pays the delay." },
  ],
  recovery: { description: "p95 latency back under the SLO.", checks: [CHECK.latencyOk, CHECK.probeUp] },
  local: "The target-service's latency flag delays every response and outbound call of the chosen tasks.",
  aws: { kind: "fis", actions: ["aws:ecs:task-network-latency"], note: "Needs enableFaultInjection on the task definition (ECS fault-injection endpoints) and the SSM agent sidecar." },
  runbook: [
    DETECT_FROM_DASHBOARD,
    {
      id: "diagnose-where",
      phase: "diagnose",
      tier: "essential",
      title: "Find where the time goes",
      detail: "Open the service map and exemplar traces: which edge got slower (client → LB → api → backend → DB)? A uniform shift on one service's spans points at its network.",
      aws: "X-Ray service map and trace summaries for the window.",
      local: "Service map and exemplar traces on the dashboard.",
    },
    {
      id: "diagnose-not-cpu",
      phase: "diagnose",
      tier: "critical",
      title: "Rule out CPU and the database",
      detail: "CPU flat and DB latency unchanged while the median rose: the delay is in the network path of the service's tasks.",
    },
    {
      id: "mitigate-route",
      phase: "mitigate",
      tier: "essential",
      title: "Replace or route around the slow tasks",
      detail: "If only some tasks are slow, a new deployment replaces them; otherwise raise timeouts only if requests are failing, and escalate the network issue.",
    },
    COMMUNICATE_STATUS,
    VERIFY_STEADY_STATE,
    VERIFY_ROOT_CAUSE,
  ],
  scoring: {
    detectTargetSeconds: 90,
    diagnoseTargetSeconds: 210,
    mitigateTargetSeconds: 300,
    ...DEFAULT_COMMUNICATION,
    weights: DEFAULT_WEIGHTS,
  },
  source: "seed 000: FIS experiment 'Network Latency', game-day scenario 4",
});
