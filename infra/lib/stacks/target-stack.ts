import path from "node:path";
import { fileURLToPath } from "node:url";
import { CfnOutput, Duration, RemovalPolicy, Stack, Tags, Validations, type StackProps } from "aws-cdk-lib";
import * as autoscaling from "aws-cdk-lib/aws-autoscaling";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as codedeploy from "aws-cdk-lib/aws-codedeploy";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as ecr_assets from "aws-cdk-lib/aws-ecr-assets";
import * as ecs from "aws-cdk-lib/aws-ecs";
import * as elbv2 from "aws-cdk-lib/aws-elasticloadbalancingv2";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import * as logs from "aws-cdk-lib/aws-logs";
import * as s3 from "aws-cdk-lib/aws-s3";
import * as servicediscovery from "aws-cdk-lib/aws-servicediscovery";
import * as ssm from "aws-cdk-lib/aws-ssm";
import * as wafv2 from "aws-cdk-lib/aws-wafv2";
import type { Construct } from "constructs";
import type { InfraConfig } from "../config";
import { enableAlbAccessLogs } from "../constructs/alb-access-logs";
import { TargetService } from "../constructs/target-service";
import { CAPACITY_TAG, TARGET_PORT, type DeploymentNames } from "../names";
import { acknowledgeManagedPolicy, acknowledgeRule, acknowledgeWildcardAction, acknowledgeWildcardResource, nagArn } from "../nag";
import type { DataStack } from "./data-stack";
import type { NetworkStack } from "./network-stack";

/** The repository root; the target image is built from `<root>/target-service`. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

/** Props of {@link TargetStack}. */
export interface TargetStackProps extends StackProps {
  /** The validated app configuration. */
  readonly config: InfraConfig;
  /** Names derived from the deployment prefix. */
  readonly names: DeploymentNames;
  /** The VPC and its subnet groups. */
  readonly network: NetworkStack;
  /** Aurora, its security group and the app secret. */
  readonly data: DataStack;
  /** Defaults to the image built from target-service/Dockerfile. */
  readonly targetImage?: ecs.ContainerImage;
}

/** Autoscaling targets and cooldowns from seed 001 (CPU 70 %, memory 80 %, 1000 requests per target). */
export function defaultScaling() {
  return {
    cpuPercent: 70,
    memoryPercent: 80,
    requestsPerTarget: 1000,
    scaleOutCooldown: Duration.seconds(60),
    scaleInCooldown: Duration.seconds(300),
  } as const;
}

/** ALB health checks and draining from seed 001 (30 s interval, 2/2 thresholds, 30 s deregistration). */
export function defaultTargetGroupHealth(): elbv2.HealthCheck {
  return {
    path: "/healthz",
    interval: Duration.seconds(30),
    timeout: Duration.seconds(5),
    healthyThresholdCount: 2,
    unhealthyThresholdCount: 2,
    healthyHttpCodes: "200",
  };
}

/** WAF rate limit of seed 002: requests per 5 minutes per client IP. */
export const WAF_RATE_LIMIT = 2000;

/**
 * The target: an ECS cluster (Container Insights) running the two target services on
 * Fargate behind an internet-facing ALB with WAF, blue/green CodeDeploy for api, rolling
 * deployments with the circuit breaker for backend, autoscaling, Cloud Map discovery, and
 * in the EC2 variant an On-Demand + Spot Auto Scaling group as a capacity provider for backend.
 */
export class TargetStack extends Stack {
  readonly cluster: ecs.Cluster;
  readonly api: TargetService;
  readonly backend: TargetService;
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly listener: elbv2.ApplicationListener;
  readonly blueTargetGroup: elbv2.ApplicationTargetGroup;
  readonly greenTargetGroup: elbv2.ApplicationTargetGroup;
  readonly webAcl: wafv2.CfnWebACL;
  readonly deploymentGroup: codedeploy.EcsDeploymentGroup;
  readonly faultFlagParameter: ssm.StringParameter;
  readonly managedInstanceRole: iam.Role;
  /** `http://<alb dns>`: what the probe and the console's target view use. */
  readonly loadBalancerUrl: string;
  /** ECS Exec's session key and log group; absent when the deployment turns ECS Exec off. */
  readonly execSessions?: { readonly key: kms.Key; readonly logGroup: logs.LogGroup };
  /** Only in the EC2 capacity variant. */
  readonly capacityProvider?: ecs.AsgCapacityProvider;
  readonly autoScalingGroup?: autoscaling.AutoScalingGroup;

  constructor(scope: Construct, id: string, props: TargetStackProps) {
    super(scope, id, props);
    const { config, names, network, data } = props;
    const scaling = defaultScaling();

    this.execSessions = config.ecsExec ? this.addExecSessionLogging(config, names) : undefined;
    this.cluster = new ecs.Cluster(this, "Cluster", {
      clusterName: names.clusterName,
      vpc: network.vpc,
      containerInsightsV2: ecs.ContainerInsights.ENABLED,
      defaultCloudMapNamespace: { name: names.namespace, type: servicediscovery.NamespaceType.DNS_PRIVATE, vpc: network.vpc, useForServiceConnect: false },
      // ECS Exec sessions: the data channel encrypted with our key, every session's input and output logged.
      executeCommandConfiguration: this.execSessions
        ? {
            kmsKey: this.execSessions.key,
            logging: ecs.ExecuteCommandLogging.OVERRIDE,
            logConfiguration: { cloudWatchLogGroup: this.execSessions.logGroup, cloudWatchEncryptionEnabled: true },
          }
        : undefined,
    });

    if (config.capacity === "ec2") {
      const { group, provider } = this.addEc2Capacity(config, names, network);
      this.autoScalingGroup = group;
      this.capacityProvider = provider;
    }

    this.faultFlagParameter = new ssm.StringParameter(this, "FaultFlags", {
      parameterName: names.faultFlagParameter,
      // The console writes {"healthFailPercent":N,"expiresAt":"<ISO>","runId":"..."}; {} means no fault.
      stringValue: "{}",
      description: "Fault flags the target service polls (health-check-failure); written by the game-day console",
      tier: ssm.ParameterTier.STANDARD,
    });

    this.managedInstanceRole = new iam.Role(this, "FisManagedInstanceRole", {
      assumedBy: new iam.ServicePrincipal("ssm.amazonaws.com"),
      description: "Attached by SSM to target tasks the FIS sidecar registers as managed instances",
      // Required by the FIS guide for aws:ecs:task actions: lets the agent run FIS documents.
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName("AmazonSSMManagedInstanceCore")],
    });
    this.managedInstanceRole.addToPolicy(
      new iam.PolicyStatement({
        actions: ["ssm:DeregisterManagedInstance"],
        resources: [this.formatArn({ service: "ssm", resource: "managed-instance", resourceName: "*" })],
      }),
    );
    // ssm:DeleteActivation has no resource type to scope to.
    this.managedInstanceRole.addToPolicy(new iam.PolicyStatement({ actions: ["ssm:DeleteActivation"], resources: ["*"] }));

    const image = props.targetImage ?? ecs.ContainerImage.fromAsset(path.join(REPO_ROOT, "target-service"), { platform: ecr_assets.Platform.LINUX_AMD64 });
    const database = { host: data.clusterHost, port: data.clusterPort, name: data.databaseName };
    const common = {
      cluster: this.cluster,
      subnets: network.appSubnets,
      image,
      dbSecret: data.appSecret,
      database,
      faultFlagParameter: this.faultFlagParameter,
      managedInstanceRole: this.managedInstanceRole,
      desiredCount: config.desiredCount,
      ssmAgentImage: config.ssmAgentImage,
      collectorImage: config.adotCollectorImage,
      executeCommand: config.ecsExec,
    };

    const logGroup = (service: string) =>
      new logs.LogGroup(this, `${service}Logs`, { logGroupName: names.logGroup(service), retention: config.logRetentionDays, removalPolicy: RemovalPolicy.DESTROY });

    this.backend = new TargetService(this, "Backend", {
      ...common,
      serviceName: "backend",
      family: `${names.prefix}-backend`,
      logGroup: logGroup("backend"),
      deploymentController: ecs.DeploymentControllerType.ECS,
      capacity: this.capacityProvider ? { kind: "ec2", capacityProvider: this.capacityProvider } : { kind: "fargate" },
    });
    this.api = new TargetService(this, "Api", {
      ...common,
      serviceName: "api",
      family: `${names.prefix}-api`,
      logGroup: logGroup("api"),
      deploymentController: ecs.DeploymentControllerType.CODE_DEPLOY,
      capacity: { kind: "fargate" },
      environment: { BACKEND_URL: `http://backend.${names.namespace}:${TARGET_PORT}` },
      healthCheckGracePeriod: Duration.seconds(60),
    });
    this.backend.securityGroup.addIngressRule(this.api.securityGroup, ec2.Port.tcp(TARGET_PORT), "api calls backend");
    data.allowFrom(this, "DbFromApi", this.api.securityGroup, "api tasks");
    data.allowFrom(this, "DbFromBackend", this.backend.securityGroup, "backend tasks");

    // ---- Load balancer, WAF, blue/green --------------------------------------------------
    const accessLogs = new s3.Bucket(this, "AlbAccessLogs", {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(30) }],
      // Kept on teardown: it may hold the evidence of the last game day (README: delete by hand).
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const albSecurityGroup = new ec2.SecurityGroup(this, "AlbSecurityGroup", {
      vpc: network.vpc,
      description: "Public listener of the game-day target",
      allowAllOutbound: false,
    });
    albSecurityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(80), "the target's public HTTP listener");
    this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, "Alb", {
      loadBalancerName: `${names.prefix}-target`,
      vpc: network.vpc,
      vpcSubnets: network.publicSubnets,
      internetFacing: true,
      securityGroup: albSecurityGroup,
      dropInvalidHeaderFields: true,
      idleTimeout: Duration.seconds(30),
    });
    enableAlbAccessLogs(this.loadBalancer, accessLogs, "alb");
    this.api.securityGroup.addIngressRule(albSecurityGroup, ec2.Port.tcp(TARGET_PORT), "load balancer to api");
    albSecurityGroup.addEgressRule(this.api.securityGroup, ec2.Port.tcp(TARGET_PORT), "load balancer to api");
    this.loadBalancerUrl = `http://${this.loadBalancer.loadBalancerDnsName}`;

    const targetGroup = (color: "blue" | "green") =>
      new elbv2.ApplicationTargetGroup(this, `Api${color === "blue" ? "Blue" : "Green"}`, {
        targetGroupName: `${names.prefix}-api-${color}`,
        vpc: network.vpc,
        targetType: elbv2.TargetType.IP,
        protocol: elbv2.ApplicationProtocol.HTTP,
        port: TARGET_PORT,
        healthCheck: defaultTargetGroupHealth(),
        deregistrationDelay: Duration.seconds(30),
      });
    this.blueTargetGroup = targetGroup("blue");
    this.greenTargetGroup = targetGroup("green");
    this.listener = this.loadBalancer.addListener("Http", {
      port: 80,
      protocol: elbv2.ApplicationProtocol.HTTP,
      open: false,
      defaultTargetGroups: [this.blueTargetGroup],
    });
    this.api.service.attachToApplicationTargetGroup(this.blueTargetGroup);

    this.webAcl = new wafv2.CfnWebACL(this, "WebAcl", {
      name: names.webAcl,
      scope: "REGIONAL",
      defaultAction: { allow: {} },
      visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: names.webAcl, sampledRequestsEnabled: true },
      rules: [
        {
          name: "aws-common-rules",
          priority: 10,
          overrideAction: { none: {} },
          statement: { managedRuleGroupStatement: { vendorName: "AWS", name: "AWSManagedRulesCommonRuleSet" } },
          visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: `${names.prefix}-common-rules`, sampledRequestsEnabled: true },
        },
        {
          name: "rate-limit-per-ip",
          priority: 20,
          action: { block: {} },
          statement: { rateBasedStatement: { limit: WAF_RATE_LIMIT, aggregateKeyType: "IP", evaluationWindowSec: 300 } },
          visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: `${names.prefix}-rate-limit`, sampledRequestsEnabled: true },
        },
      ],
    });
    new wafv2.CfnWebACLAssociation(this, "WebAclAssociation", { resourceArn: this.loadBalancer.loadBalancerArn, webAclArn: this.webAcl.attrArn });

    const application = new codedeploy.EcsApplication(this, "CodeDeployApplication", { applicationName: names.codeDeployApplication });
    // Alarms live in the observability stack (deployed after this one); CodeDeploy reads them
    // by name when a deployment runs, so referencing names avoids a cross-stack cycle.
    const rollbackAlarms = (["api5xx", "apiUnhealthyHosts"] as const).map((key) => cloudwatch.Alarm.fromAlarmName(this, `RollbackAlarm-${key}`, names.alarm(key)));
    this.deploymentGroup = new codedeploy.EcsDeploymentGroup(this, "ApiDeploymentGroup", {
      application,
      deploymentGroupName: names.codeDeployGroup,
      service: this.api.service,
      deploymentConfig: codedeploy.EcsDeploymentConfig.ALL_AT_ONCE,
      blueGreenDeploymentConfig: {
        blueTargetGroup: this.blueTargetGroup,
        greenTargetGroup: this.greenTargetGroup,
        listener: this.listener,
        // Keeps the old task set for five minutes so a rollback is a listener switch, not a redeploy.
        terminationWaitTime: Duration.minutes(5),
      },
      alarms: rollbackAlarms,
      autoRollback: { failedDeployment: true, stoppedDeployment: true, deploymentInAlarm: true },
    });

    // ---- Autoscaling ---------------------------------------------------------------------
    for (const service of [this.api, this.backend]) {
      const target = service.service.autoScaleTaskCount({ minCapacity: config.desiredCount, maxCapacity: config.maxCount });
      target.scaleOnCpuUtilization("Cpu", { targetUtilizationPercent: scaling.cpuPercent, scaleOutCooldown: scaling.scaleOutCooldown, scaleInCooldown: scaling.scaleInCooldown });
      target.scaleOnMemoryUtilization("Memory", {
        targetUtilizationPercent: scaling.memoryPercent,
        scaleOutCooldown: scaling.scaleOutCooldown,
        scaleInCooldown: scaling.scaleInCooldown,
      });
      if (service === this.api) {
        target.scaleOnRequestCount("Requests", {
          requestsPerTarget: scaling.requestsPerTarget,
          targetGroup: this.blueTargetGroup,
          scaleOutCooldown: scaling.scaleOutCooldown,
          scaleInCooldown: scaling.scaleInCooldown,
        });
      }
    }

    // ---- Acknowledged findings -----------------------------------------------------------
    Validations.of(accessLogs).acknowledge({
      id: "AwsSolutions-S1",
      reason: "This bucket is the ALB access-log sink; logging its own access would need another bucket with the same question.",
    });
    Validations.of(albSecurityGroup).acknowledge({
      id: "AwsSolutions-EC23",
      reason: "The target's public listener is the system under test: players and the probe reach it from the internet, behind WAF.",
    });
    acknowledgeManagedPolicy(
      this.managedInstanceRole,
      "AmazonSSMManagedInstanceCore",
      "The FIS guide for aws:ecs:task actions requires AmazonSSMManagedInstanceCore on the managed instance role.",
    );
    acknowledgeWildcardResource(
      this.managedInstanceRole,
      nagArn("ssm", "managed-instance/*"),
      "A task's managed-instance ID is assigned when the sidecar registers; deregistering on task stop can only name this account's managed instances.",
    );
    acknowledgeWildcardResource(this.managedInstanceRole, "*", "ssm:DeleteActivation has no resource type to scope to.");
    acknowledgeManagedPolicy(
      this.deploymentGroup,
      "AWSCodeDeployRoleForECS",
      "CodeDeploy's ECS blue/green service role uses the AWSCodeDeployRoleForECS managed policy it is documented with.",
    );

    // ---- Outputs (the contract in lib/lab/aws/outputs.ts) --------------------------------
    const output = (key: string, value: string) => new CfnOutput(this, key, { key, value });
    output("Prefix", names.prefix);
    output("Region", this.region);
    output("ClusterName", this.cluster.clusterName);
    output("ApiServiceName", this.api.service.serviceName);
    output("BackendServiceName", this.backend.service.serviceName);
    output("ApiDeploymentController", "CODE_DEPLOY");
    output("ApiTaskExecutionRoleName", this.api.executionRole.roleName);
    output("ApiSecretAccessPolicyArn", this.api.secretAccessPolicy.managedPolicyArn);
    output("LoadBalancerFullName", this.loadBalancer.loadBalancerFullName);
    output("LoadBalancerUrl", this.loadBalancerUrl);
    output("ApiBlueTargetGroupArn", this.blueTargetGroup.targetGroupArn);
    output("ApiGreenTargetGroupArn", this.greenTargetGroup.targetGroupArn);
    output("ApiBlueTargetGroupFullName", this.blueTargetGroup.targetGroupFullName);
    output("ApiGreenTargetGroupFullName", this.greenTargetGroup.targetGroupFullName);
    output("CodeDeployApplicationName", application.applicationName);
    output("CodeDeployDeploymentGroupName", this.deploymentGroup.deploymentGroupName);
    output("WebAclName", names.webAcl);
    output("WebAclId", this.webAcl.attrId);
    output("FaultFlagParameterName", this.faultFlagParameter.parameterName);
    if (this.capacityProvider && this.autoScalingGroup) {
      output("CapacityProviderName", this.capacityProvider.capacityProviderName);
      output("AutoScalingGroupName", this.autoScalingGroup.autoScalingGroupName);
    }
  }

  /**
   * Seed 001's EC2 capacity: an Auto Scaling group mixing an On-Demand base with Spot above
   * it (several instance types, price-capacity-optimized), registered as a capacity provider
   * with managed scaling and managed termination protection, Spot draining on.
   */
  /**
   * Where ECS Exec sessions are recorded: a customer-managed key (rotated) encrypts the
   * session channel and the log group that receives every session's commands and output,
   * so `aws ecs execute-command` during a game day leaves an audit trail nobody else can read.
   */
  private addExecSessionLogging(config: InfraConfig, names: DeploymentNames): { key: kms.Key; logGroup: logs.LogGroup } {
    const key = new kms.Key(this, "ExecSessionKey", {
      alias: `alias/${names.prefix}/ecs-exec`,
      description: "Encrypts ECS Exec sessions into the game-day target tasks and their session logs",
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const logGroup = new logs.LogGroup(this, "ExecSessionLogs", {
      logGroupName: names.logGroup("ecs-exec"),
      encryptionKey: key,
      retention: config.logRetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    return { key, logGroup };
  }

  private addEc2Capacity(config: InfraConfig, names: DeploymentNames, network: NetworkStack) {
    const securityGroup = new ec2.SecurityGroup(this, "CapacitySecurityGroup", {
      vpc: network.vpc,
      description: "ECS container instances of the EC2 capacity variant",
      allowAllOutbound: true,
    });
    const role = new iam.Role(this, "CapacityInstanceRole", {
      assumedBy: new iam.ServicePrincipal("ec2.amazonaws.com"),
      description: "ECS container instances of the EC2 capacity variant",
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName("service-role/AmazonEC2ContainerServiceforEC2Role")],
    });
    const userData = ec2.UserData.forLinux();
    // CDK adds Spot draining only for groups with a spot price; with a mixed-instances policy
    // the agent must be told here, so tasks drain during the two-minute interruption notice.
    userData.addCommands("echo ECS_ENABLE_SPOT_INSTANCE_DRAINING=true >> /etc/ecs/ecs.config");
    const launchTemplate = new ec2.LaunchTemplate(this, "CapacityLaunchTemplate", {
      launchTemplateName: `${names.prefix}-ecs-capacity`,
      machineImage: ecs.EcsOptimizedImage.amazonLinux2023(),
      userData,
      role,
      securityGroup,
      requireImdsv2: true,
      detailedMonitoring: true,
      blockDevices: [{ deviceName: "/dev/xvda", volume: ec2.BlockDeviceVolume.ebs(30, { encrypted: true, volumeType: ec2.EbsDeviceVolumeType.GP3 }) }],
    });
    const group = new autoscaling.AutoScalingGroup(this, "CapacityGroup", {
      autoScalingGroupName: names.autoScalingGroup,
      vpc: network.vpc,
      vpcSubnets: network.appSubnets,
      minCapacity: config.ec2MinCapacity,
      maxCapacity: config.ec2MaxCapacity,
      mixedInstancesPolicy: {
        launchTemplate,
        launchTemplateOverrides: config.ec2InstanceTypes.map((type) => ({ instanceType: new ec2.InstanceType(type) })),
        instancesDistribution: {
          onDemandBaseCapacity: config.ec2OnDemandBaseCapacity,
          onDemandPercentageAboveBaseCapacity: config.ec2OnDemandPercentageAboveBase,
          spotAllocationStrategy: autoscaling.SpotAllocationStrategy.PRICE_CAPACITY_OPTIMIZED,
        },
      },
      newInstancesProtectedFromScaleIn: true,
      capacityRebalance: true,
    });
    // FIS's spot-loss template selects the group's Spot instances by these tags.
    Tags.of(group).add(CAPACITY_TAG, "ecs-asg", { applyToLaunchedInstances: true });
    const provider = new ecs.AsgCapacityProvider(this, "CapacityProvider", {
      capacityProviderName: `${names.prefix}-ec2`,
      autoScalingGroup: group,
      enableManagedScaling: true,
      enableManagedTerminationProtection: true,
      targetCapacityPercent: 100,
      minimumScalingStepSize: 1,
      maximumScalingStepSize: 10,
      instanceWarmupPeriod: 300,
      spotInstanceDraining: true,
    });
    this.cluster.addAsgCapacityProvider(provider, { spotInstanceDraining: true });

    acknowledgeManagedPolicy(
      role,
      "service-role/AmazonEC2ContainerServiceforEC2Role",
      "AmazonEC2ContainerServiceforEC2Role is the documented policy for ECS container instances to register with the cluster.",
    );
    acknowledgeWildcardAction(role, "ecs:Submit*", "CDK's grant for the ECS container agent: it reports task and container state changes (Submit* family) for the cluster.");
    acknowledgeWildcardResource(
      role,
      "*",
      "The ECS agent's ecs:DiscoverPollEndpoint and ecr:GetAuthorizationToken (granted by CDK for the cluster's instances) have no resource-level permissions.",
    );
    acknowledgeRule(
      group,
      "AwsSolutions-EC26",
      "The launch template's root volume is an encrypted gp3 volume; the rule cannot follow the launch-template reference from the group and errors.",
    );
    Validations.of(group).acknowledge({
      id: "AwsSolutions-AS3",
      reason: "Scaling activity is visible on the game-day dashboard and in ECS service events; instance notifications would duplicate them.",
    });
    return { group, provider };
  }
}
