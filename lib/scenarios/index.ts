/**
 * The scenario catalog: one file per scenario in ./catalog, each with its parameters and
 * limits, blast radius, expected signals, runbook and scoring key.
 */
import type { z } from "zod";
import { ScenarioIdSchema, type ScenarioId } from "@/lib/lab/types";
import { auroraFailover } from "./catalog/aurora-failover";
import { badDeployment } from "./catalog/bad-deployment";
import { cpuStress } from "./catalog/cpu-stress";
import { dependencyDown } from "./catalog/dependency-down";
import { ecsTaskTermination } from "./catalog/ecs-task-termination";
import { healthCheckFailure } from "./catalog/health-check-failure";
import { natGatewayFailure } from "./catalog/nat-gateway-failure";
import { networkLatency } from "./catalog/network-latency";
import { pendingTaskDeadlock } from "./catalog/pending-task-deadlock";
import { secretDrift } from "./catalog/secret-drift";
import { secretsBreak } from "./catalog/secrets-break";
import { spotLossDuringDeploy } from "./catalog/spot-loss-during-deploy";
import { wafMisblock } from "./catalog/waf-misblock";
import type { ScenarioDefinition } from "./types";

/** In the order a catalog page lists them: the seeds' core four first. */
export const SCENARIOS: readonly ScenarioDefinition[] = [
  ecsTaskTermination,
  cpuStress,
  networkLatency,
  auroraFailover,
  secretDrift,
  secretsBreak,
  spotLossDuringDeploy,
  pendingTaskDeadlock,
  badDeployment,
  natGatewayFailure,
  healthCheckFailure,
  wafMisblock,
  dependencyDown,
] as readonly ScenarioDefinition<z.ZodType>[];

const BY_ID = new Map<string, ScenarioDefinition>(SCENARIOS.map((scenario) => [scenario.id, scenario]));

export function getScenario(id: string): ScenarioDefinition | undefined {
  return BY_ID.get(id);
}

export function isScenarioId(id: string): id is ScenarioId {
  return ScenarioIdSchema.safeParse(id).success;
}

export type { ScenarioDefinition } from "./types";
