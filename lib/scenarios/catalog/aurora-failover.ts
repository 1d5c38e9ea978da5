import { CHECK, COMMUNICATE_STATUS, DEFAULT_COMMUNICATION, DEFAULT_WEIGHTS, DETECT_FROM_DASHBOARD, VERIFY_ROOT_CAUSE, VERIFY_STEADY_STATE } from "../common";
import { SCENARIO_PARAMS } from "@/contract/params";
import { defineScenario } from "../define";

export const auroraFailover = defineScenario({
  id: "aurora-failover",
  title: "Aurora failover",
  category: "database",
  summary: "Fails the database over: every connection drops and new ones are refused until the new writer is up.",
  hypothesis: "A writer failover costs under 30 seconds of /db errors and the connection pools recover by themselves.",
  params: SCENARIO_PARAMS["aurora-failover"],
  duration: { defaultSeconds: 90, minSeconds: 30, maxSeconds: 300 },
  blastRadius: (params) => `Every database connection drops; new connections are refused for about ${params.refuseSeconds} s. All services that use the database are affected.`,
  signals: [
    { metric: "probe_db", change: "drops", description: "The /db probe fails during the failover window." },
    { metric: "dbConnections", change: "drops", description: "Database connections fall to zero, then climb back as pools reconnect." },
    { metric: "target5xx", change: "rises", description: "Requests that need the database answer 5xx." },
  ],
  recovery: { description: "/db success rate back to baseline.", checks: [CHECK.dbProbeUp, CHECK.no5xx] },
  local: "The TCP fault proxy in front of the lab's Postgres resets every connection and refuses new ones for the window.",
  aws: { kind: "fis", actions: ["aws:rds:failover-db-cluster"], note: "Promotes the reader; the cluster endpoint moves to the new writer." },
  runbook: [
    DETECT_FROM_DASHBOARD,
    {
      id: "diagnose-db-errors",
      phase: "diagnose",
      tier: "essential",
      title: "Read the database errors",
      detail: "Hit /db and read the error: connection refused/reset during a failover, authentication failures point elsewhere (see secret drift).",
      aws: "aws rds describe-events --source-type db-cluster --duration 60; curl https://<alb>/db",
      local: "curl <lab LB>/db; service map: the api → database edge turns red.",
    },
    {
      id: "diagnose-writer",
      phase: "diagnose",
      tier: "critical",
      title: "Confirm the writer moved",
      detail: "Check which instance is the writer now and that the cluster is available again.",
      aws: "aws rds describe-db-clusters --db-cluster-identifier <id> --query 'DBClusters[0].DBClusterMembers'",
      local: "Fleet panel: database status and writer.",
    },
    {
      id: "mitigate-pools",
      phase: "mitigate",
      tier: "essential",
      title: "Make sure the pools reconnect",
      detail: "Pools should reconnect by themselves once the new writer accepts connections. If /db keeps failing after the window, force a new deployment to reset the pools.",
    },
    COMMUNICATE_STATUS,
    VERIFY_STEADY_STATE,
    VERIFY_ROOT_CAUSE,
  ],
  scoring: {
    detectTargetSeconds: 60,
    diagnoseTargetSeconds: 120,
    mitigateTargetSeconds: 120,
    ...DEFAULT_COMMUNICATION,
    weights: DEFAULT_WEIGHTS,
  },
  source: "seed 000: FIS experiment 'Aurora Failover'",
});
