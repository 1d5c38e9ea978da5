import "server-only";
import { env } from "@/lib/env";
import { createAwsLab, loadAwsLabConfig } from "./aws";
import { LabError } from "./errors";
import { createLocalLab } from "./local";
import type { Lab, LabKind } from "./types";

const globalForLab = globalThis as { gamedayLab?: Lab };

/**
 * A lab that could not be configured (e.g. a missing CDK outputs file): every call fails
 * with the reason, so the console still serves pages and says what to fix.
 */
function misconfiguredLab(kind: LabKind, reason: string): Lab {
  const fail = () => Promise.reject(new LabError("prerequisite-missing", reason));
  return {
    kind,
    health: () => Promise.resolve({ reachable: false, detail: reason }),
    topology: fail,
    preflight: fail,
    start: fail,
    stop: fail,
    haltAll: fail,
    status: fail,
    metrics: fail,
    alarms: fail,
    events: fail,
    traces: fail,
    remediate: fail,
  };
}

function createLab(): Lab {
  const config = env();
  if (config.LAB_KIND === "local") return createLocalLab({ url: config.LOCAL_LAB_URL, token: config.LOCAL_LAB_TOKEN ?? "" });
  try {
    return createAwsLab(loadAwsLabConfig(config.GAMEDAY_AWS_OUTPUTS ?? ""));
  } catch (error) {
    return misconfiguredLab("aws", `The AWS lab is not configured: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * The lab this console drives, picked once from the environment: the local-lab daemon
 * (LAB_KIND=local) or AWS (LAB_KIND=aws, configured by the CDK deploy outputs).
 */
export function getLab(): Lab {
  globalForLab.gamedayLab ??= createLab();
  return globalForLab.gamedayLab;
}

/** Replaces the lab of this process (tests and benchmarks drive a lab of their own). */
export function installLab(lab: Lab | undefined): void {
  globalForLab.gamedayLab = lab;
}
