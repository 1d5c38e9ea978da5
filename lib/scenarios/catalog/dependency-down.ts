import { CHECK, COMMUNICATE_STATUS, DEFAULT_COMMUNICATION, DEFAULT_WEIGHTS, DETECT_FROM_DASHBOARD, VERIFY_ROOT_CAUSE, VERIFY_STEADY_STATE } from "../common";
import { SCENARIO_PARAMS } from "@/contract/params";
import { defineScenario } from "../define";

export const dependencyDown = defineScenario({
  id: "dependency-down",
  title: "Dependency down",
  category: "dependency",
  summary: "The backend service becomes unreachable from api: every call through /api/backend fails.",
  hypothesis: "When backend is down, api degrades only the routes that need it and reports a clear 5xx; the rest of the API stays up.",
  params: SCENARIO_PARAMS["dependency-down"],
  duration: { defaultSeconds: 180, minSeconds: 60, maxSeconds: 900 },
  blastRadius: () => "api cannot reach backend for the run: /api/backend fails; routes that do not call backend keep working.",
  signals: [
    { metric: "probe_backend", change: "drops", description: "The backend probe fails while the public probe stays up." },
    { metric: "target5xx", change: "rises", description: "api answers 502 for backend calls." },
  ],
  recovery: { description: "api → backend calls succeed again.", checks: [CHECK.backendProbeUp, CHECK.no5xx] },
  local: "The lab blackholes the backend service's address for api.",
  aws: { kind: "sdk", calls: ["ecs:UpdateService backend desiredCount 0", "ecs:UpdateService (revert)"], note: "Stops every backend task; Cloud Map has no healthy instance to return." },
  runbook: [
    DETECT_FROM_DASHBOARD,
    {
      id: "diagnose-map",
      phase: "diagnose",
      tier: "essential",
      title: "Find the failing edge on the service map",
      detail: "The api → backend edge shows errors while client → api is fine. Exemplar traces end at the backend call.",
    },
    {
      id: "diagnose-backend",
      phase: "diagnose",
      tier: "critical",
      title: "Check backend's service and discovery",
      detail: "Seed 002 'Service A cannot reach Service B': is backend running and healthy, does service discovery return instances, do security groups allow the port?",
      aws: "aws ecs describe-services --services backend; aws servicediscovery discover-instances --namespace-name <ns> --service-name backend",
    },
    {
      id: "mitigate-restore",
      phase: "mitigate",
      tier: "essential",
      title: "Bring backend back",
      detail: "Restore backend's desired count or connectivity; consider a degraded response from api for backend routes.",
      local: "Remediation: scale backend back up if it was scaled to zero.",
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
  source: "seed 002: two services, 'Service A Cannot Reach Service B' (extended catalog)",
  extra: true,
});
