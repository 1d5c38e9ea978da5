import { App, Validations, type AppProps } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { loadConfig, type InfraConfig } from "./config";
import { createStacks, type CreateStacksOptions, type GamedayStacks } from "./create-stacks";

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
  const app = new App(props);
  const config = loadConfig(app.node);
  const stacks = createStacks(app, config, options);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, config, stacks };
}
