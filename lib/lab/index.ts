import "server-only";
import { env } from "@/lib/env";
import { LabError } from "./errors";
import { createLocalLab } from "./local";
import type { Lab, LabKind } from "./types";

const globalForLab = globalThis as { gamedayLab?: Lab };

/**
 * The AWS adapter, loaded on first use: a console driving the local lab never pays for the
 * AWS SDK (about 40 MB of memory per process).
 */
function lazyAwsLab(outputsFile: string): Lab {
  let loaded: Promise<Lab> | undefined;
  const lab = () =>
    (loaded ??= import("./aws").then(({ createAwsLab, loadAwsLabConfig }) => {
      try {
        return createAwsLab(loadAwsLabConfig(outputsFile));
      } catch (error) {
        return misconfiguredLab("aws", `The AWS lab is not configured: ${error instanceof Error ? error.message : String(error)}`);
      }
    }));
  return {
    kind: "aws",
    health: async () => (await lab()).health(),
    topology: async () => (await lab()).topology(),
    preflight: async (spec) => (await lab()).preflight(spec),
    start: async (spec) => (await lab()).start(spec),
    stop: async (handle, reason) => (await lab()).stop(handle, reason),
    haltAll: async (reason, options) => (await lab()).haltAll(reason, options),
    status: async (handle) => (await lab()).status(handle),
    metrics: async (queries, from, to) => (await lab()).metrics(queries, from, to),
    alarms: async () => (await lab()).alarms(),
    events: async (since) => (await lab()).events(since),
    eventFeed: async (since) => {
      const loadedLab = await lab();
      return loadedLab.eventFeed ? loadedLab.eventFeed(since) : { events: await loadedLab.events(since), sources: [] };
    },
    traces: async (from, to) => (await lab()).traces(from, to),
    remediate: async (action) => (await lab()).remediate(action),
  };
}

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
  return lazyAwsLab(config.GAMEDAY_AWS_OUTPUTS ?? "");
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
