import "server-only";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { LabHealthSchema, type HaltAllOptions, type Lab, type LabHealth, type RunHandle, type RunSpec } from "../types";
import { readAlarms, readMetrics } from "./cloudwatch";
import { createAwsClients, type AwsClients } from "./clients";
import type { AwsLabConfig } from "./config";
import type { AwsContext } from "./context";
import { awsCall, toLabError } from "./errors";
import { readEventFeed, type EventSourceMemory } from "./events";
import { readLedger } from "./ledger";
import { preflight } from "./preflight";
import { remediate } from "./remediation";
import { haltAll, runStatus, startRun, stopRun, sweepExpired } from "./runs";
import { readTopology } from "./topology";
import { readTraces } from "./xray";

/** Knobs for tests and embedding; production uses the defaults. */
export interface AwsLabOptions {
  /** Clock for leases; tests move it past an expiry instead of sleeping. */
  now?: () => Date;
  /** Revert SDK-driven faults at their lease by timer, not only on the next call (default true). */
  leaseTimers?: boolean;
  /** Lease sweeps piggyback on calls at most this often (default 10 s). */
  sweepIntervalMs?: number;
}

/**
 * The lab port on AWS. Stateless across processes: everything it must remember (runs,
 * leases, what to revert) lives in AWS (FIS experiment tags, the fault ledger on the ECS
 * cluster), so a restarted console picks up where the last one stopped.
 */
export function createAwsLab(config: AwsLabConfig, clients?: Partial<AwsClients>, options: AwsLabOptions = {}): Lab {
  const context: AwsContext = {
    config,
    clients: { ...createAwsClients(config), ...clients },
    now: options.now ?? (() => new Date()),
  };
  const sweepInterval = options.sweepIntervalMs ?? 10_000;
  const sourceMemory: EventSourceMemory = new Map();
  let lastSweep = Number.NEGATIVE_INFINITY;

  /**
   * Leases are enforced on the way through other calls (the console polls status and
   * events all game day long); a failed sweep is retried on a later call rather than
   * failing the call that carried it.
   */
  async function sweep(force = false): Promise<void> {
    const now = context.now().getTime();
    if (!force && now - lastSweep < sweepInterval) return;
    lastSweep = now;
    await sweepExpired(context).catch(() => undefined);
  }

  function scheduleLease(handle: RunHandle): void {
    if (options.leaseTimers === false) return;
    const delay = Math.max(0, Date.parse(handle.leaseExpiresAt) - Date.now()) + 1000;
    // unref: a pending lease must not keep a finished process (or a test worker) alive.
    setTimeout(() => void sweep(true), delay).unref();
  }

  return {
    kind: "aws",

    async health(): Promise<LabHealth> {
      try {
        const identity = await awsCall("sts:GetCallerIdentity", () => context.clients.sts.send(new GetCallerIdentityCommand({})));
        await readLedger(context);
        return LabHealthSchema.parse({
          reachable: true,
          detail: `AWS account ${identity.Account ?? "?"} as ${identity.Arn ?? "?"}; cluster ${config.outputs.ClusterName} in ${config.region}.`,
        });
      } catch (error) {
        return LabHealthSchema.parse({ reachable: false, detail: toLabError(error, "health check").message });
      }
    },

    async topology() {
      await sweep();
      return readTopology(context);
    },

    preflight: (spec) => preflight(context, spec),

    async start(spec: RunSpec) {
      const handle = await startRun(context, spec);
      scheduleLease(handle);
      await sweep();
      return handle;
    },

    async stop(handle, _reason) {
      await stopRun(context, handle);
    },

    async haltAll(reason, haltOptions?: HaltAllOptions) {
      return haltAll(context, reason, haltOptions?.engageSafetyLever === true);
    },

    async status(handle) {
      await sweep();
      return runStatus(context, handle);
    },

    metrics: (queries, from, to) => readMetrics(context, queries, from, to),
    alarms: () => readAlarms(context),

    async events(since) {
      await sweep();
      return (await readEventFeed(context, since, sourceMemory)).events;
    },

    async eventFeed(since) {
      await sweep();
      return readEventFeed(context, since, sourceMemory);
    },

    traces: (from, to) => readTraces(context, from, to),
    remediate: (action) => remediate(context, action),
  };
}
