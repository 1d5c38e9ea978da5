import { Stack } from "aws-cdk-lib";
import type * as elbv2 from "aws-cdk-lib/aws-elasticloadbalancingv2";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as s3 from "aws-cdk-lib/aws-s3";
import { FactName } from "aws-cdk-lib/region-info";

/**
 * ALB access logs in an environment-agnostic stack. `logAccessLogs()` needs a concrete
 * region, so the bucket policy names the region's ELB account through CDK's region map
 * (regions from before August 2022) and the log-delivery service principal (the newer ones).
 */
export function enableAlbAccessLogs(loadBalancer: elbv2.ApplicationLoadBalancer, bucket: s3.IBucket, prefix: string): void {
  const stack = Stack.of(loadBalancer);
  bucket.addToResourcePolicy(
    new iam.PolicyStatement({
      actions: ["s3:PutObject"],
      principals: [new iam.AccountPrincipal(stack.regionalFact(FactName.ELBV2_ACCOUNT)), new iam.ServicePrincipal("logdelivery.elasticloadbalancing.amazonaws.com")],
      resources: [bucket.arnForObjects(`${prefix}/AWSLogs/${stack.account}/*`)],
    }),
  );
  loadBalancer.setAttribute("access_logs.s3.enabled", "true");
  loadBalancer.setAttribute("access_logs.s3.bucket", bucket.bucketName);
  loadBalancer.setAttribute("access_logs.s3.prefix", prefix);
  // The load balancer checks it can write to the bucket when logging is switched on.
  loadBalancer.node.addDependency(bucket);
}
