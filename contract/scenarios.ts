/** Every scenario the console and the labs know; the console's catalog describes each one. */
import { z } from "zod";

export const SCENARIO_IDS = [
  "ecs-task-termination",
  "cpu-stress",
  "network-latency",
  "aurora-failover",
  "secret-drift",
  "secrets-break",
  "spot-loss-during-deploy",
  "pending-task-deadlock",
  "bad-deployment",
  "nat-gateway-failure",
  "health-check-failure",
  "waf-misblock",
  "dependency-down",
] as const;

export const ScenarioIdSchema = z.enum(SCENARIO_IDS, { error: `scenarioId must be one of: ${SCENARIO_IDS.join(", ")}` });
export type ScenarioId = z.infer<typeof ScenarioIdSchema>;
