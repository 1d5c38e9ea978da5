import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { CfnElement, Duration, Stack, Validations } from "aws-cdk-lib";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as ecs from "aws-cdk-lib/aws-ecs";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as logs from "aws-cdk-lib/aws-logs";
import type * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import * as servicediscovery from "aws-cdk-lib/aws-servicediscovery";
import type * as ssm from "aws-cdk-lib/aws-ssm";
import { Construct } from "constructs";
import { TARGET_PORT, type ServiceName } from "../names";
import { acknowledgeManagedPolicy, acknowledgeWildcardResource, nagArn } from "../nag";

const SSM_SIDECAR_SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "assets", "ssm-agent", "register.sh");

/** Where the ADOT collector sidecar listens for OTLP/HTTP inside the task. */
export const OTLP_ENDPOINT = "http://127.0.0.1:4318";

/** Container names inside every target task definition. */
export const CONTAINERS = { app: "app", ssmAgent: "amazon-ssm-agent", collector: "aws-otel-collector" } as const;

/** Task size: the app plus two small sidecars (SSM agent for FIS, ADOT for traces). */
export function defaultTaskSize(): { readonly cpu: number; readonly memoryMiB: number } {
  return { cpu: 512, memoryMiB: 1024 };
}

/** How the service gets its capacity. */
export type TargetCapacity = { readonly kind: "fargate" } | { readonly kind: "ec2"; readonly capacityProvider: ecs.AsgCapacityProvider };

/** Props of {@link TargetService}. */
export interface TargetServiceProps {
  /** The port's service name: `api` or `backend`; also the ECS service name. */
  readonly serviceName: ServiceName;
  /** Task definition family; unique per deployment. */
  readonly family: string;
  readonly cluster: ecs.Cluster;
  readonly subnets: ec2.SubnetSelection;
  /** The target-service image (built from target-service/Dockerfile). */
  readonly image: ecs.ContainerImage;
  /** The app user's database secret (JSON with username and password). */
  readonly dbSecret: secretsmanager.ISecret;
  /** Non-secret database settings. */
  readonly database: { readonly host: string; readonly port: string; readonly name: string };
  /** The SSM parameter the service polls for fault flags (health-check-failure). */
  readonly faultFlagParameter: ssm.IStringParameter;
  /** The role SSM attaches to the task once the sidecar registers it as a managed instance. */
  readonly managedInstanceRole: iam.IRole;
  readonly logGroup: logs.ILogGroup;
  readonly desiredCount: number;
  /** `CODE_DEPLOY` for blue/green (api), `ECS` for rolling with the circuit breaker. */
  readonly deploymentController: ecs.DeploymentControllerType.CODE_DEPLOY | ecs.DeploymentControllerType.ECS;
  readonly capacity: TargetCapacity;
  readonly ssmAgentImage: string;
  readonly collectorImage: string;
  /** Extra environment for the app container (e.g. BACKEND_URL for api). */
  readonly environment?: Readonly<Record<string, string>>;
  /** Grace period for load balancer health checks; only for services behind the ALB. */
  readonly healthCheckGracePeriod?: Duration;
  /**
   * ECS Exec (`aws ecs execute-command`) into the tasks. The cluster must carry an
   * executeCommandConfiguration (session key and log group); the task role then gets
   * exactly the four ssmmessages channel actions, the log group's write actions and the
   * key's decrypt. FIS aws:ecs:task-* actions cannot run while it is on.
   */
  readonly executeCommand: boolean;
}

/**
 * One target service on ECS, ready for every fault the console injects:
 * - FIS `aws:ecs:task` actions: `enableFaultInjection`, `pidMode: task`, awsvpc networking,
 *   the SSM agent sidecar and its IAM (task role may create activations and pass the managed
 *   instance role). FIS refuses these actions on tasks with ECS Exec on, so a deployment
 *   that needs them turns {@link TargetServiceProps.executeCommand} off.
 * - secrets-break: the database secret reaches the task only through {@link secretAccessPolicy},
 *   a managed policy on the execution role that the console can detach and re-attach.
 * - health-check-failure: the task role may read the fault-flag parameter it polls.
 * - traces: an ADOT collector sidecar receives OTLP and exports to X-Ray.
 */
export class TargetService extends Construct {
  readonly service: ecs.BaseService;
  readonly taskDefinition: ecs.TaskDefinition;
  readonly taskRole: iam.Role;
  readonly executionRole: iam.Role;
  /** Grants the execution role read access to the database secret; secrets-break detaches it. */
  readonly secretAccessPolicy: iam.ManagedPolicy;
  readonly securityGroup: ec2.SecurityGroup;
  readonly appContainer: ecs.ContainerDefinition;

  constructor(scope: Construct, id: string, props: TargetServiceProps) {
    super(scope, id);
    if (props.desiredCount < 1) throw new Error(`TargetService ${props.serviceName}: desiredCount must be at least 1, got ${props.desiredCount}`);
    if (props.executeCommand && !props.cluster.executeCommandConfiguration?.kmsKey) {
      throw new Error(`TargetService ${props.serviceName}: ECS Exec needs the cluster's executeCommandConfiguration with a KMS key and a session log group`);
    }
    if (props.deploymentController === ecs.DeploymentControllerType.CODE_DEPLOY && props.capacity.kind === "ec2") {
      throw new Error(`TargetService ${props.serviceName}: blue/green (CODE_DEPLOY) runs on Fargate here; use the ECS controller on EC2 capacity`);
    }
    const region = Stack.of(this).region;
    const size = defaultTaskSize();

    this.executionRole = new iam.Role(this, "ExecutionRole", {
      assumedBy: new iam.ServicePrincipal("ecs-tasks.amazonaws.com"),
      description: `Pulls the image, writes logs and reads the DB secret for the ${props.serviceName} tasks`,
      // The FIS guide for aws:ecs:task actions asks for exactly this managed policy.
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName("service-role/AmazonECSTaskExecutionRolePolicy")],
    });
    this.secretAccessPolicy = new iam.ManagedPolicy(this, "SecretAccess", {
      description: `Lets the ${props.serviceName} execution role read the app database secret (secrets-break detaches this)`,
      statements: [new iam.PolicyStatement({ actions: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"], resources: [props.dbSecret.secretArn] })],
      roles: [this.executionRole],
    });

    this.taskRole = new iam.Role(this, "TaskRole", {
      assumedBy: new iam.ServicePrincipal("ecs-tasks.amazonaws.com"),
      description: `Runtime permissions of the ${props.serviceName} tasks: traces, fault flags, FIS sidecar registration`,
    });
    // X-Ray's write and sampling calls have no resource-level permissions.
    this.taskRole.addToPolicy(
      new iam.PolicyStatement({
        actions: ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"],
        resources: ["*"],
      }),
    );
    this.taskRole.addToPolicy(new iam.PolicyStatement({ actions: ["ssm:GetParameter"], resources: [props.faultFlagParameter.parameterArn] }));
    // ssm:CreateActivation has no resource type; the activation's tags are how FIS finds the task.
    this.taskRole.addToPolicy(new iam.PolicyStatement({ actions: ["ssm:CreateActivation"], resources: ["*"] }));
    this.taskRole.addToPolicy(
      new iam.PolicyStatement({
        actions: ["ssm:AddTagsToResource"],
        resources: [Stack.of(this).formatArn({ service: "ssm", resource: "managed-instance", resourceName: "*" })],
      }),
    );
    this.taskRole.addToPolicy(
      new iam.PolicyStatement({
        actions: ["iam:PassRole"],
        resources: [props.managedInstanceRole.roleArn],
        conditions: { StringEquals: { "iam:PassedToService": "ssm.amazonaws.com" } },
      }),
    );

    this.taskDefinition = new ecs.TaskDefinition(this, "TaskDefinition", {
      family: props.family,
      compatibility: props.capacity.kind === "fargate" ? ecs.Compatibility.FARGATE : ecs.Compatibility.EC2,
      networkMode: ecs.NetworkMode.AWS_VPC,
      cpu: String(size.cpu),
      memoryMiB: String(size.memoryMiB),
      pidMode: ecs.PidMode.TASK,
      enableFaultInjection: true,
      taskRole: this.taskRole,
      // Immutable on purpose: CDK would otherwise add an inline grant for the secret, and
      // detaching the managed policy (secrets-break) would no longer remove access.
      executionRole: this.executionRole.withoutPolicyUpdates(),
      // EC2 task definitions take the platform from the container instance.
      runtimePlatform:
        props.capacity.kind === "fargate" ? { cpuArchitecture: ecs.CpuArchitecture.X86_64, operatingSystemFamily: ecs.OperatingSystemFamily.LINUX } : undefined,
    });

    const logging = (streamPrefix: string) => ecs.LogDrivers.awsLogs({ logGroup: props.logGroup, streamPrefix });

    const collector = this.taskDefinition.addContainer("Collector", {
      containerName: CONTAINERS.collector,
      image: ecs.ContainerImage.fromRegistry(props.collectorImage),
      essential: false,
      command: ["--config=/etc/ecs/ecs-xray.yaml"],
      memoryReservationMiB: 64,
      logging: logging("otel"),
    });

    this.appContainer = this.taskDefinition.addContainer("App", {
      containerName: CONTAINERS.app,
      image: props.image,
      essential: true,
      portMappings: [{ containerPort: TARGET_PORT, name: "http", appProtocol: ecs.AppProtocol.http }],
      environment: {
        ROLE: props.serviceName,
        SERVICE_NAME: props.serviceName,
        PORT: String(TARGET_PORT),
        HOST: "0.0.0.0",
        DB_HOST: props.database.host,
        DB_PORT: props.database.port,
        DB_NAME: props.database.name,
        // Aurora enforces TLS (rds.force_ssl). The target image has no RDS CA bundle, so the
        // service encrypts without verifying the certificate (target-service/README.md).
        DB_SSL: "require",
        FAULT_FLAG_PARAMETER: props.faultFlagParameter.parameterName,
        AWS_REGION: region,
        OTEL_EXPORTER_OTLP_ENDPOINT: OTLP_ENDPOINT,
        ...props.environment,
      },
      secrets: {
        DB_USER: ecs.Secret.fromSecretsManager(props.dbSecret, "username"),
        DB_PASSWORD: ecs.Secret.fromSecretsManager(props.dbSecret, "password"),
      },
      healthCheck: {
        // The image is node:24-slim (no curl); Node's fetch does the check.
        command: [
          "CMD",
          "node",
          "-e",
          `fetch('http://127.0.0.1:${TARGET_PORT}/healthz').then((r)=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))`,
        ],
        interval: Duration.seconds(10),
        timeout: Duration.seconds(5),
        retries: 3,
        startPeriod: Duration.seconds(20),
      },
      stopTimeout: Duration.seconds(15),
      logging: logging("app"),
    });
    this.appContainer.addContainerDependencies({ container: collector, condition: ecs.ContainerDependencyCondition.START });

    this.taskDefinition.addContainer("SsmAgent", {
      containerName: CONTAINERS.ssmAgent,
      image: ecs.ContainerImage.fromRegistry(props.ssmAgentImage),
      essential: false,
      entryPoint: [],
      command: ["/bin/bash", "-c", readFileSync(SSM_SIDECAR_SCRIPT, "utf8")],
      environment: { MANAGED_INSTANCE_ROLE_NAME: props.managedInstanceRole.roleName, AWS_REGION: region },
      memoryReservationMiB: 64,
      logging: logging("ssm-agent"),
    });

    this.securityGroup = new ec2.SecurityGroup(this, "SecurityGroup", {
      vpc: props.cluster.vpc,
      description: `${props.serviceName} tasks`,
      allowAllOutbound: true,
    });

    const common: Omit<ecs.FargateServiceProps, "assignPublicIp" | "platformVersion"> = {
      serviceName: props.serviceName,
      cluster: props.cluster,
      taskDefinition: this.taskDefinition,
      desiredCount: props.desiredCount,
      securityGroups: [this.securityGroup],
      vpcSubnets: props.subnets,
      // Responders look inside a task with `aws ecs execute-command`; FIS task actions need it off.
      enableExecuteCommand: props.executeCommand,
      propagateTags: ecs.PropagatedTagSource.SERVICE,
      enableECSManagedTags: true,
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      healthCheckGracePeriod: props.healthCheckGracePeriod,
      deploymentController: { type: props.deploymentController },
      // The circuit breaker exists only for the ECS controller; blue/green rolls back through
      // CodeDeploy's alarm-based automatic rollback instead.
      circuitBreaker: props.deploymentController === ecs.DeploymentControllerType.ECS ? { enable: true, rollback: true } : undefined,
      // A records: api reaches backend at backend.<namespace>:8080 (BACKEND_URL).
      cloudMapOptions: { name: props.serviceName, dnsRecordType: servicediscovery.DnsRecordType.A, dnsTtl: Duration.seconds(10) },
    };
    if (props.capacity.kind === "fargate") {
      this.service = new ecs.FargateService(this, "Service", { ...common, assignPublicIp: false, platformVersion: ecs.FargatePlatformVersion.LATEST });
    } else {
      this.service = new ecs.Ec2Service(this, "Service", {
        ...common,
        capacityProviderStrategies: [{ capacityProvider: props.capacity.capacityProvider.capacityProviderName, weight: 1 }],
        placementStrategies: [ecs.PlacementStrategy.spreadAcross(ecs.BuiltInAttributes.AVAILABILITY_ZONE)],
      });
    }

    Validations.of(this.taskDefinition).acknowledge({
      id: "AwsSolutions-ECS2",
      reason: "Only non-secret settings are plain environment variables (role, ports, DB host, parameter names); DB credentials come from Secrets Manager.",
    });
    acknowledgeWildcardResource(
      this.taskRole,
      "*",
      props.executeCommand
        ? "X-Ray trace/sampling writes, ssm:CreateActivation, the four ssmmessages channel actions of ECS Exec and logs:DescribeLogGroups (the exec agent checks its log group) have no resource-level permissions."
        : "X-Ray trace/sampling writes and ssm:CreateActivation have no resource-level permissions.",
    );
    acknowledgeWildcardResource(
      this.taskRole,
      nagArn("ssm", "managed-instance/*"),
      "The sidecar tags the managed instance SSM creates at registration; its ID does not exist before, so the grant covers this account's managed instances.",
    );
    const sessionLogs = props.executeCommand ? props.cluster.executeCommandConfiguration?.logConfiguration?.cloudWatchLogGroup : undefined;
    const sessionLogsResource = sessionLogs?.node.defaultChild;
    if (sessionLogsResource instanceof CfnElement) {
      acknowledgeWildcardResource(
        this.taskRole,
        nagArn("logs", `log-group:<${Stack.of(sessionLogsResource).getLogicalId(sessionLogsResource)}>:*`),
        "The ECS Exec agent writes each session to a new log stream of the session log group; the grant covers that one group's streams.",
      );
    }
    acknowledgeManagedPolicy(
      this.executionRole,
      "service-role/AmazonECSTaskExecutionRolePolicy",
      "The FIS guide for aws:ecs:task actions requires AmazonECSTaskExecutionRolePolicy on the execution role (image pull and logs).",
    );
  }
}
