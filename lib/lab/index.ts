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
  if (!globalForLab.gamedayLab) {
    const config = env();
    if (config.LAB_KIND === "aws") {
      globalForLab.gamedayLab = createAwsLab(loadAwsLabConfig(config.GAMEDAY_AWS_OUTPUTS ?? ""));
    } else {
      globalForLab.gamedayLab = createLocalLab({ url: config.LOCAL_LAB_URL, token: config.LOCAL_LAB_TOKEN ?? "" });
    }
  }
  return globalForLab.gamedayLab;
}
