/**
 * The contract between the CDK app (`infra/`) and the AWS adapter: the stack outputs the
 * adapter needs, as written by `cdk deploy --all --outputs-file <file>`. That file groups
 * outputs by stack (`{ "<StackName>": { "<OutputKey>": "<value>" } }`); the adapter merges
 * every stack's outputs into one map, so each key below must be unique across stacks.
 *
 * Pure module (no SDK, no server-only) so the infra tests can check that the synthesized
 * stacks export every required key.
 */
import { z } from "zod";

/** Tag keys the console uses to find what it may drive. */
export const GAMEDAY_TAGS = {
  /** On every FIS experiment template: the scenario id it implements (e.g. `ecs-task-termination`). */
  scenario: "gameday:scenario",
  /** On every resource of a deployment: the deployment's name (the `Prefix` output). */
  deployment: "gameday:deployment",
  /** On experiments the console starts: the console's run id. */
  run: "gameday:run",
} as const;

const nonEmpty = z.string().min(1);
const arn = z.string().regex(/^arn:aws[a-z-]*:/, "must be an ARN");

export const AwsOutputsSchema = z.object({
  /** Deployment name; prefixes resource names and is the value of the `gameday:deployment` tag. */
  Prefix: nonEmpty,
  Region: nonEmpty,
  /** ECS cluster name (the CloudWatch `ClusterName` dimension). */
  ClusterName: nonEmpty,
  /** ECS service names; the stack names them `api` and `backend`, the port's service names. */
  ApiServiceName: nonEmpty,
  BackendServiceName: nonEmpty,
  /** `CODE_DEPLOY` for api (blue/green), `ECS` for backend (rolling, circuit breaker). */
  ApiDeploymentController: z.enum(["ECS", "CODE_DEPLOY"]),
  ApiTaskExecutionRoleName: nonEmpty,
  /** Managed policy granting the api execution role read access to the app's DB secret; secrets-break detaches it. */
  ApiSecretAccessPolicyArn: arn,
  /** CloudWatch `LoadBalancer` dimension, e.g. `app/gameday-alb/50dc6c495c0c9188`. */
  LoadBalancerFullName: nonEmpty,
  /** Public URL of the target's listener, e.g. `http://gameday-alb-123.eu-west-1.elb.amazonaws.com`. */
  LoadBalancerUrl: nonEmpty,
  ApiBlueTargetGroupArn: arn,
  ApiGreenTargetGroupArn: arn,
  /** CloudWatch `TargetGroup` dimension values, e.g. `targetgroup/api-blue/73e2d6bc24d8a067`. */
  ApiBlueTargetGroupFullName: nonEmpty,
  ApiGreenTargetGroupFullName: nonEmpty,
  CodeDeployApplicationName: nonEmpty,
  CodeDeployDeploymentGroupName: nonEmpty,
  DbClusterIdentifier: nonEmpty,
  /** The app user's secret (JSON with username/password/host/port/dbname); secret-drift rotates it. */
  DbAppSecretArn: arn,
  WebAclName: nonEmpty,
  WebAclId: nonEmpty,
  /** SSM parameter (JSON) the target service polls for fault flags (health-check-failure). */
  FaultFlagParameterName: nonEmpty,
  /** Alarm names all start with this; the console lists alarms by this prefix. */
  AlarmNamePrefix: nonEmpty,
  DashboardName: nonEmpty,
  /** Present only in the EC2 capacity variant (Spot and pending-task scenarios). */
  CapacityProviderName: nonEmpty.optional(),
  AutoScalingGroupName: nonEmpty.optional(),
});
export type AwsOutputs = z.infer<typeof AwsOutputsSchema>;

/** Keys every deployment exports; the two capacity keys exist only with `capacity: ec2`. */
export const REQUIRED_OUTPUT_KEYS = Object.entries(AwsOutputsSchema.shape)
  .filter(([, schema]) => !schema.safeParse(undefined).success)
  .map(([key]) => key as keyof AwsOutputs);

/** Merges the per-stack groups of an outputs file and validates them. */
export function parseAwsOutputs(file: unknown): AwsOutputs {
  const grouped = z.record(z.string(), z.record(z.string(), z.string())).parse(file);
  const merged: Record<string, string> = {};
  for (const outputs of Object.values(grouped)) Object.assign(merged, outputs);
  return AwsOutputsSchema.parse(merged);
}
