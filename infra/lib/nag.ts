/**
 * cdk-nag acknowledgements. cdk-nag 3 reports IAM4/IAM5 per finding
 * (`AwsSolutions-IAM4[Policy::<arn>]`, `AwsSolutions-IAM5[Resource::<arn>]`), and an
 * acknowledgement of the bare rule id does not cover them, so these helpers name the exact
 * finding: each acknowledgement then covers one policy or one resource pattern, with its reason.
 */
import { Validations } from "aws-cdk-lib";
import type { IConstruct } from "constructs";

/** Acknowledges one AWS managed policy on a role (or anything above it). */
export function acknowledgeManagedPolicy(scope: IConstruct, policyName: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${policyName}]`, reason });
}

/** Acknowledges one wildcard resource (as cdk-nag prints it, e.g. `*` or `arn:<AWS::Partition>:ssm:...:managed-instance/*`). */
export function acknowledgeWildcardResource(scope: IConstruct, resource: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: `AwsSolutions-IAM5[Resource::${resource}]`, reason });
}

/** Acknowledges one wildcard action (e.g. `s3:GetObject*`). */
export function acknowledgeWildcardAction(scope: IConstruct, action: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: `AwsSolutions-IAM5[Action::${action}]`, reason });
}

/** Acknowledges a whole rule on one construct. */
export function acknowledgeRule(scope: IConstruct, ruleId: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: ruleId, reason });
}

/** How cdk-nag prints an ARN in this account and region. */
export function nagArn(service: string, resource: string): string {
  return `arn:<AWS::Partition>:${service}:<AWS::Region>:<AWS::AccountId>:${resource}`;
}
