import { CHECK, COMMUNICATE_STATUS, DEFAULT_COMMUNICATION, DEFAULT_WEIGHTS, DETECT_FROM_DASHBOARD, VERIFY_ROOT_CAUSE, VERIFY_STEADY_STATE } from "../common";
import { SCENARIO_PARAMS } from "@/contract/params";
import { defineScenario } from "../define";

export const badDeployment = defineScenario({
  id: "bad-deployment",
  title: "Bad deployment",
  category: "deployment",
  summary: "Deploys a release whose tasks fail their health checks (or crash at boot).",
  hypothesis: "A broken release never takes traffic from the good one: the deployment circuit breaker (or CodeDeploy's alarm rollback) rolls it back automatically.",
  params: SCENARIO_PARAMS["bad-deployment"],
  duration: { defaultSeconds: 300, minSeconds: 120, maxSeconds: 1200 },
  blastRadius: (params) =>
    `A new ${params.service} revision that ${params.failure === "crash" ? "crashes at start" : "fails its health checks"} is rolled out; the old revision keeps serving until it is replaced.`,
  signals: [
    { metric: "unhealthyHosts", change: "rises", description: "New targets register and fail health checks." },
    { metric: "runningTasks", change: "drops", description: "New tasks stop and are retried until the circuit breaker trips." },
  ],
  recovery: { description: "Circuit breaker (or a trainee) rolled back; all tasks on the good revision.", checks: [CHECK.running, CHECK.healthy, CHECK.noUnhealthy, CHECK.probeUp] },
  local: "The lab registers a new revision started with START_MODE=unhealthy or crash and rolls it out; its circuit breaker rolls back after repeated failures.",
  aws: {
    kind: "sdk",
    calls: ["ecs:RegisterTaskDefinition", "codedeploy:CreateDeployment (api) / ecs:UpdateService (backend)"],
    note: "A copy of the current task definition that fails its health check; CodeDeploy alarm rollback or the ECS circuit breaker undoes it.",
  },
  runbook: [
    DETECT_FROM_DASHBOARD,
    {
      id: "diagnose-deployment",
      phase: "diagnose",
      tier: "essential",
      title: "Look at the deployments of the service",
      detail: "Two deployments (PRIMARY new, ACTIVE old) with failed tasks on the new one: the release is bad, not the platform.",
      aws: "aws ecs describe-services --services api --query 'services[0].deployments'",
      local: "Fleet panel deployments; timeline deployment entries.",
    },
    {
      id: "diagnose-health",
      phase: "diagnose",
      tier: "critical",
      title: "Read why the new tasks fail",
      detail: "Health-check failures ('Task failed ELB health checks') or 'Essential container in task exited' with exit code 1.",
    },
    {
      id: "diagnose-inside-task",
      phase: "diagnose",
      tier: "optional",
      title: "Look inside a task of the new revision",
      detail:
        "While a new task still runs, ask its health endpoint from inside the container: an error there is the release itself; a 200 inside but failed ELB checks points at the port, path or security group. Compare the environment with the old revision's. The session is logged.",
      aws: "aws ecs execute-command --cluster <cluster> --task <new task id> --container app --interactive --command \"node -e \\\"fetch('http://127.0.0.1:8080/healthz').then(async (r) => console.log(r.status, await r.text()))\\\"\"",
      local: "Fleet panel: the new revision's tasks and their stop reasons (the local lab has no shell into a task).",
    },
    {
      id: "mitigate-rollback",
      phase: "mitigate",
      tier: "essential",
      title: "Roll back if the breaker has not",
      detail: "Roll back to the previous task definition revision; do not retry the same release.",
      aws: "aws ecs update-service --service backend --task-definition <previous>; for api: aws deploy stop-deployment --auto-rollback-enabled",
      local: "Remediation: roll back.",
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
  source: "seed 004: scenario 4 'Deployment Safety'; seed 000: CodeDeploy auto-rollback on alarms",
});
