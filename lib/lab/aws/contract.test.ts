/**
 * The shared lab contract against the AWS adapter, with the SDK mocked at the client seam
 * and a fake AWS that moves experiments along on each tick.
 */
import { describeLabContract } from "../contract/lab-contract";
import { awsLabConfigFromOutputs } from "./config";
import { createAwsLab } from "./lab";
import { FakeAws } from "./test/fake-aws";
import { OUTPUTS } from "./test/fixtures";

describeLabContract("aws", () => {
  const world = new FakeAws(OUTPUTS);
  world.install();
  const lab = createAwsLab(awsLabConfigFromOutputs(OUTPUTS), undefined, { now: () => world.now(), leaseTimers: false });
  return Promise.resolve({
    lab,
    scenario: { scenarioId: "ecs-task-termination", params: { service: "api", percent: 50 }, durationSeconds: 120 },
    service: "api",
    settleTimeoutMs: 3_000,
    tick: () => {
      world.tick();
      return Promise.resolve();
    },
    teardown: () => {
      world.restore();
      return Promise.resolve();
    },
  });
});
