/**
 * Every stack of one deployment, wired together. Stacks are split by lifecycle, so a
 * change to one rarely touches the others and a teardown can keep the stateful parts:
 *
 * - network: the VPC changes almost never and everything else lives in it.
 * - data: Aurora and its secrets are stateful and deletion-protected; they must survive
 *   redeploys of everything stateless around them.
 * - target: ECS, the ALB, WAF and CodeDeploy are stateless and change with each release of
 *   the target service; game days break and repair them.
 * - observability: dashboard, alarms, SNS and the probe read the target's metrics; tuning
 *   a threshold must not redeploy the target.
 * - chaos: FIS templates and their role; experiments are added and tuned between game days,
 *   and removing the stack removes every way to inject a fault.
 * - console: the Next.js console and its own Postgres; it watches and drives the others,
 *   so it deploys last and can be torn down without touching the target.
 */
import { Tags, type App, type Stack } from "aws-cdk-lib";
import type * as ecs from "aws-cdk-lib/aws-ecs";
import type { InfraConfig } from "./config";
import { deploymentNames, GAMEDAY_TAGS, type DeploymentNames } from "./names";
import { ChaosStack } from "./stacks/chaos-stack";
import { ConsoleStack } from "./stacks/console-stack";
import { DataStack } from "./stacks/data-stack";
import { NetworkStack } from "./stacks/network-stack";
import { ObservabilityStack } from "./stacks/observability-stack";
import { TargetStack } from "./stacks/target-stack";

/** Every stack of a deployment, as public handles for tests and wiring. */
export interface GamedayStacks {
  readonly names: DeploymentNames;
  readonly network: NetworkStack;
  readonly data: DataStack;
  readonly target: TargetStack;
  readonly observability: ObservabilityStack;
  readonly chaos: ChaosStack;
  readonly console: ConsoleStack;
  /** All stacks in deployment order. */
  readonly all: readonly Stack[];
}

/** Wiring choices that are not deployment configuration. */
export interface CreateStacksOptions {
  /** An image already in a registry instead of building `target-service/` (tests, mirrors). */
  readonly targetImage?: ecs.ContainerImage;
  /** An image already in a registry instead of building the console from the root Dockerfile. */
  readonly consoleImage?: ecs.ContainerImage;
}

export function createStacks(app: App, config: InfraConfig, options: CreateStacksOptions = {}): GamedayStacks {
  const names = deploymentNames(config.prefix);
  const description = (what: string) => `Game-day console (${config.prefix}): ${what}`;

  const network = new NetworkStack(app, "Network", { stackName: names.stacks.network, description: description("VPC"), config, names });
  const data = new DataStack(app, "Data", { stackName: names.stacks.data, description: description("Aurora PostgreSQL and its secrets"), config, names, network });
  const target = new TargetStack(app, "Target", {
    stackName: names.stacks.target,
    description: description("ECS services, ALB, WAF and blue/green deployments of the target"),
    config,
    names,
    network,
    data,
    targetImage: options.targetImage,
  });

  const observability = new ObservabilityStack(app, "Observability", {
    stackName: names.stacks.observability,
    description: description("dashboard, alarms, SNS and the availability probe"),
    config,
    names,
    target,
    data,
  });
  const chaos = new ChaosStack(app, "Chaos", {
    stackName: names.stacks.chaos,
    description: description("FIS experiment templates and their role"),
    config,
    names,
    network,
    data,
    target,
    observability,
  });

  const consoleStack = new ConsoleStack(app, "Console", {
    stackName: names.stacks.console,
    description: description("the game-day console on Fargate with its own Postgres"),
    config,
    names,
    network,
    data,
    target,
    observability,
    chaos,
    consoleImage: options.consoleImage,
  });

  const all: Stack[] = [network, data, target, observability, chaos, consoleStack];
  for (const stack of all) Tags.of(stack).add(GAMEDAY_TAGS.deployment, config.prefix);
  return { names, network, data, target, observability, chaos, console: consoleStack, all };
}
