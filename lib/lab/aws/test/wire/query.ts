/**
 * awsQuery XML bodies (ELBv2, RDS, STS, IAM, Auto Scaling): the layout of each API
 * reference's "Sample Response" (`<OpResponse xmlns=…><OpResult>…</OpResult>
 * <ResponseMetadata><RequestId/></ResponseMetadata></OpResponse>`, lists as `<member>`),
 * filled with the values of the AWS CLI's documented examples (aws/aws-cli,
 * awscli/examples/<service>/<operation>.rst).
 */
import { escapeXml } from "../aws-endpoint";

function envelope(operation: string, namespace: string, result: string): string {
  return `<${operation}Response xmlns="${namespace}"><${operation}Result>${result}</${operation}Result><ResponseMetadata><RequestId>c534f810-f389-11e5-9192-3fff33344cfa</RequestId></ResponseMetadata></${operation}Response>`;
}

const ELBV2 = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/";
const RDS = "http://rds.amazonaws.com/doc/2014-10-31/";

export interface DocumentedTarget {
  id: string;
  port: number;
  state: string;
  reason?: string;
  description?: string;
}

/**
 * Elastic Load Balancing API reference, DescribeTargetHealth "Sample Response" layout with
 * awscli/examples/elbv2/describe-target-health.rst's targets: example 1 (two healthy
 * instances on port 80) and the unused, initial and unhealthy outputs below it.
 */
export const DOCUMENTED_TARGETS = {
  healthy: [
    { id: "i-ceddcd4d", port: 80, state: "healthy" },
    { id: "i-0f76fade", port: 80, state: "healthy" },
  ],
  unused: { id: "i-0f76fade", port: 80, state: "unused", reason: "Target.NotInUse", description: "Target group is not configured to receive traffic from the load balancer" },
  initial: { id: "i-0f76fade", port: 80, state: "initial", reason: "Elb.RegistrationInProgress", description: "Target registration is in progress" },
  unhealthy: { id: "i-0f76fade", port: 80, state: "unhealthy", reason: "Target.Timeout", description: "Connection to target timed out" },
} satisfies Record<string, DocumentedTarget | DocumentedTarget[]>;

export function describeTargetHealth(targets: DocumentedTarget[]): string {
  const members = targets
    .map(
      (target) =>
        `<member><HealthCheckPort>${target.port}</HealthCheckPort><TargetHealth><State>${target.state}</State>${target.reason ? `<Reason>${target.reason}</Reason>` : ""}${target.description ? `<Description>${escapeXml(target.description)}</Description>` : ""}</TargetHealth><Target><Port>${target.port}</Port><Id>${target.id}</Id></Target></member>`,
    )
    .join("");
  return envelope("DescribeTargetHealth", ELBV2, `<TargetHealthDescriptions>${members}</TargetHealthDescriptions>`);
}

/**
 * Amazon RDS API reference, DescribeDBClusters "Sample Response" layout with
 * awscli/examples/rds/describe-db-clusters.rst example 1's cluster (abridged: storage,
 * backup and endpoint details left out), renamed `gameday-db`, whose writer is the member
 * with IsClusterWriter true. `status` lets a test show a failover in progress.
 */
export function describeDbClusters(options: { status?: string; engine?: string; writer?: string } = {}): string {
  const members = [
    ["dbinstance3", false],
    ["dbinstance1", false],
    [options.writer ?? "mydbcluster", true],
  ] as const;
  const memberXml = members
    .map(
      ([id, writer]) =>
        `<DBClusterMember><DBInstanceIdentifier>${id}</DBInstanceIdentifier><IsClusterWriter>${writer}</IsClusterWriter><DBClusterParameterGroupStatus>in-sync</DBClusterParameterGroupStatus><PromotionTier>1</PromotionTier></DBClusterMember>`,
    )
    .join("");
  const cluster =
    `<DBCluster><AllocatedStorage>1</AllocatedStorage><AvailabilityZones><AvailabilityZone>us-east-1a</AvailabilityZone><AvailabilityZone>us-east-1b</AvailabilityZone><AvailabilityZone>us-east-1e</AvailabilityZone></AvailabilityZones>` +
    `<BackupRetentionPeriod>1</BackupRetentionPeriod><DatabaseName>mydbcluster</DatabaseName><DBClusterIdentifier>gameday-db</DBClusterIdentifier><DBClusterParameterGroup>default.aurora-mysql5.7</DBClusterParameterGroup>` +
    `<DBSubnetGroup>default</DBSubnetGroup><Status>${options.status ?? "available"}</Status><Endpoint>mydbcluster.cluster-cnpexample.us-east-1.rds.amazonaws.com</Endpoint>` +
    `<ReaderEndpoint>mydbcluster.cluster-ro-cnpexample.us-east-1.rds.amazonaws.com</ReaderEndpoint><MultiAZ>true</MultiAZ><Engine>${options.engine ?? "aurora-mysql"}</Engine><EngineVersion>5.7.mysql_aurora.2.04.2</EngineVersion>` +
    `<Port>3306</Port><MasterUsername>myadmin</MasterUsername><DBClusterMembers>${memberXml}</DBClusterMembers>` +
    `<StorageEncrypted>true</StorageEncrypted><DBClusterArn>arn:aws:rds:us-east-1:123456789012:cluster:mydbcluster</DBClusterArn><ClusterCreateTime>2019-04-15T14:18:42.785Z</ClusterCreateTime>` +
    `<EngineMode>provisioned</EngineMode><DeletionProtection>false</DeletionProtection></DBCluster>`;
  return envelope("DescribeDBClusters", RDS, `<DBClusters>${cluster}</DBClusters>`);
}

/** Amazon RDS API reference, FailoverDBCluster "Sample Response": the cluster, now `failing-over`. */
export function failoverDbCluster(): string {
  return envelope(
    "FailoverDBCluster",
    RDS,
    `<DBCluster><DBClusterIdentifier>gameday-db</DBClusterIdentifier><Status>failing-over</Status><Engine>aurora-postgresql</Engine><DBClusterMembers><DBClusterMember><DBInstanceIdentifier>dbinstance1</DBInstanceIdentifier><IsClusterWriter>false</IsClusterWriter></DBClusterMember></DBClusterMembers></DBCluster>`,
  );
}

/** AWS STS API reference, GetCallerIdentity sample response, with awscli/examples/sts/get-caller-identity.rst's values. */
export const GET_CALLER_IDENTITY = envelope(
  "GetCallerIdentity",
  "https://sts.amazonaws.com/doc/2011-06-15/",
  "<Arn>arn:aws:iam::123456789012:user/DevAdmin</Arn><UserId>AIDASAMPLEUSERID</UserId><Account>123456789012</Account>",
);

/** IAM API reference, ListAttachedRolePolicies sample response layout, awscli/examples/iam/list-attached-role-policies.rst values plus the policies under test. */
export function listAttachedRolePolicies(policies: { name: string; arn: string }[]): string {
  const members = policies.map((policy) => `<member><PolicyName>${policy.name}</PolicyName><PolicyArn>${policy.arn}</PolicyArn></member>`).join("");
  return envelope("ListAttachedRolePolicies", "https://iam.amazonaws.com/doc/2010-05-08/", `<AttachedPolicies>${members}</AttachedPolicies><IsTruncated>false</IsTruncated>`);
}

/** IAM API reference, DetachRolePolicy / AttachRolePolicy sample responses: metadata only ("This command produces no output"). */
export function iamEmpty(operation: "DetachRolePolicy" | "AttachRolePolicy"): string {
  return `<${operation}Response xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ResponseMetadata><RequestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestId></ResponseMetadata></${operation}Response>`;
}

/**
 * Auto Scaling API reference, DescribeAutoScalingGroups sample response layout with
 * awscli/examples/autoscaling/describe-auto-scaling-groups.rst's group (abridged), renamed
 * `gameday-asg`.
 */
export function describeAutoScalingGroups(desired: number, max: number): string {
  return envelope(
    "DescribeAutoScalingGroups",
    "http://autoscaling.amazonaws.com/doc/2011-01-01/",
    `<AutoScalingGroups><member><AutoScalingGroupName>gameday-asg</AutoScalingGroupName><AutoScalingGroupARN>arn:aws:autoscaling:us-west-2:123456789012:autoScalingGroup:930d940e-891e-4781-a11a-7b0acd480f03:autoScalingGroupName/gameday-asg</AutoScalingGroupARN><MinSize>0</MinSize><MaxSize>${max}</MaxSize><DesiredCapacity>${desired}</DesiredCapacity><DefaultCooldown>300</DefaultCooldown><AvailabilityZones><member>us-west-2a</member></AvailabilityZones><HealthCheckType>EC2</HealthCheckType><HealthCheckGracePeriod>0</HealthCheckGracePeriod><CreatedTime>2023-10-28T02:39:22.152Z</CreatedTime><Instances/></member></AutoScalingGroups>`,
  );
}

/** Auto Scaling API reference, SetDesiredCapacity sample response (metadata only; the CLI prints nothing). */
export const SET_DESIRED_CAPACITY = `<SetDesiredCapacityResponse xmlns="http://autoscaling.amazonaws.com/doc/2011-01-01/"><ResponseMetadata><RequestId>9fb7e2db-6998-11e2-a985-57c82EXAMPLE</RequestId></ResponseMetadata></SetDesiredCapacityResponse>`;
