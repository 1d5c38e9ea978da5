/**
 * Each scenario's parameters: safe defaults and hard limits (the blast radius a facilitator
 * may choose). The console validates with these before anything reaches a lab; the local
 * lab checks the same schemas again, because it is the one that breaks things and a client
 * other than the console may call it.
 */
import { z } from "zod";
import type { ScenarioId } from "./scenarios";

const service = z.enum(["api", "backend"], { error: "service must be 'api' or 'backend'" });

function percent(name: string, min: number, fallback: number) {
  return z
    .number({ error: `${name} must be a number` })
    .int(`${name} must be a whole number`)
    .min(min, `${name} must be at least ${min}`)
    .max(100, `${name} must be at most 100`)
    .default(fallback);
}

function bounded(name: string, unit: string, min: number, max: number, fallback: number) {
  return z
    .number({ error: `${name} must be a number` })
    .int(`${name} must be a whole number`)
    .min(min, `${name} must be at least ${min} ${unit}`)
    .max(max, `${name} must be at most ${max} ${unit}`)
    .default(fallback);
}

export const SCENARIO_PARAMS = {
  "ecs-task-termination": z.object({ service: service.default("api"), percent: percent("percent", 1, 50) }).strict(),
  "cpu-stress": z
    .object({ service: service.default("api"), percent: percent("percent", 10, 80), taskPercent: percent("taskPercent", 1, 100) })
    .strict(),
  "network-latency": z
    .object({
      service: service.default("api"),
      delayMs: bounded("delayMs", "ms", 10, 2000, 200),
      jitterMs: bounded("jitterMs", "ms", 0, 500, 20),
      taskPercent: percent("taskPercent", 1, 100),
    })
    .strict(),
  "aurora-failover": z.object({ refuseSeconds: bounded("refuseSeconds", "s", 5, 60, 20) }).strict(),
  "secret-drift": z.object({ service: service.default("api") }).strict(),
  "secrets-break": z.object({ service: service.default("api") }).strict(),
  "spot-loss-during-deploy": z
    .object({
      service: service.default("backend"),
      spotPercent: percent("spotPercent", 10, 60),
      warningSeconds: bounded("warningSeconds", "s", 5, 300, 30),
    })
    .strict(),
  "pending-task-deadlock": z
    .object({
      service: service.default("backend"),
      desiredCount: bounded("desiredCount", "tasks", 2, 20, 10),
      capacityTasks: bounded("capacityTasks", "tasks", 1, 19, 6),
    })
    .strict()
    .refine((params) => params.capacityTasks < params.desiredCount, {
      path: ["capacityTasks"],
      message: "capacityTasks must be below desiredCount, or nothing is left pending",
    }),
  "bad-deployment": z
    .object({
      service: service.default("api"),
      failure: z.enum(["health-check", "crash"], { error: "failure must be 'health-check' or 'crash'" }).default("health-check"),
    })
    .strict(),
  "nat-gateway-failure": z.object({ service: service.default("api"), replacePercent: percent("replacePercent", 0, 50) }).strict(),
  "health-check-failure": z.object({ service: service.default("api"), taskPercent: percent("taskPercent", 1, 50) }).strict(),
  "waf-misblock": z
    .object({
      pathPrefix: z
        .string({ error: "pathPrefix must be a string" })
        .regex(/^\/[A-Za-z0-9/_-]{0,99}$/, "pathPrefix must start with / and use letters, digits, /, _ or -")
        .default("/api"),
    })
    .strict(),
  "dependency-down": z.object({}).strict(),
} as const satisfies Record<ScenarioId, z.ZodType>;

export type ScenarioParams<Id extends ScenarioId> = z.infer<(typeof SCENARIO_PARAMS)[Id]>;
