/**
 * A deployment's stack outputs as `cdk deploy --outputs-file` writes them, for the AWS
 * adapter's tests. Account 123456789012 and the ids follow the AWS documentation's examples.
 */
import type { AwsOutputs } from "../outputs";

export const ACCOUNT = "123456789012";
export const REGION = "eu-west-1";

export const OUTPUTS: AwsOutputs = {
  Prefix: "gameday",
  Region: REGION,
  ClusterName: "gameday-cluster",
  ApiServiceName: "api",
  BackendServiceName: "backend",
  ApiDeploymentController: "ECS",
  ApiTaskExecutionRoleName: "gameday-api-execution",
  ApiSecretAccessPolicyArn: `arn:aws:iam::${ACCOUNT}:policy/gameday-api-secret-access`,
  LoadBalancerFullName: "app/gameday-alb/50dc6c495c0c9188",
  LoadBalancerUrl: "http://gameday-alb-123456789.eu-west-1.elb.amazonaws.com",
  ApiBlueTargetGroupArn: `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/api-blue/73e2d6bc24d8a067`,
  ApiGreenTargetGroupArn: `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/api-green/2453ed029918f21f`,
  ApiBlueTargetGroupFullName: "targetgroup/api-blue/73e2d6bc24d8a067",
  ApiGreenTargetGroupFullName: "targetgroup/api-green/2453ed029918f21f",
  CodeDeployApplicationName: "gameday-api",
  CodeDeployDeploymentGroupName: "gameday-api-dg",
  DbClusterIdentifier: "gameday-db",
  DbAppSecretArn: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:gameday/db/app-AbCdEf`,
  WebAclName: "gameday-web-acl",
  WebAclId: "a1b2c3d4-5678-90ab-cdef-EXAMPLE11111",
  FaultFlagParameterName: "/gameday/fault-flags",
  AlarmNamePrefix: "gameday-",
  DashboardName: "gameday",
};

/** The EC2 capacity variant adds the Auto Scaling group and its capacity provider. */
export const EC2_OUTPUTS: AwsOutputs = { ...OUTPUTS, AutoScalingGroupName: "gameday-asg", CapacityProviderName: "gameday-spot" };

/** The same outputs grouped by stack, as the outputs file holds them. */
export function outputsFile(outputs: AwsOutputs): Record<string, Record<string, string>> {
  const stateful = new Set(["DbClusterIdentifier", "DbAppSecretArn"]);
  const file: Record<string, Record<string, string>> = { GamedayData: {}, GamedayService: {} };
  for (const [key, value] of Object.entries(outputs)) {
    if (value === undefined) continue;
    const group = stateful.has(key) ? "GamedayData" : "GamedayService";
    const target = file[group];
    if (target) target[key] = value;
  }
  return file;
}
