/**
 * One fake AWS world plus an adapter over it, for the AWS adapter's tests. The adapter's
 * clock is the world's, so a test can move time past a lease without sleeping.
 */
import { afterEach } from "vitest";
import type { LabError } from "../../errors";
import { isLabError } from "../../errors";
import type { Lab } from "../../types";
import type { AwsOutputs } from "../outputs";
import { awsLabConfigFromOutputs, type AwsLabConfig } from "../config";
import { createAwsLab } from "../lab";
import { FakeAws } from "./fake-aws";
import { OUTPUTS } from "./fixtures";

export interface TestLab {
  world: FakeAws;
  lab: Lab;
  config: AwsLabConfig;
  /** A second adapter over the same world: a console restarted with no memory. */
  restart(): Lab;
  done(): void;
}

export function testLab(outputs: AwsOutputs = OUTPUTS): TestLab {
  const world = new FakeAws(outputs);
  world.install();
  const config = awsLabConfigFromOutputs(outputs);
  const make = () => createAwsLab(config, undefined, { now: () => world.now(), leaseTimers: false, sweepIntervalMs: 0 });
  return { world, lab: make(), config, restart: make, done: () => world.restore() };
}

/**
 * For a test file: `open()` gives a fresh fake world and adapter; every world opened by a
 * test is restored after it.
 */
export function useTestLabs(): (outputs?: AwsOutputs) => TestLab {
  const opened: TestLab[] = [];
  afterEach(() => {
    for (const lab of opened.splice(0)) lab.done();
  });
  return (outputs = OUTPUTS) => {
    const lab = testLab(outputs);
    opened.push(lab);
    return lab;
  };
}

/** The LabError a promise rejects with (fails the test if it resolves or throws something else). */
export async function labError(promise: Promise<unknown>): Promise<LabError> {
  const outcome = await promise.then(
    () => new Error("expected a LabError, but the call succeeded"),
    (error: unknown) => error,
  );
  if (isLabError(outcome)) return outcome;
  throw outcome instanceof Error ? outcome : new Error(String(outcome));
}
