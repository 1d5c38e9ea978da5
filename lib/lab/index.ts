import "server-only";
import { env } from "@/lib/env";
import { createAwsLab, loadAwsLabConfig } from "./aws";
import { createLocalLab } from "./local";
import type { Lab } from "./types";

const globalForLab = globalThis as { gamedayLab?: Lab };

/**
 * The lab this console drives, picked once from the environment: the local-lab daemon
 * (LAB_KIND=local) or AWS (LAB_KIND=aws, configured by the CDK deploy outputs).
 */
export function getLab(): Lab {
  globalForLab.gamedayLab ??=
    env().LAB_KIND === "aws"
      ? createAwsLab(loadAwsLabConfig(env().GAMEDAY_AWS_OUTPUTS ?? ""))
      : createLocalLab({ url: env().LOCAL_LAB_URL, token: env().LOCAL_LAB_TOKEN ?? "" });
  return globalForLab.gamedayLab;
}

/** Replaces the lab of this process (tests and benchmarks drive a lab of their own). */
export function installLab(lab: Lab | undefined): void {
  globalForLab.gamedayLab = lab;
}
