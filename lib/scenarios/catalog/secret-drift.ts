import { CHECK, COMMUNICATE_STATUS, DEFAULT_COMMUNICATION, DEFAULT_WEIGHTS, DETECT_FROM_DASHBOARD, VERIFY_ROOT_CAUSE, VERIFY_STEADY_STATE } from "../common";
import { SCENARIO_PARAMS } from "@/contract/params";
import { defineScenario } from "../define";

export const secretDrift = defineScenario({
  id: "secret-drift",
  title: "Secret drift",
  category: "security",
  summary: "Rotates the database password while running tasks keep the old one: pooled connections live on, every new connection fails.",
  hypothesis: "After a secret rotation, the service keeps serving /db because tasks pick up the new secret without a redeploy.",
  params: SCENARIO_PARAMS["secret-drift"],
  duration: { defaultSeconds: 300, minSeconds: 60, maxSeconds: 1800 },
  blastRadius: (params) => `The app's database password changes; ${params.service} tasks fail new database connections until they are redeployed.`,
  signals: [
    { metric: "probe_db", change: "drops", description: "/db fails intermittently, then mostly, as pooled connections age out." },
    { metric: "target5xx", change: "rises", description: "5xx on database routes; other routes stay fine." },
  ],
  recovery: { description: "/db OK after a new deployment picked up the new password.", checks: [CHECK.dbProbeUp, CHECK.no5xx] },
  local: "The lab rotates the app role's password (ALTER ROLE) and its secret store; running tasks keep the password they started with.",
  aws: { kind: "sdk", calls: ["secretsmanager:RotateSecret", "ecs:UpdateService (revert)"], note: "Rotation changes the DB password; tasks read the secret only at start." },
  runbook: [
    DETECT_FROM_DASHBOARD,
    {
      id: "diagnose-auth-error",
      phase: "diagnose",
      tier: "essential",
      title: "Read the database error",
      detail: "'password authentication failed' (28P01) on new connections while the database is up means the credentials in the tasks are stale.",
      aws: "aws logs tail /ecs/api --since 10m --filter-pattern 28P01",
      local: "curl <lab LB>/db shows the Postgres error code; task logs show 28P01.",
    },
    {
      id: "diagnose-rotation",
      phase: "diagnose",
      tier: "critical",
      title: "Check when the secret last changed",
      detail: "Compare the secret's last rotation with the tasks' start times: tasks started before the rotation hold the old password.",
      aws: "aws secretsmanager describe-secret --secret-id <app secret> --query LastRotatedDate",
    },
    {
      id: "mitigate-redeploy",
      phase: "mitigate",
      tier: "essential",
      title: "Force a new deployment",
      detail: "New tasks read the current secret at start. Never paste the password into environment variables or logs.",
      aws: "aws ecs update-service --cluster <cluster> --service api --force-new-deployment",
      local: "Remediation: force new deployment of the service.",
    },
    COMMUNICATE_STATUS,
    VERIFY_STEADY_STATE,
    VERIFY_ROOT_CAUSE,
  ],
  scoring: {
    detectTargetSeconds: 120,
    diagnoseTargetSeconds: 210,
    mitigateTargetSeconds: 300,
    ...DEFAULT_COMMUNICATION,
    weights: DEFAULT_WEIGHTS,
  },
  source: "seed 000: game-day scenario 2 'Secret Drift'",
});
