import { CHECK, COMMUNICATE_STATUS, DEFAULT_COMMUNICATION, DEFAULT_WEIGHTS, DETECT_FROM_DASHBOARD, VERIFY_ROOT_CAUSE, VERIFY_STEADY_STATE } from "../common";
import { SCENARIO_PARAMS } from "@/contract/params";
import { defineScenario } from "../define";

export const secretsBreak = defineScenario({
  id: "secrets-break",
  title: "Secrets break at runtime",
  category: "security",
  summary: "The execution role loses access to the service's secret and a deployment starts: every new task fails with ResourceInitializationError.",
  hypothesis: "A broken secret permission cannot take the service down: running tasks keep serving and the deployment circuit breaker stops the rollout.",
  params: SCENARIO_PARAMS["secrets-break"],
  duration: { defaultSeconds: 300, minSeconds: 60, maxSeconds: 1800 },
  blastRadius: (params) => `The ${params.service} execution role cannot read its secret and a new ${params.service} deployment starts; existing tasks keep running.`,
  signals: [
    { metric: "runningTasks", change: "drops", description: "New tasks go PENDING → STOPPED at once; running stays at or below desired." },
    { metric: "pendingTasks", change: "rises", description: "Tasks briefly pending, then stopped with ResourceInitializationError." },
  ],
  recovery: { description: "Permission restored and tasks RUNNING.", checks: [CHECK.running, CHECK.healthy, CHECK.probeUp] },
  local: "The lab marks the service's execution role as denied; every new task stops before its process starts, with an ECS-style ResourceInitializationError.",
  aws: {
    kind: "sdk",
    calls: ["iam:DetachRolePolicy", "ecs:UpdateService / codedeploy:CreateDeployment", "iam:AttachRolePolicy (revert)"],
    note: "Detaches the secret-access policy from the api execution role, then deploys.",
  },
  runbook: [
    DETECT_FROM_DASHBOARD,
    {
      id: "diagnose-events",
      phase: "diagnose",
      tier: "essential",
      title: "Read the service events and stop reasons",
      detail: "Look for 'ResourceInitializationError: unable to pull secrets or registry auth … AccessDeniedException'. No container logs exist: the container never started.",
      aws: "aws ecs describe-services --cluster <cluster> --services api --query 'services[0].events[:10]'",
      local: "Fleet panel stop reasons; timeline task.stopped entries.",
    },
    {
      id: "diagnose-iam",
      phase: "diagnose",
      tier: "critical",
      title: "Check the execution role's policies",
      detail: "The execution role must be allowed secretsmanager:GetSecretValue on the service's own secret, and nothing more.",
      aws: "aws iam list-attached-role-policies --role-name <api execution role>",
    },
    {
      id: "mitigate-restore",
      phase: "mitigate",
      tier: "essential",
      title: "Restore the permission, then redeploy",
      detail: "Re-attach the secret-access policy (least privilege: this service's secret only), then force a new deployment. Do not move secrets into plain environment variables.",
      aws: "aws iam attach-role-policy --role-name <role> --policy-arn <secret access policy>; aws ecs update-service --force-new-deployment",
      local: "Remediations: restore secret access, then force new deployment.",
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
  source: "seed 004: scenario 2 'Secrets Break at Runtime'",
});
