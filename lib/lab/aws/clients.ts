import "server-only";
import { AutoScalingClient } from "@aws-sdk/client-auto-scaling";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { CodeDeployClient } from "@aws-sdk/client-codedeploy";
import { ECSClient } from "@aws-sdk/client-ecs";
import { ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import { FisClient } from "@aws-sdk/client-fis";
import { IAMClient } from "@aws-sdk/client-iam";
import { RDSClient } from "@aws-sdk/client-rds";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { SSMClient } from "@aws-sdk/client-ssm";
import { STSClient } from "@aws-sdk/client-sts";
import { WAFV2Client } from "@aws-sdk/client-wafv2";
import { XRayClient } from "@aws-sdk/client-xray";
import type { AwsLabConfig } from "./config";

/** The SDK clients the adapter calls; tests inject their own or mock these classes. */
export interface AwsClients {
  fis: FisClient;
  cloudwatch: CloudWatchClient;
  ecs: ECSClient;
  xray: XRayClient;
  secrets: SecretsManagerClient;
  iam: IAMClient;
  ssm: SSMClient;
  wafv2: WAFV2Client;
  codedeploy: CodeDeployClient;
  elbv2: ElasticLoadBalancingV2Client;
  rds: RDSClient;
  sts: STSClient;
  /** EC2 capacity variant only: the Auto Scaling group behind the capacity provider. */
  autoscaling: AutoScalingClient;
}

/** For tests that talk HTTP to a stand-in on 127.0.0.1 instead of AWS. */
export interface AwsClientOverrides {
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

/**
 * One client per service, all in the deployment's Region, with the SDK's adaptive retry:
 * it backs off on throttling and rate-limits the client itself, so a busy game day (many
 * viewers share one poller, but remediation and halts add bursts) degrades into slower
 * answers before it becomes a "throttled" error. Credentials come from the default chain.
 */
export function createAwsClients(config: AwsLabConfig, overrides: AwsClientOverrides = {}): AwsClients {
  const common = { region: config.region, retryMode: "adaptive", maxAttempts: config.maxAttempts, ...overrides };
  return {
    fis: new FisClient(common),
    cloudwatch: new CloudWatchClient(common),
    ecs: new ECSClient(common),
    xray: new XRayClient(common),
    secrets: new SecretsManagerClient(common),
    // IAM is a global service; the SDK resolves its single endpoint from any Region.
    iam: new IAMClient(common),
    ssm: new SSMClient(common),
    wafv2: new WAFV2Client(common),
    codedeploy: new CodeDeployClient(common),
    elbv2: new ElasticLoadBalancingV2Client(common),
    rds: new RDSClient(common),
    sts: new STSClient(common),
    autoscaling: new AutoScalingClient(common),
  };
}
