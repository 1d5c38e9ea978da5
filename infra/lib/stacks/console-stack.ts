import { CfnOutput, Duration, Fn, IgnoreMode, RemovalPolicy, Stack, type StackProps } from "aws-cdk-lib";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as ecr_assets from "aws-cdk-lib/aws-ecr-assets";
import * as ecs from "aws-cdk-lib/aws-ecs";
import * as elbv2 from "aws-cdk-lib/aws-elasticloadbalancingv2";
import * as iam from "aws-cdk-lib/aws-iam";
import * as logs from "aws-cdk-lib/aws-logs";
import * as rds from "aws-cdk-lib/aws-rds";
import * as s3 from "aws-cdk-lib/aws-s3";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import type { Construct } from "constructs";
import type { InfraConfig } from "../config";
import { consoleStatements } from "../console-permissions";
import { SERVICE_NAMES, type DeploymentNames } from "../names";
import { enableAlbAccessLogs } from "../constructs/alb-access-logs";
import { acknowledgeRule, acknowledgeWildcardResource, nagArn } from "../nag";
import type { ChaosStack } from "./chaos-stack";
import type { DataStack } from "./data-stack";
import type { NetworkStack } from "./network-stack";
import type { ObservabilityStack } from "./observability-stack";
import { REPO_ROOT, type TargetStack } from "./target-stack";

/** Props of {@link ConsoleStack}. */
export interface ConsoleStackProps extends StackProps {
  /** The validated app configuration. */
  readonly config: InfraConfig;
  /** Names derived from the deployment prefix. */
  readonly names: DeploymentNames;
  /** The VPC and its subnet groups. */
  readonly network: NetworkStack;
  /** Aurora, its security group and the app secret. */
  readonly data: DataStack;
  /** The target services, load balancer and capacity. */
  readonly target: TargetStack;
  /** The alarms (stop conditions) and the topic. */
  readonly observability: ObservabilityStack;
  /** The FIS templates the console drives; the console deploys after them. */
  readonly chaos: ChaosStack;
  /** Defaults to the image built from the repository's root Dockerfile. */
  readonly consoleImage?: ecs.ContainerImage;
}

/** The port the console's server listens on inside the container. */
export const CONSOLE_PORT = 3000;

/** Environment variable carrying the deployment's outputs; the entrypoint writes it to a file. */
export const OUTPUTS_ENV = "GAMEDAY_AWS_OUTPUTS_JSON";

/**
 * The game-day console on Fargate: its own cluster, an internet-facing ALB (HTTPS when a
 * certificate is given), its own PostgreSQL, the NEXTAUTH secret, and a task role with
 * exactly the calls the AWS adapter makes. The container receives the other stacks'
 * outputs as JSON in {@link OUTPUTS_ENV}; its entrypoint writes them to the file
 * `GAMEDAY_AWS_OUTPUTS` names, the same shape `cdk deploy --outputs-file` writes.
 */
export class ConsoleStack extends Stack {
  readonly service: ecs.FargateService;
  readonly taskRole: iam.Role;
  readonly database: rds.DatabaseInstance;
  readonly nextAuthSecret: secretsmanager.Secret;
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  /** The URL users open (and NEXTAUTH_URL). */
  readonly url: string;

  constructor(scope: Construct, id: string, props: ConsoleStackProps) {
    super(scope, id, props);
    const { config, names, network, data, target, observability, chaos } = props;
    const https = config.certificateArn !== undefined;

    // ---- Database --------------------------------------------------------------------
    // RDS PostgreSQL, not Aurora: one small single-writer database with no failover story to
    // tell, always on (no Serverless v2 resume delay when a facilitator opens the console),
    // at the lowest cost floor. The target's Aurora stays the thing game days break.
    const dbSecurityGroup = new ec2.SecurityGroup(this, "DatabaseSecurityGroup", { vpc: network.vpc, description: "Console database", allowAllOutbound: false });
    const dbIdentifier = `${names.prefix}-console-db`;
    const dbLogs = new logs.LogGroup(this, "DatabaseLogs", {
      logGroupName: `/aws/rds/instance/${dbIdentifier}/postgresql`,
      retention: config.logRetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.database = new rds.DatabaseInstance(this, "Database", {
      instanceIdentifier: dbIdentifier,
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16_13 }),
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.MICRO),
      credentials: rds.Credentials.fromGeneratedSecret("gameday_console", { secretName: `${names.prefix}/console/db` }),
      databaseName: "gameday_console",
      vpc: network.vpc,
      vpcSubnets: network.dataSubnets,
      securityGroups: [dbSecurityGroup],
      multiAz: false,
      allocatedStorage: 20,
      maxAllocatedStorage: 50,
      storageType: rds.StorageType.GP3,
      storageEncrypted: true,
      backupRetention: Duration.days(7),
      deletionProtection: config.deletionProtection,
      removalPolicy: RemovalPolicy.SNAPSHOT,
      iamAuthentication: true,
      autoMinorVersionUpgrade: true,
      cloudwatchLogsExports: ["postgresql"],
      parameters: { "rds.force_ssl": "1" },
    });
    this.database.node.addDependency(dbLogs);
    const dbSecret = this.database.secret;
    if (!dbSecret) throw new Error("ConsoleStack: the database was created without a generated secret");

    this.nextAuthSecret = new secretsmanager.Secret(this, "NextAuthSecret", {
      secretName: `${names.prefix}/console/nextauth`,
      description: "NEXTAUTH_SECRET of the game-day console (encrypts session cookies)",
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });

    // ---- Load balancer ---------------------------------------------------------------
    const albSecurityGroup = new ec2.SecurityGroup(this, "AlbSecurityGroup", { vpc: network.vpc, description: "Game-day console listener", allowAllOutbound: false });
    const listenerPort = https ? 443 : 80;
    albSecurityGroup.addIngressRule(ec2.Peer.ipv4(config.consoleIngressCidr), ec2.Port.tcp(listenerPort), https ? "console over HTTPS" : "console over HTTP (no certificate)");
    if (https) albSecurityGroup.addIngressRule(ec2.Peer.ipv4(config.consoleIngressCidr), ec2.Port.tcp(80), "redirect to HTTPS");
    const accessLogs = new s3.Bucket(this, "AlbAccessLogs", {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(30) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, "Alb", {
      loadBalancerName: `${names.prefix}-console`,
      vpc: network.vpc,
      vpcSubnets: network.publicSubnets,
      internetFacing: true,
      securityGroup: albSecurityGroup,
      dropInvalidHeaderFields: true,
      // The live view holds one Server-Sent Events stream per tab; keep idle streams open.
      idleTimeout: Duration.seconds(300),
    });
    enableAlbAccessLogs(this.loadBalancer, accessLogs, "console-alb");

    const host = config.consoleDomainName ?? this.loadBalancer.loadBalancerDnsName;
    this.url = `${https ? "https" : "http"}://${host}`;

    // ---- Service ---------------------------------------------------------------------
    const cluster = new ecs.Cluster(this, "Cluster", { clusterName: `${names.prefix}-console`, vpc: network.vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });
    const logGroup = new logs.LogGroup(this, "Logs", { logGroupName: names.logGroup("console"), retention: config.logRetentionDays, removalPolicy: RemovalPolicy.DESTROY });

    this.taskRole = new iam.Role(this, "TaskRole", {
      roleName: `${names.prefix}-console-task`,
      assumedBy: new iam.ServicePrincipal("ecs-tasks.amazonaws.com"),
      description: "The game-day console: exactly the calls of the AWS lab adapter, scoped to this deployment",
    });
    const statements = consoleStatements(this, {
      prefix: names.prefix,
      clusterName: names.clusterName,
      serviceNames: SERVICE_NAMES,
      passableRoleArns: [target.api.taskRole.roleArn, target.api.executionRole.roleArn, target.backend.taskRole.roleArn, target.backend.executionRole.roleArn],
      apiExecutionRoleArn: target.api.executionRole.roleArn,
      apiSecretAccessPolicyArn: target.api.secretAccessPolicy.managedPolicyArn,
      appSecretArn: data.appSecret.secretArn,
      appSecretRotationFunctionName: names.appSecretRotationFunction,
      faultFlagParameterArn: target.faultFlagParameter.parameterArn,
      webAclArn: target.webAcl.attrArn,
      codeDeployApplicationName: names.codeDeployApplication,
      codeDeployGroupName: names.codeDeployGroup,
      dbClusterArn: data.cluster.clusterArn,
      autoScalingGroupName: target.autoScalingGroup ? names.autoScalingGroup : undefined,
    });
    const policy = new iam.Policy(this, "AdapterPolicy", { policyName: `${names.prefix}-console-lab-adapter`, statements });
    this.taskRole.attachInlinePolicy(policy);

    const executionRole = new iam.Role(this, "ExecutionRole", {
      assumedBy: new iam.ServicePrincipal("ecs-tasks.amazonaws.com"),
      description: "Pulls the console image, writes its logs and reads its secrets",
    });

    const taskDefinition = new ecs.FargateTaskDefinition(this, "TaskDefinition", {
      family: `${names.prefix}-console`,
      cpu: 1024,
      memoryLimitMiB: 2048,
      taskRole: this.taskRole,
      executionRole,
      runtimePlatform: { cpuArchitecture: ecs.CpuArchitecture.X86_64, operatingSystemFamily: ecs.OperatingSystemFamily.LINUX },
    });
    const image =
      props.consoleImage ??
      ecs.ContainerImage.fromAsset(REPO_ROOT, { file: "Dockerfile", platform: ecr_assets.Platform.LINUX_AMD64, ignoreMode: IgnoreMode.DOCKER });
    taskDefinition.addContainer("Console", {
      containerName: "console",
      image,
      essential: true,
      portMappings: [{ containerPort: CONSOLE_PORT, name: "http" }],
      environment: {
        NODE_ENV: "production",
        PORT: String(CONSOLE_PORT),
        NEXTAUTH_URL: this.url,
        LAB_KIND: "aws",
        AWS_REGION: this.region,
        TRUST_PROXY: "true",
        NEXT_TELEMETRY_DISABLED: "1",
        DB_HOST: this.database.dbInstanceEndpointAddress,
        DB_PORT: this.database.dbInstanceEndpointPort,
        DB_NAME: "gameday_console",
        [OUTPUTS_ENV]: this.toJsonString({ [this.stackName]: deploymentOutputs({ names, data, target, observability }) }),
      },
      secrets: {
        DB_USER: ecs.Secret.fromSecretsManager(dbSecret, "username"),
        DB_PASSWORD: ecs.Secret.fromSecretsManager(dbSecret, "password"),
        NEXTAUTH_SECRET: ecs.Secret.fromSecretsManager(this.nextAuthSecret),
      },
      logging: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: "console" }),
      stopTimeout: Duration.seconds(30),
    });

    const serviceSecurityGroup = new ec2.SecurityGroup(this, "ServiceSecurityGroup", { vpc: network.vpc, description: "Game-day console tasks", allowAllOutbound: true });
    this.service = new ecs.FargateService(this, "Service", {
      serviceName: "console",
      cluster,
      taskDefinition,
      // One task: migrations run at start and the live hub elects one poller anyway.
      desiredCount: 1,
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      securityGroups: [serviceSecurityGroup],
      // Not the app subnets: nat-gateway-failure isolates those, and the console must still
      // reach AWS to watch and stop the experiment.
      vpcSubnets: network.consoleSubnets,
      assignPublicIp: false,
      enableExecuteCommand: false,
      circuitBreaker: { enable: true, rollback: true },
      healthCheckGracePeriod: Duration.seconds(120),
      propagateTags: ecs.PropagatedTagSource.SERVICE,
    });
    dbSecurityGroup.addIngressRule(serviceSecurityGroup, ec2.Port.tcp(5432), "console tasks");

    const targetGroup = new elbv2.ApplicationTargetGroup(this, "TargetGroup", {
      targetGroupName: `${names.prefix}-console`,
      vpc: network.vpc,
      targetType: elbv2.TargetType.IP,
      protocol: elbv2.ApplicationProtocol.HTTP,
      port: CONSOLE_PORT,
      healthCheck: { path: "/api/health", interval: Duration.seconds(15), healthyThresholdCount: 2, unhealthyThresholdCount: 3 },
      deregistrationDelay: Duration.seconds(20),
      targets: [this.service],
    });
    if (https && config.certificateArn) {
      this.loadBalancer.addListener("Https", {
        port: 443,
        protocol: elbv2.ApplicationProtocol.HTTPS,
        open: false,
        certificates: [elbv2.ListenerCertificate.fromArn(config.certificateArn)],
        sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
        defaultTargetGroups: [targetGroup],
      });
      this.loadBalancer.addListener("HttpRedirect", {
        port: 80,
        protocol: elbv2.ApplicationProtocol.HTTP,
        open: false,
        defaultAction: elbv2.ListenerAction.redirect({ protocol: "HTTPS", port: "443", permanent: true }),
      });
    } else {
      this.loadBalancer.addListener("Http", { port: 80, protocol: elbv2.ApplicationProtocol.HTTP, open: false, defaultTargetGroups: [targetGroup] });
    }
    albSecurityGroup.addEgressRule(serviceSecurityGroup, ec2.Port.tcp(CONSOLE_PORT), "load balancer to console");
    serviceSecurityGroup.addIngressRule(albSecurityGroup, ec2.Port.tcp(CONSOLE_PORT), "load balancer to console");

    // ---- Acknowledged findings -------------------------------------------------------
    acknowledgeRule(
      albSecurityGroup,
      "AwsSolutions-EC23",
      https
        ? "The console is a web application for facilitators and trainees on the internet; HTTPS only (HTTP redirects). Narrow it with consoleIngressCidr."
        : "No certificateArn was given, so the console listens on plain HTTP: it works out of the box for a first game day. Give certificateArn (and consoleDomainName) for HTTPS; narrow access with consoleIngressCidr.",
    );
    acknowledgeRule(accessLogs, "AwsSolutions-S1", "This bucket is the console ALB's access-log sink; logging its own access would need another bucket with the same question.");
    acknowledgeRule(this.database, "AwsSolutions-RDS3", "The console's history database is single-AZ to keep the cost floor low; it is backed up daily and restored from snapshots, and losing it pauses the console, not the target.");
    acknowledgeRule(this.database, "AwsSolutions-RDS11", "The default port keeps the console's DATABASE_URL conventional; only the console tasks' security group may reach it, in isolated subnets.");
    acknowledgeRule(
      this.database,
      "AwsSolutions-SMG4",
      "The console reads its database password at start; scheduled rotation would cut it off mid-game-day. Rotate between game days and redeploy (README).",
    );
    acknowledgeRule(this.nextAuthSecret, "AwsSolutions-SMG4", "Rotating NEXTAUTH_SECRET signs everyone out; rotate it between game days by regenerating the secret and redeploying (README).");
    acknowledgeRule(taskDefinition, "AwsSolutions-ECS2", "Only non-secret settings are plain environment variables (URLs, region, DB host, the stack outputs); passwords and NEXTAUTH_SECRET come from Secrets Manager.");
    for (const [resource, reason] of [
      ["*", "List, describe and read-only telemetry calls (FIS lists, CloudWatch, ECS task definitions, ELB target health, X-Ray, STS) have no resource-level permissions; ListTasks is limited by the ecs:cluster condition."],
      [nagArn("fis", "experiment-template/*"), "Templates are found by tag: the grant requires gameday:deployment=<prefix> on the template."],
      [nagArn("fis", "experiment/*"), "Experiment IDs are created when the console starts one; they cannot be named in advance."],
      [nagArn("fis", "safety-lever/*"), "The FIS safety lever is one per account and region; its ID is not known at deploy time."],
      [nagArn("ecs", `task/${names.clusterName}/*`), "Task IDs change with every deployment; limited to the target cluster."],
      [nagArn("ecs", `container-instance/${names.clusterName}/*`), "Container instance IDs change as capacity scales; limited to the target cluster."],
      [nagArn("wafv2", "regional/managedruleset/*/*"), "UpdateWebACL authorizes against the AWS managed rule group the WebACL references; its ID is AWS's."],
      [nagArn("codedeploy", "deploymentconfig:*"), "CodeDeploy reads the deployment configuration (an AWS predefined one) when creating a deployment."],
    ] as const) {
      acknowledgeWildcardResource(policy, resource, reason);
    }
    if (target.autoScalingGroup) {
      acknowledgeWildcardResource(
        policy,
        nagArn("autoscaling", `autoScalingGroup:*:autoScalingGroupName/${names.autoScalingGroup}`),
        "Auto Scaling group ARNs carry a generated ID; the grant names the group by its name.",
      );
    }
    acknowledgeWildcardResource(executionRole, "*", "ecr:GetAuthorizationToken, granted by CDK to pull the console image, has no resource-level permissions.");
    // The console drives the templates, so it deploys after them.
    this.addStackDependency(chaos);

    new CfnOutput(this, "ConsoleUrl", { key: "ConsoleUrl", value: this.url });
    // The first accounts: a one-off task runs the seed (it prints the generated passwords once).
    const subnets = network.vpc.selectSubnets(network.consoleSubnets).subnetIds;
    new CfnOutput(this, "ConsoleSeedCommand", {
      key: "ConsoleSeedCommand",
      description: "Creates the first console accounts (prints their passwords to this task's log once)",
      value: [
        `aws ecs run-task --cluster ${cluster.clusterName} --task-definition ${taskDefinition.family} --launch-type FARGATE`,
        `--network-configuration "awsvpcConfiguration={subnets=[${Fn.join(",", subnets)}],securityGroups=[${serviceSecurityGroup.securityGroupId}],assignPublicIp=DISABLED}"`,
        `--overrides '{"containerOverrides":[{"name":"console","command":["seed"]}]}'`,
      ].join(" "),
    });
    new CfnOutput(this, "ConsoleLogGroupName", { key: "ConsoleLogGroupName", value: logGroup.logGroupName });
  }
}

/**
 * The outputs the AWS adapter needs, for the container: the same keys the other stacks
 * export, built from the same references (lib/lab/aws/outputs.ts).
 */
function deploymentOutputs(refs: { names: DeploymentNames; data: DataStack; target: TargetStack; observability: ObservabilityStack }): Record<string, string> {
  const { names, data, target } = refs;
  const outputs: Record<string, string> = {
    Prefix: names.prefix,
    Region: target.region,
    ClusterName: target.cluster.clusterName,
    ApiServiceName: target.api.service.serviceName,
    BackendServiceName: target.backend.service.serviceName,
    ApiDeploymentController: "CODE_DEPLOY",
    ApiTaskExecutionRoleName: target.api.executionRole.roleName,
    ApiSecretAccessPolicyArn: target.api.secretAccessPolicy.managedPolicyArn,
    LoadBalancerFullName: target.loadBalancer.loadBalancerFullName,
    LoadBalancerUrl: target.loadBalancerUrl,
    ApiBlueTargetGroupArn: target.blueTargetGroup.targetGroupArn,
    ApiGreenTargetGroupArn: target.greenTargetGroup.targetGroupArn,
    ApiBlueTargetGroupFullName: target.blueTargetGroup.targetGroupFullName,
    ApiGreenTargetGroupFullName: target.greenTargetGroup.targetGroupFullName,
    CodeDeployApplicationName: names.codeDeployApplication,
    CodeDeployDeploymentGroupName: names.codeDeployGroup,
    DbClusterIdentifier: data.cluster.clusterIdentifier,
    DbAppSecretArn: data.appSecret.secretArn,
    WebAclName: names.webAcl,
    WebAclId: target.webAcl.attrId,
    FaultFlagParameterName: target.faultFlagParameter.parameterName,
    AlarmNamePrefix: names.alarmPrefix,
    DashboardName: names.dashboard,
  };
  if (target.capacityProvider && target.autoScalingGroup) {
    outputs.CapacityProviderName = target.capacityProvider.capacityProviderName;
    outputs.AutoScalingGroupName = target.autoScalingGroup.autoScalingGroupName;
  }
  return outputs;
}
