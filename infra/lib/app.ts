import { App, Validations, type AppProps } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { loadConfig, type InfraConfig } from "./config";
import { createStacks, type CreateStacksOptions, type GamedayStacks } from "./create-stacks";

/**
 * CDK feature flags, set in code rather than cdk.json so tests synthesize exactly what
 * `cdk synth` does. Context given on the command line still wins.
 */
export const FEATURE_FLAGS: Readonly<Record<string, unknown>> = {
  // Cross-stack references stay CloudFormation exports: a producer cannot drop a value a
  // consumer still uses (the console depends on every other stack).
  "@aws-cdk/core:defaultCrossStackReferences": "strong",
  "@aws-cdk/aws-iam:minimizePolicies": true,
  "@aws-cdk/core:checkSecretUsage": true,
  "@aws-cdk/aws-ecs:arnFormatIncludesClusterName": true,
  "@aws-cdk/aws-ecs:disableExplicitDeploymentControllerForCircuitBreaker": true,
  "@aws-cdk/aws-ec2:restrictDefaultSecurityGroup": true,
  "@aws-cdk/aws-lambda:recognizeLayerVersion": true,
  "@aws-cdk/customresources:installLatestAwsSdkDefault": false,
};

/** What {@link buildApp} returns: the app, its parsed config and every stack. */
export interface BuiltApp {
  readonly app: App;
  readonly config: InfraConfig;
  readonly stacks: GamedayStacks;
}

/**
 * App → config (zod, from context) → stacks → the cdk-nag AwsSolutions gate. Synth fails on
 * any unacknowledged finding, so the gate runs on every `cdk synth` and `cdk deploy`.
 */
export function buildApp(props: AppProps = {}, options: CreateStacksOptions = {}): BuiltApp {
  const app = new App({ ...props, context: { ...FEATURE_FLAGS, ...props.context } });
  const config = loadConfig(app.node);
  const stacks = createStacks(app, config, options);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, config, stacks };
}
