import "server-only";
/**
 * The answer half of every scenario's scoring key: what really broke (a component and a
 * failure mode from the public lists), what a correct hypothesis mentions, and what counts
 * as the team's mitigation. Server-only: none of it may reach a browser, in blind mode or not.
 */
import type { RemediationAction, ScenarioId } from "@/lib/lab/types";
import type { Component, FailureMode } from "@/lib/scenarios/diagnosis";

type RemediationType = RemediationAction["type"];

/**
 * How the incident is meant to end. `remediate`: only one of these actions, taken by the team
 * while the fault is live, ends it; recovery after it is the team's mitigation. `hold`: the
 * platform heals itself or the fix lies outside the console's remediations, so the right call
 * is to watch, escalate and not make it worse: a team that holds and declares the recovery is
 * rated P, a `harmful` action taken before recovery counts against it, and a `helpful` action
 * that precedes the recovery while the fault is live is credited as the team's mitigation
 * (it beat the platform to it).
 */
export type MitigationKey =
  | { readonly kind: "remediate"; readonly effective: readonly RemediationType[] }
  | { readonly kind: "hold"; readonly helpful: readonly RemediationType[]; readonly harmful: readonly RemediationType[]; readonly why: string };

export interface AnswerKey {
  /** The first component and failure mode are the fault itself; any listed one is accepted. */
  readonly rootCause: { readonly components: readonly Component[]; readonly failureModes: readonly FailureMode[] };
  /** A hypothesis is correct when it mentions one word of each inner list (lower case, substring). */
  readonly hypothesisKeywords: readonly (readonly string[])[];
  readonly mitigation: MitigationKey;
}

export const ANSWER_KEYS: Readonly<Record<ScenarioId, AnswerKey>> = {
  "ecs-task-termination": {
    rootCause: { components: ["api-service", "backend-service"], failureModes: ["tasks-killed"] },
    hypothesisKeywords: [["task", "container", "process"], ["killed", "stopped", "terminated", "kill", "termination", "crash"]],
    mitigation: { kind: "hold", helpful: ["scale-service"], harmful: ["rollback"], why: "The scheduler replaces killed tasks on its own; the team watches the replacements and scales out only if they stall." },
  },
  "cpu-stress": {
    rootCause: { components: ["api-service", "backend-service"], failureModes: ["cpu-saturation"] },
    hypothesisKeywords: [["cpu", "processor", "compute"], ["stress", "saturat", "busy", "load", "exhaust", "high"]],
    mitigation: { kind: "hold", helpful: ["scale-service"], harmful: [], why: "Target-tracking autoscaling adds tasks on CPU by itself; scaling out ahead of it is the team's fix." },
  },
  "network-latency": {
    rootCause: { components: ["network", "api-service", "backend-service"], failureModes: ["added-latency"] },
    hypothesisKeywords: [["network", "latency", "delay", "packet", "slow"]],
    mitigation: { kind: "remediate", effective: ["force-new-deployment"] },
  },
  "aurora-failover": {
    rootCause: { components: ["database"], failureModes: ["failover"] },
    hypothesisKeywords: [["database", "db", "aurora", "postgres", "writer"], ["failover", "fail over", "failed over", "connection", "refused", "dropped"]],
    mitigation: { kind: "hold", helpful: ["force-new-deployment"], harmful: ["rollback"], why: "The cluster promotes a new writer and the pools reconnect on their own within the failover window." },
  },
  "secret-drift": {
    rootCause: { components: ["secrets"], failureModes: ["stale-credentials"] },
    hypothesisKeywords: [["secret", "password", "credential"], ["rotat", "stale", "old", "drift", "changed", "auth"]],
    mitigation: { kind: "remediate", effective: ["force-new-deployment"] },
  },
  "secrets-break": {
    rootCause: { components: ["secrets"], failureModes: ["permission-removed"] },
    hypothesisKeywords: [["iam", "permission", "role", "policy", "access"], ["secret", "denied", "resourceinitializationerror"]],
    mitigation: { kind: "remediate", effective: ["restore-secret-access"] },
  },
  "spot-loss-during-deploy": {
    rootCause: { components: ["capacity"], failureModes: ["spot-interruption", "capacity-shortage"] },
    hypothesisKeywords: [["spot", "host", "instance", "capacity"], ["interrupt", "reclaim", "terminated", "lost", "pending"]],
    mitigation: {
      kind: "hold",
      helpful: ["add-capacity"],
      harmful: ["rollback"],
      why: "The capacity provider replaces reclaimed Spot capacity by itself and the rollout completes; the team adds capacity only if it is slow, and does not cancel the deployment.",
    },
  },
  "pending-task-deadlock": {
    rootCause: { components: ["capacity"], failureModes: ["capacity-shortage"] },
    hypothesisKeywords: [["capacity", "placement", "place", "host", "instance"], ["pending", "zone", "az", "spread", "full"]],
    mitigation: { kind: "remediate", effective: ["add-capacity", "scale-service"] },
  },
  "bad-deployment": {
    rootCause: { components: ["deployment"], failureModes: ["bad-release"] },
    hypothesisKeywords: [["deploy", "release", "revision", "version", "task definition"], ["health", "crash", "broken", "bad", "fail"]],
    mitigation: {
      kind: "hold",
      helpful: ["rollback"],
      harmful: ["force-new-deployment"],
      why: "The deployment circuit breaker rolls the bad release back by itself; the team rolls back only if it has not, and never redeploys the same release.",
    },
  },
  "nat-gateway-failure": {
    rootCause: { components: ["network"], failureModes: ["image-pull-failure"] },
    hypothesisKeywords: [["nat", "egress", "outbound", "network", "subnet", "route"], ["pull", "image", "registry", "connect"]],
    mitigation: {
      kind: "hold", helpful: [],
      harmful: ["force-new-deployment", "rollback"],
      why: "Egress is restored outside the console; the team protects the running tasks (no deployments that would replace them) and escalates.",
    },
  },
  "health-check-failure": {
    rootCause: { components: ["load-balancer", "api-service", "backend-service"], failureModes: ["health-check-failing"] },
    hypothesisKeywords: [["health", "healthz", "healthcheck", "health check", "target"], ["fail", "unhealthy", "500"]],
    mitigation: { kind: "hold", helpful: [], harmful: [], why: "Replacements fall under the same fault flag, so the failing checks persist until the flag is cleared; the team escalates and keeps capacity." },
  },
  "waf-misblock": {
    rootCause: { components: ["waf"], failureModes: ["traffic-blocked"] },
    hypothesisKeywords: [["waf", "web acl", "webacl", "firewall", "rule"], ["block", "403", "deny", "forbidden"]],
    mitigation: { kind: "hold", helpful: [], harmful: ["rollback", "force-new-deployment"], why: "The rule is changed at the edge, outside the console's remediations; redeploying the service does not help." },
  },
  "dependency-down": {
    rootCause: { components: ["backend-service"], failureModes: ["dependency-down"] },
    hypothesisKeywords: [["backend", "dependency", "downstream", "service b"], ["down", "unreachable", "unavailable", "502", "blackhole"]],
    mitigation: { kind: "remediate", effective: ["scale-service"] },
  },
};

export function answerKeyOf(scenarioId: string): AnswerKey | undefined {
  return (ANSWER_KEYS as Readonly<Record<string, AnswerKey>>)[scenarioId];
}
