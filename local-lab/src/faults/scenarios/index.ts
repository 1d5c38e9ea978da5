/** Every scenario the local lab can run, by id. */
import type { ScenarioId } from "../../api/schemas";
import type { ScenarioImplementation } from "../types";
import { auroraFailover } from "./aurora-failover";
import { badDeployment } from "./bad-deployment";
import { cpuStress } from "./cpu-stress";
import { dependencyDown } from "./dependency-down";
import { ecsTaskTermination } from "./ecs-task-termination";
import { healthCheckFailure } from "./health-check-failure";
import { natGatewayFailure } from "./nat-gateway-failure";
import { networkLatency } from "./network-latency";
import { pendingTaskDeadlock } from "./pending-task-deadlock";
import { secretDrift } from "./secret-drift";
import { secretsBreak } from "./secrets-break";
import { spotLossDuringDeploy } from "./spot-loss-during-deploy";
import { wafMisblock } from "./waf-misblock";

// Each implementation is typed with its own params; the manager parses params with the same id's schema first.
export const SCENARIOS: Record<ScenarioId, ScenarioImplementation<never>> = {
  "ecs-task-termination": ecsTaskTermination,
  "cpu-stress": cpuStress,
  "network-latency": networkLatency,
  "aurora-failover": auroraFailover,
  "secret-drift": secretDrift,
  "secrets-break": secretsBreak,
  "spot-loss-during-deploy": spotLossDuringDeploy,
  "pending-task-deadlock": pendingTaskDeadlock,
  "bad-deployment": badDeployment,
  "nat-gateway-failure": natGatewayFailure,
  "health-check-failure": healthCheckFailure,
  "waf-misblock": wafMisblock,
  "dependency-down": dependencyDown,
};
