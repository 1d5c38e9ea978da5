/**
 * The adapter over real SDK clients and the stand-in endpoint, for wire-level tests. One
 * endpoint per test file; each test starts from a quiet deployment (documented bodies for
 * the reads every call makes along the way: the fault ledger, the experiment list) and
 * registers the answers it is about.
 */
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import type { Lab } from "../../types";
import { awsLabConfigFromOutputs, type AwsLabConfig } from "../config";
import type { AwsContext } from "../context";
import { createAwsLab } from "../lab";
import type { AwsOutputs } from "../outputs";
import { AwsEndpoint, ok } from "./aws-endpoint";
import { OUTPUTS } from "./fixtures";
import { describeClusters } from "./wire/ecs";

/** The instant every wire test's adapter believes it is. */
export const NOW = new Date("2026-11-24T18:00:00.000Z");

export interface WireLab {
  endpoint: AwsEndpoint;
  lab: Lab;
  /** The same clients and clock, for calling the adapter's modules directly. */
  context: AwsContext;
  config: AwsLabConfig;
}

export interface WireLabOptions {
  outputs?: AwsOutputs;
  now?: () => Date;
  /** Total attempts per call (adaptive retry); 2 keeps retried errors quick. */
  maxAttempts?: number;
}

/** For a test file: `open()` gives an adapter over a fresh stand-in state. */
export function useWireLab(): (options?: WireLabOptions) => WireLab {
  let endpoint: AwsEndpoint | null = null;
  beforeAll(async () => {
    endpoint = await AwsEndpoint.start();
  });
  beforeEach(() => {
    endpoint?.reset();
    // What lease sweeps and health read: no fault recorded, no experiment running.
    endpoint?.on("ecs", "DescribeClusters", ok(describeClusters([{ key: "gameday:deployment", value: "gameday" }])));
    endpoint?.on("fis", "ListExperiments", ok({ experiments: [] }));
  });
  afterEach(() => endpoint?.reset());
  afterAll(async () => {
    await endpoint?.close();
  });
  return (options = {}) => {
    if (!endpoint) throw new Error("the stand-in endpoint is not running");
    const config = awsLabConfigFromOutputs(options.outputs ?? OUTPUTS, { maxAttempts: options.maxAttempts ?? 2 });
    const clients = endpoint.clients(config);
    const now = options.now ?? (() => NOW);
    const lab = createAwsLab(config, clients, { now, leaseTimers: false, sweepIntervalMs: 60_000 });
    return { endpoint, lab, config, context: { config, clients, now } };
  };
}
