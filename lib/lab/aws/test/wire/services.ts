/**
 * AWS JSON 1.1 bodies of the services the SDK-driven scenarios and remediations change
 * (Secrets Manager, Systems Manager, WAFv2, CodeDeploy), from the AWS CLI's documented
 * examples (aws/aws-cli, awscli/examples/<service>/<operation>.rst); timestamps as epoch
 * seconds, as on the wire.
 */

/** awscli/examples/secretsmanager/rotate-secret.rst, example 1 (the ARN as printed there). */
export const ROTATE_SECRET = {
  ARN: "aws:arn:secretsmanager:us-west-2:123456789012:secret:MyTestDatabaseSecret-a1b2c3",
  Name: "MyTestDatabaseSecret",
  VersionId: "a1b2c3d4-5678-90ab-cdef-EXAMPLE11111",
};

/** awscli/examples/secretsmanager/describe-secret.rst (abridged: tags and stages left out). */
export const DESCRIBE_SECRET = {
  ARN: "arn:aws:secretsmanager:us-west-2:123456789012:secret:MyTestSecret-Ca8JGt",
  Name: "MyTestSecret",
  Description: "My test secret",
  KmsKeyId: "arn:aws:kms:us-west-2:123456789012:key/EXAMPLE1-90ab-cdef-fedc-ba987EXAMPLE",
  RotationEnabled: true,
  RotationLambdaARN: "arn:aws:lambda:us-west-2:123456789012:function:MyTestRotationLambda",
  RotationRules: { AutomaticallyAfterDays: 2, Duration: "2h", ScheduleExpression: "cron(0 16 1,15 * ? *)" },
  LastRotatedDate: 1525747253.72,
  LastChangedDate: 1523477145.729,
  LastAccessedDate: 1524572133.25,
};

/** awscli/examples/ssm/get-parameter.rst, example 1, with the value the target polls ({} = no fault). */
export function getParameter(name: string, value = "{}"): object {
  return { Parameter: { Name: name, Type: "String", Value: value, Version: 1, LastModifiedDate: 1530018761.888, ARN: `arn:aws:ssm:us-east-2:111222333444:parameter${name}`, DataType: "text" } };
}

/** awscli/examples/ssm/put-parameter.rst, example 1. */
export const PUT_PARAMETER = { Version: 2, Tier: "Standard" };

/** awscli/examples/wafv2/get-web-acl.rst: `test01` with one rule at priority 1, renamed to the test deployment's ACL. */
export function getWebAcl(name: string, id: string, extraRules: object[] = []): object {
  return {
    WebACL: {
      Capacity: 3,
      Description: "",
      Rules: [
        {
          Priority: 1,
          Action: { Block: {} },
          VisibilityConfig: { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: "testrule01" },
          Name: "testrule01",
          Statement: {
            AndStatement: {
              Statements: [
                { ByteMatchStatement: { PositionalConstraint: "EXACTLY", TextTransformations: [{ Priority: 0, Type: "NONE" }], SearchString: "dGVzdHN0cmluZw==", FieldToMatch: { UriPath: {} } } },
                { SizeConstraintStatement: { ComparisonOperator: "EQ", TextTransformations: [{ Priority: 0, Type: "NONE" }], FieldToMatch: { QueryString: {} }, Size: 0 } },
              ],
            },
          },
        },
        ...extraRules,
      ],
      VisibilityConfig: { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: "test01" },
      DefaultAction: { Allow: {} },
      Id: id,
      ARN: `arn:aws:wafv2:us-west-2:123456789012:regional/webacl/${name}/${id}`,
      Name: name,
    },
    LockToken: "e3db7e2c-d58b-4ee6-8346-6aec5511c6fb",
  };
}

/** awscli/examples/wafv2/update-web-acl.rst */
export const UPDATE_WEB_ACL = { NextLockToken: "714a0cfb-0000-0000-0000-2959c8b9a684" };

/** awscli/examples/deploy/create-deployment.rst */
export const CREATE_DEPLOYMENT = { deploymentId: "d-A1B2C3111" };

/** awscli/examples/deploy/stop-deployment.rst */
export const STOP_DEPLOYMENT = { status: "Succeeded", statusMessage: "No more commands will be scheduled for execution in the deployment instances" };
