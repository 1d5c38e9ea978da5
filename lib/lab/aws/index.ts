/**
 * The AWS adapter of the lab port: FIS for the scenarios it can express, the service APIs
 * (ECS, IAM, Secrets Manager, SSM, WAFv2, CodeDeploy, RDS) for the rest, CloudWatch and
 * X-Ray for what responders see.
 */
export { loadAwsLabConfig, awsLabConfigFromOutputs, type AwsLabConfig, type AwsLabConfigOverrides } from "./config";
export { createAwsLab, type AwsLabOptions } from "./lab";
export type { AwsClients } from "./clients";
