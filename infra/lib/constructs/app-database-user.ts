import path from "node:path";
import { fileURLToPath } from "node:url";
import { CustomResource, Duration, RemovalPolicy } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as logs from "aws-cdk-lib/aws-logs";
import type * as rds from "aws-cdk-lib/aws-rds";
import type * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";

const ASSET_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "assets", "app-db-user");

/** Props of {@link AppDatabaseUser}. */
export interface AppDatabaseUserProps {
  /** The Aurora cluster; must have the Data API enabled. */
  readonly cluster: rds.DatabaseCluster;
  /** The cluster's admin secret, used by the Data API to run the DDL. */
  readonly adminSecret: secretsmanager.ISecret;
  /** The app user's secret (JSON with `username` and `password`). */
  readonly appSecret: secretsmanager.ISecret;
  /** The database the user may connect to. */
  readonly databaseName: string;
  /** The role name; must match the secret's `username`. */
  readonly username: string;
  /** Retention of the function's log group. */
  readonly logRetention: logs.RetentionDays;
}

/**
 * Creates the target service's own database role (never the admin) through the RDS Data
 * API, so CloudFormation can provision it without network access to the cluster.
 */
export class AppDatabaseUser extends Construct {
  /** The custom resource; depend on it before anything logs in as the app user. */
  readonly resource: CustomResource;
  /** The provisioning function. */
  readonly function: lambda.Function;

  constructor(scope: Construct, id: string, props: AppDatabaseUserProps) {
    super(scope, id);
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(props.username)) {
      throw new Error(`AppDatabaseUser: username must be a lowercase Postgres identifier, got "${props.username}"`);
    }

    const logGroup = new logs.LogGroup(this, "Logs", { retention: props.logRetention, removalPolicy: RemovalPolicy.DESTROY });
    const role = new iam.Role(this, "Role", {
      assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com"),
      description: "Creates the app database role through the RDS Data API",
    });
    logGroup.grantWrite(role);
    role.addToPolicy(new iam.PolicyStatement({ actions: ["rds-data:ExecuteStatement"], resources: [props.cluster.clusterArn] }));
    props.adminSecret.grantRead(role);
    props.appSecret.grantRead(role);

    this.function = new lambda.Function(this, "Function", {
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: "index.handler",
      code: lambda.Code.fromAsset(ASSET_DIR, { exclude: ["*.d.mts"] }),
      timeout: Duration.minutes(2),
      memorySize: 256,
      role,
      logGroup,
      description: "CloudFormation custom resource: the target service's database role",
    });

    this.resource = new CustomResource(this, "Resource", {
      serviceToken: this.function.functionArn,
      resourceType: "Custom::AppDatabaseUser",
      properties: {
        ClusterArn: props.cluster.clusterArn,
        AdminSecretArn: props.adminSecret.secretArn,
        AppSecretArn: props.appSecret.secretArn,
        Database: props.databaseName,
        Username: props.username,
      },
    });
    // The Data API needs a running writer, not just the cluster resource. Depending on the
    // whole cluster construct would also pull in its security group rules, which can
    // reference things that depend on this user (rotation), and form a cycle.
    const writer = props.cluster.node.tryFindChild("writer");
    this.resource.node.addDependency(writer ?? props.cluster);
    this.resource.node.addDependency(role);
  }
}
