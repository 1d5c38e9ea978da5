import { CfnOutput, Duration, RemovalPolicy, Stack, Tokenization, Validations, type StackProps } from "aws-cdk-lib";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as kms from "aws-cdk-lib/aws-kms";
import * as logs from "aws-cdk-lib/aws-logs";
import * as rds from "aws-cdk-lib/aws-rds";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import type { Construct } from "constructs";
import type { InfraConfig } from "../config";
import { AppDatabaseUser } from "../constructs/app-database-user";
import type { DeploymentNames } from "../names";
import type { NetworkStack } from "./network-stack";

/** Props of {@link DataStack}. */
export interface DataStackProps extends StackProps {
  /** The validated app configuration. */
  readonly config: InfraConfig;
  /** Names derived from the deployment prefix. */
  readonly names: DeploymentNames;
  /** The VPC and its subnet groups. */
  readonly network: NetworkStack;
}

/** Aurora Serverless v2 capacity bounds (ACUs); small on purpose: a game-day target, not production. */
export const AURORA_CAPACITY = { min: 0.5, max: 4 } as const;

/** The Postgres port; fixed so other stacks can open it without a cross-stack token. */
export const DB_PORT = 5432;

/** How often Secrets Manager rotates the database secrets on its own (game days rotate on demand). */
export const ROTATION_DAYS = 30;

/**
 * The target's database: Aurora PostgreSQL Serverless v2 with a writer and a reader (so
 * failover has somewhere to go), encrypted with its own key, deletion-protected, with the
 * admin and the app's own user each in a rotated Secrets Manager secret.
 */
export class DataStack extends Stack {
  readonly cluster: rds.DatabaseCluster;
  /** The admin credentials; only the rotation and provisioning functions read them. */
  readonly adminSecret: secretsmanager.ISecret;
  /**
   * The app user's secret, attached to the cluster so it carries host, port and dbname;
   * the target's execution roles read it, secret-drift rotates it.
   */
  readonly appSecret: secretsmanager.ISecret;
  /** The cluster's security group; other stacks add ingress with {@link allowFrom}. */
  readonly clusterSecurityGroup: ec2.ISecurityGroup;
  readonly databaseName: string;
  /** The writer endpoint's host name and port (as a string, for environment variables). */
  readonly clusterHost: string;
  readonly clusterPort: string;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const { config, names, network } = props;
    this.databaseName = names.databaseName;

    const key = new kms.Key(this, "StorageKey", {
      alias: `alias/${names.prefix}/aurora`,
      description: "Encrypts the game-day target's Aurora storage",
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.cluster = new rds.DatabaseCluster(this, "Aurora", {
      clusterIdentifier: names.dbClusterIdentifier,
      engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_13 }),
      credentials: rds.Credentials.fromGeneratedSecret("gameday_admin", { secretName: `${names.prefix}/aurora/admin` }),
      defaultDatabaseName: names.databaseName,
      writer: rds.ClusterInstance.serverlessV2("writer", { autoMinorVersionUpgrade: true }),
      // The reader follows the writer's scale so a failover lands on a warm instance.
      readers: [rds.ClusterInstance.serverlessV2("reader", { scaleWithWriter: true, autoMinorVersionUpgrade: true })],
      port: DB_PORT,
      serverlessV2MinCapacity: AURORA_CAPACITY.min,
      serverlessV2MaxCapacity: AURORA_CAPACITY.max,
      vpc: network.vpc,
      vpcSubnets: network.dataSubnets,
      storageEncrypted: true,
      storageEncryptionKey: key,
      deletionProtection: config.deletionProtection,
      removalPolicy: RemovalPolicy.SNAPSHOT,
      iamAuthentication: true,
      enableDataApi: true,
      backup: { retention: Duration.days(7) },
      cloudwatchLogsExports: ["postgresql"],
      parameters: { "rds.force_ssl": "1", log_connections: "1", log_disconnections: "1" },
    });
    // RDS would create the export log group itself with no retention; owning it here sets
    // retention without CDK's log-retention custom resource.
    const postgresLogs = new logs.LogGroup(this, "PostgresLogs", {
      logGroupName: `/aws/rds/cluster/${names.dbClusterIdentifier}/postgresql`,
      retention: config.logRetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.cluster.node.addDependency(postgresLogs);

    const adminSecret = this.cluster.secret;
    if (!adminSecret) throw new Error("DataStack: the cluster was created without a generated admin secret");
    this.adminSecret = adminSecret;
    const [clusterSecurityGroup] = this.cluster.connections.securityGroups;
    if (!clusterSecurityGroup) throw new Error("DataStack: the cluster has no security group");
    this.clusterSecurityGroup = clusterSecurityGroup;
    this.clusterHost = this.cluster.clusterEndpoint.hostname;
    this.clusterPort = Tokenization.stringifyNumber(this.cluster.clusterEndpoint.port);

    const appSecret = new rds.DatabaseSecret(this, "AppSecret", {
      secretName: `${names.prefix}/aurora/app`,
      username: names.appDbUser,
      dbname: names.databaseName,
    });
    this.appSecret = appSecret.attach(this.cluster);

    const appUser = new AppDatabaseUser(this, "AppUser", {
      cluster: this.cluster,
      adminSecret,
      appSecret: this.appSecret,
      databaseName: names.databaseName,
      username: names.appDbUser,
      logRetention: config.logRetentionDays,
    });

    // Single-user rotation on purpose: it changes the app user's own password, so tasks that
    // read the secret at start keep the old one until a new deployment (secret-drift).
    const rotationSecurityGroup = new ec2.SecurityGroup(this, "RotationSecurityGroup", {
      vpc: network.vpc,
      description: "Secrets Manager rotation functions of the Aurora secrets",
      allowAllOutbound: true,
    });
    this.cluster.connections.allowDefaultPortFrom(rotationSecurityGroup, "secret rotation functions");

    const appRotation = secretsmanager.HostedRotation.postgreSqlSingleUser({
      functionName: names.appSecretRotationFunction,
      vpc: network.vpc,
      vpcSubnets: network.appSubnets,
      securityGroups: [rotationSecurityGroup],
    });
    const appSchedule = this.appSecret.addRotationSchedule("AppRotation", {
      hostedRotation: appRotation,
      automaticallyAfter: Duration.days(ROTATION_DAYS),
      // The role does not exist until the custom resource ran; rotating at create would fail.
      rotateImmediatelyOnUpdate: false,
    });
    appSchedule.node.addDependency(appUser.resource);

    const adminRotation = secretsmanager.HostedRotation.postgreSqlSingleUser({
      functionName: `${names.prefix}-admin-secret-rotation`,
      vpc: network.vpc,
      vpcSubnets: network.appSubnets,
      securityGroups: [rotationSecurityGroup],
    });
    adminSecret.addRotationSchedule("AdminRotation", { hostedRotation: adminRotation, automaticallyAfter: Duration.days(ROTATION_DAYS) });

    Validations.of(this.cluster).acknowledge({
      id: "AwsSolutions-RDS11",
      reason: "The default Postgres port keeps runbooks and the target service simple; only the task, rotation and console security groups may reach it, in isolated subnets.",
    });
    Validations.of(this.cluster).acknowledge({
      id: "AwsSolutions-RDS16",
      reason: "Aurora PostgreSQL log exports are enabled ('postgresql'); the other log types this rule looks for exist only for Aurora MySQL.",
    });
    Validations.of(appUser).acknowledge({
      id: "AwsSolutions-IAM5",
      reason: "The log-stream wildcard is the function's own log group (logs:CreateLogStream cannot name a stream before it exists).",
    });

    new CfnOutput(this, "DbClusterIdentifier", { key: "DbClusterIdentifier", value: this.cluster.clusterIdentifier });
    new CfnOutput(this, "DbAppSecretArn", { key: "DbAppSecretArn", value: this.appSecret.secretArn });
  }

  /**
   * Lets a security group in another stack reach Postgres. The rule is created in the
   * caller's stack: placed here it would make this stack depend on the caller, which
   * already depends on this one.
   */
  allowFrom(scope: Construct, id: string, source: ec2.ISecurityGroup, description: string): ec2.CfnSecurityGroupIngress {
    return new ec2.CfnSecurityGroupIngress(scope, id, {
      groupId: this.clusterSecurityGroup.securityGroupId,
      sourceSecurityGroupId: source.securityGroupId,
      ipProtocol: "tcp",
      fromPort: DB_PORT,
      toPort: DB_PORT,
      description,
    });
  }
}
