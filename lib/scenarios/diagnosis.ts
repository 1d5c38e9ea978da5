/**
 * The words a responder diagnoses with: which component failed and how. The trainee's log
 * offers both as lists; scoring compares the choice with the scenario's ground truth (kept
 * server-side in the scoring key). These lists are public: they name every possibility, so
 * they reveal nothing about the fault that runs.
 */
import { z } from "zod";

export const COMPONENTS = {
  "load-balancer": "Load balancer",
  waf: "WAF / edge rules",
  "api-service": "api service (tasks)",
  "backend-service": "backend service (tasks)",
  database: "Database",
  secrets: "Secrets and permissions",
  network: "Network (NAT, routes, DNS)",
  capacity: "Cluster capacity (hosts)",
  deployment: "Deployment / release",
} as const;
export type Component = keyof typeof COMPONENTS;
export const ComponentSchema = z.enum(Object.keys(COMPONENTS) as [Component, ...Component[]], { error: `component must be one of: ${Object.keys(COMPONENTS).join(", ")}` });

export const FAILURE_MODES = {
  "tasks-killed": "Tasks killed or crashed",
  "cpu-saturation": "CPU saturation",
  "added-latency": "Added network latency",
  failover: "Failover / connections dropped",
  "stale-credentials": "Stale or rotated credentials",
  "permission-removed": "Permission removed",
  "capacity-shortage": "Not enough capacity to place tasks",
  "spot-interruption": "Spot interruption",
  "bad-release": "Bad release failing health checks",
  "image-pull-failure": "Cannot pull images / reach dependencies out",
  "health-check-failing": "Health check failing",
  "traffic-blocked": "Legitimate traffic blocked",
  "dependency-down": "Downstream dependency down",
} as const;
export type FailureMode = keyof typeof FAILURE_MODES;
export const FailureModeSchema = z.enum(Object.keys(FAILURE_MODES) as [FailureMode, ...FailureMode[]], { error: `failureMode must be one of: ${Object.keys(FAILURE_MODES).join(", ")}` });
