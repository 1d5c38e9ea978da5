/**
 * Intent of every stack, asserted on the synthesized templates of two deployments: the
 * defaults and "everything on" (EC2 capacity, two NAT gateways, VPC endpoints, alarm email,
 * HTTPS console). Each block states what the issue asks for and checks it.
 */
import { Match } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { ALARMS } from "../lib/names";
import { actionsOf, flatten, resourcesOf, resourcesOfType, synth, VARIANTS, type Statement, type Synthesized } from "./synth";

let base: Synthesized;
let full: Synthesized;

beforeAll(() => {
  base = synth(VARIANTS.defaults);
  full = synth(VARIANTS.everything);
});

function containers(s: Synthesized, family: string): Array<Record<string, unknown>> {
  const match = resourcesOfType(s.json.target, "AWS::ECS::TaskDefinition").find(([, props]) => props.Family === family);
  if (!match) throw new Error(`no task definition ${family}`);
  return match[1].ContainerDefinitions as Array<Record<string, unknown>>;
}

function env(container: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries((container.Environment as Array<{ Name: string; Value: unknown }>).map((entry) => [entry.Name, flatten(entry.Value)]));
}

describe("network", () => {
  it("spans two AZs with public, app, console and isolated data subnets and one NAT gateway by default", () => {
    const subnets = resourcesOfType(base.json.network, "AWS::EC2::Subnet");
    expect(subnets).toHaveLength(8);
    base.templates.network.resourceCountIs("AWS::EC2::NatGateway", 1);
    base.templates.network.hasResourceProperties("AWS::EC2::VPC", { CidrBlock: "10.40.0.0/16" });
  });

  it("puts one NAT gateway in each AZ when asked", () => {
    full.templates.network.resourceCountIs("AWS::EC2::NatGateway", 2);
  });

  it("sends flow logs of all traffic to CloudWatch Logs with retention", () => {
    base.templates.network.hasResourceProperties("AWS::EC2::FlowLog", { TrafficType: "ALL", LogDestinationType: "cloud-watch-logs", MaxAggregationInterval: 60 });
    base.templates.network.hasResourceProperties("AWS::Logs::LogGroup", { LogGroupName: "/gameday/gameday/vpc-flow-logs", RetentionInDays: 14 });
  });

  it("adds VPC endpoints only when asked: S3 gateway plus the interface endpoints a task needs", () => {
    base.templates.network.resourceCountIs("AWS::EC2::VPCEndpoint", 0);
    const endpoints = resourcesOfType(full.json.network, "AWS::EC2::VPCEndpoint");
    expect(endpoints.filter(([, props]) => props.VpcEndpointType === "Interface")).toHaveLength(8);
    expect(endpoints.filter(([, props]) => props.VpcEndpointType === "Gateway")).toHaveLength(1);
  });

  it("tags the app subnets so the NAT failure template can find them", () => {
    const tagged = resourcesOfType(base.json.network, "AWS::EC2::Subnet").filter(([, props]) =>
      (props.Tags as Array<{ Key: string; Value: string }>).some((tag) => tag.Key === "gameday:subnet-tier" && tag.Value === "app"),
    );
    expect(tagged).toHaveLength(2);
  });
});

describe("data", () => {
  it("runs Aurora PostgreSQL Serverless v2 with a writer and a reader, encrypted and deletion-protected", () => {
    base.templates.data.hasResourceProperties("AWS::RDS::DBCluster", {
      Engine: "aurora-postgresql",
      EngineVersion: "16.13",
      DBClusterIdentifier: "gameday-aurora",
      ServerlessV2ScalingConfiguration: { MinCapacity: 0.5, MaxCapacity: 4 },
      StorageEncrypted: true,
      KmsKeyId: Match.anyValue(),
      DeletionProtection: true,
      EnableIAMDatabaseAuthentication: true,
      EnableHttpEndpoint: true,
    });
    const instances = resourcesOfType(base.json.data, "AWS::RDS::DBInstance");
    expect(instances).toHaveLength(2);
    expect(instances.every(([, props]) => props.DBInstanceClass === "db.serverless")).toBe(true);
    base.templates.data.hasResourceProperties("AWS::RDS::DBClusterParameterGroup", { Parameters: Match.objectLike({ "rds.force_ssl": "1" }) });
  });

  it("keeps admin and app credentials in Secrets Manager, both rotated, the app one by single-user rotation", () => {
    const schedules = resourcesOfType(base.json.data, "AWS::SecretsManager::RotationSchedule");
    expect(schedules).toHaveLength(2);
    expect(schedules.every(([, props]) => (props.HostedRotationLambda as { RotationType: string }).RotationType === "PostgreSQLSingleUser")).toBe(true);
    base.templates.data.hasResourceProperties("AWS::SecretsManager::RotationSchedule", {
      HostedRotationLambda: Match.objectLike({ RotationLambdaName: "gameday-app-secret-rotation" }),
      RotateImmediatelyOnUpdate: false,
    });
    base.templates.data.hasResourceProperties("AWS::SecretsManager::Secret", {
      Name: "gameday/aurora/app",
      GenerateSecretString: Match.objectLike({ SecretStringTemplate: JSON.stringify({ username: "gameday_app", dbname: "gameday" }) }),
    });
  });

  it("creates the app's own database role (not the admin) before the app secret can rotate", () => {
    const [[userId, props]] = resourcesOfType(base.json.data, "Custom::AppDatabaseUser") as [[string, Record<string, unknown>]];
    expect(props).toMatchObject({ Username: "gameday_app", Database: "gameday" });
    const appRotation = resourcesOfType(base.json.data, "AWS::SecretsManager::RotationSchedule").find(
      ([, schedule]) => (schedule.HostedRotationLambda as { RotationLambdaName?: string }).RotationLambdaName === "gameday-app-secret-rotation",
    );
    expect(appRotation).toBeDefined();
    expect(base.json.data.Resources[appRotation?.[0] ?? ""]?.DependsOn).toContain(userId);
  });
});

describe("target", () => {
  it("runs the two target services, named exactly api and backend, two Fargate tasks each in private subnets", () => {
    const services = resourcesOfType(base.json.target, "AWS::ECS::Service").map(([, props]) => props);
    expect(services.map((service) => service.ServiceName).sort()).toEqual(["api", "backend"]);
    for (const service of services) {
      expect(service).toMatchObject({ DesiredCount: 2, LaunchType: "FARGATE", EnableExecuteCommand: true });
      expect(service.NetworkConfiguration).toMatchObject({ AwsvpcConfiguration: { AssignPublicIp: "DISABLED" } });
      expect(flatten(service.NetworkConfiguration)).toContain("appSubnet");
      expect(service.ServiceRegistries).toHaveLength(1);
    }
    base.templates.target.hasResourceProperties("AWS::ECS::Cluster", { ClusterName: "gameday-cluster", ClusterSettings: [{ Name: "containerInsights", Value: "enabled" }] });
    base.templates.target.hasResourceProperties("AWS::ServiceDiscovery::PrivateDnsNamespace", { Name: "gameday.local" });
  });

  it("deploys api blue/green through CodeDeploy with alarm-based rollback, backend rolling with the circuit breaker", () => {
    base.templates.target.hasResourceProperties("AWS::ECS::Service", { ServiceName: "api", DeploymentController: { Type: "CODE_DEPLOY" } });
    base.templates.target.hasResourceProperties("AWS::ECS::Service", {
      ServiceName: "backend",
      DeploymentController: { Type: "ECS" },
      DeploymentConfiguration: Match.objectLike({ DeploymentCircuitBreaker: { Enable: true, Rollback: true } }),
    });
    base.templates.target.hasResourceProperties("AWS::CodeDeploy::DeploymentGroup", {
      DeploymentGroupName: "gameday-api-blue-green",
      AlarmConfiguration: { Enabled: true, Alarms: [{ Name: "gameday-alarm-api-5xx" }, { Name: "gameday-alarm-api-unhealthy-hosts" }] },
      AutoRollbackConfiguration: { Enabled: true, Events: Match.arrayWith(["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"]) },
      DeploymentStyle: { DeploymentOption: "WITH_TRAFFIC_CONTROL", DeploymentType: "BLUE_GREEN" },
    });
    const groups = resourcesOfType(base.json.target, "AWS::ElasticLoadBalancingV2::TargetGroup").map(([, props]) => props);
    expect(groups.map((group) => group.Name).sort()).toEqual(["gameday-api-blue", "gameday-api-green"]);
    for (const group of groups) expect(group).toMatchObject({ TargetType: "ip", Port: 8080, HealthCheckPath: "/healthz", HealthCheckIntervalSeconds: 30 });
  });

  it("makes every task definition ready for FIS: fault injection, pidMode task, awsvpc, the SSM agent sidecar", () => {
    for (const [, props] of resourcesOfType(base.json.target, "AWS::ECS::TaskDefinition")) {
      expect(props).toMatchObject({ EnableFaultInjection: true, PidMode: "task", NetworkMode: "awsvpc", RequiresCompatibilities: ["FARGATE"] });
      const byName = Object.fromEntries((props.ContainerDefinitions as Array<Record<string, unknown>>).map((container) => [String(container.Name), container]));
      expect(Object.keys(byName).sort()).toEqual(["amazon-ssm-agent", "app", "aws-otel-collector"]);
      expect(byName["amazon-ssm-agent"]).toMatchObject({ Essential: false, Image: "public.ecr.aws/amazon-ssm-agent/amazon-ssm-agent:latest" });
      expect(env(byName["amazon-ssm-agent"] ?? {})).toHaveProperty("MANAGED_INSTANCE_ROLE_NAME");
      expect(flatten((byName["amazon-ssm-agent"]?.Command as string[])[2])).toContain("create-activation");
      expect(byName["aws-otel-collector"]).toMatchObject({ Essential: false, Command: ["--config=/etc/ecs/ecs-xray.yaml"] });
    }
    // The task role can register the sidecar and pass the managed instance role; nothing more broad.
    const policies = resourcesOfType(base.json.target, "AWS::IAM::Policy").filter(([id]) => id.startsWith("ApiTaskRole"));
    const actions = policies.flatMap(([, props]) => (props.PolicyDocument as { Statement: Statement[] }).Statement.flatMap((statement) => statement.Action));
    expect(actions).toEqual(expect.arrayContaining(["ssm:CreateActivation", "ssm:AddTagsToResource", "iam:PassRole", "ssm:GetParameter", "xray:PutTraceSegments"]));
  });

  it("turns ECS Exec on for the target services (not the console), with KMS-encrypted, logged sessions and only the task-role grants it needs", () => {
    const target = base.json.target;
    const [[keyId, key]] = resourcesOfType(target, "AWS::KMS::Key") as [[string, Record<string, unknown>]];
    expect(key).toMatchObject({ EnableKeyRotation: true, Description: expect.stringContaining("ECS Exec") as unknown });
    const sessionLogs = resourcesOfType(target, "AWS::Logs::LogGroup").filter(([, props]) => props.LogGroupName === "/gameday/gameday/ecs-exec");
    expect(sessionLogs).toHaveLength(1);
    const [[logsId, logGroup]] = sessionLogs as [[string, Record<string, unknown>]];
    expect(logGroup).toMatchObject({ KmsKeyId: { "Fn::GetAtt": [keyId, "Arn"] }, RetentionInDays: 14 });
    base.templates.target.hasResourceProperties("AWS::ECS::Cluster", {
      ClusterName: "gameday-cluster",
      Configuration: {
        ExecuteCommandConfiguration: {
          KmsKeyId: { "Fn::GetAtt": [keyId, "Arn"] },
          Logging: "OVERRIDE",
          LogConfiguration: { CloudWatchEncryptionEnabled: true, CloudWatchLogGroupName: { Ref: logsId } },
        },
      },
    });
    // The logs service may use the key for this account's log groups only.
    const keyStatements = (key.KeyPolicy as { Statement: Statement[] }).Statement;
    expect(keyStatements.find((statement) => flatten((statement as unknown as { Principal: unknown }).Principal).includes("logs."))?.Condition).toMatchObject({
      ArnLike: { "kms:EncryptionContext:aws:logs:arn": expect.anything() as unknown },
    });

    for (const role of ["ApiTaskRole", "BackendTaskRole"]) {
      const statements = resourcesOfType(target, "AWS::IAM::Policy")
        .filter(([id]) => id.startsWith(role))
        .flatMap(([, props]) => (props.PolicyDocument as { Statement: Statement[] }).Statement);
      const exec = statements.filter((statement) => actionsOf(statement).some((action) => action.startsWith("ssmmessages:")));
      // Exactly the four channel actions of the ECS Exec guide (they have no resource-level permissions), and no ssm:StartSession or ssmmessages:*.
      expect(exec.flatMap(actionsOf).filter((action) => action.startsWith("ssmmessages:")).sort()).toEqual([
        "ssmmessages:CreateControlChannel",
        "ssmmessages:CreateDataChannel",
        "ssmmessages:OpenControlChannel",
        "ssmmessages:OpenDataChannel",
      ]);
      expect(exec.map((statement) => statement.Resource)).toEqual(["*"]);
      expect(statements.flatMap(actionsOf)).not.toContain("ssm:StartSession");
      const decrypt = statements.find((statement) => actionsOf(statement).includes("kms:Decrypt"));
      expect(resourcesOf(decrypt ?? { Effect: "Allow", Action: [], Resource: [] }).map(flatten)).toEqual([`<${keyId}.Arn>`]);
      const write = statements.find((statement) => actionsOf(statement).includes("logs:PutLogEvents"));
      expect(resourcesOf(write ?? { Effect: "Allow", Action: [], Resource: [] }).map(flatten)).toEqual([`arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:<${logsId}>:*`]);
    }
    // The console is not a target: no one execs into it.
    for (const [, service] of resourcesOfType(base.json.console, "AWS::ECS::Service")) expect(service.EnableExecuteCommand).toBe(false);
  });

  it("leaves ECS Exec off with ecsExec=false, for game days that run FIS task actions", () => {
    const off = synth({ ecsExec: "false" });
    for (const [, service] of resourcesOfType(off.json.target, "AWS::ECS::Service")) expect(service.EnableExecuteCommand).toBe(false);
    expect(resourcesOfType(off.json.target, "AWS::KMS::Key")).toHaveLength(0);
    const statements = resourcesOfType(off.json.target, "AWS::IAM::Policy").flatMap(([, props]) => (props.PolicyDocument as { Statement: Statement[] }).Statement);
    expect(statements.flatMap(actionsOf).filter((action) => action.startsWith("ssmmessages:"))).toEqual([]);
  });

  it("injects database credentials from Secrets Manager, never as plain environment variables", () => {
    for (const family of ["gameday-api", "gameday-backend"]) {
      const app = containers(base, family).find((container) => container.Name === "app") ?? {};
      const secrets = (app.Secrets as Array<{ Name: string; ValueFrom: unknown }>).map((secret) => [secret.Name, flatten(secret.ValueFrom)]);
      expect(secrets.map(([name]) => name).sort()).toEqual(["DB_PASSWORD", "DB_USER"]);
      expect(secrets.find(([name]) => name === "DB_PASSWORD")?.[1]).toMatch(/:password::$/);
      const plain = env(app);
      expect(Object.keys(plain)).not.toContain("DB_PASSWORD");
      expect(plain).toMatchObject({ ROLE: family.replace("gameday-", ""), PORT: "8080", DB_SSL: "require", OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318" });
      // A reference to the parameter resource (its name is /gameday/target/fault-flags).
      expect(plain.FAULT_FLAG_PARAMETER).toMatch(/^<FaultFlags[0-9A-F]+>$/);
    }
    expect(env(containers(base, "gameday-api").find((container) => container.Name === "app") ?? {}).BACKEND_URL).toBe("http://backend.gameday.local:8080");
  });

  it("reaches the secret only through the detachable managed policy (so secrets-break really breaks)", () => {
    const executionRoles = resourcesOfType(base.json.target, "AWS::IAM::Role").filter(([id]) => /^(Api|Backend)ExecutionRole/.test(id));
    expect(executionRoles).toHaveLength(2);
    for (const [id] of executionRoles) {
      const inline = resourcesOfType(base.json.target, "AWS::IAM::Policy").filter(([, props]) => flatten(props.Roles).includes(id));
      expect(inline, `${id} must have no inline policy`).toHaveLength(0);
    }
    const [[, secretAccess]] = resourcesOfType(base.json.target, "AWS::IAM::ManagedPolicy").filter(([id]) => id.startsWith("ApiSecretAccess")) as [[string, Record<string, unknown>]];
    expect(flatten(secretAccess.Roles)).toMatch(/^<ApiExecutionRole/);
    const [statement] = (secretAccess.PolicyDocument as { Statement: [Statement] }).Statement;
    expect([...(statement.Action as string[])].sort()).toEqual(["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"]);
    expect(flatten(statement.Resource)).toContain("AppSecretAttachment");
  });

  it("puts the ALB in public subnets with access logs and WAF (rate limit 2000 per 5 min per IP + AWS common rules)", () => {
    base.templates.target.hasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer", {
      Scheme: "internet-facing",
      LoadBalancerAttributes: Match.arrayWith([{ Key: "access_logs.s3.enabled", Value: "true" }]),
    });
    base.templates.target.hasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer", {
      LoadBalancerAttributes: Match.arrayWith([{ Key: "routing.http.drop_invalid_header_fields.enabled", Value: "true" }]),
    });
    base.templates.target.hasResourceProperties("AWS::SSM::Parameter", { Name: "/gameday/target/fault-flags", Value: "{}" });
    base.templates.target.hasResourceProperties("AWS::WAFv2::WebACL", {
      Scope: "REGIONAL",
      Rules: Match.arrayWith([
        Match.objectLike({ Statement: { ManagedRuleGroupStatement: { VendorName: "AWS", Name: "AWSManagedRulesCommonRuleSet" } } }),
        Match.objectLike({ Action: { Block: {} }, Statement: { RateBasedStatement: { Limit: 2000, AggregateKeyType: "IP", EvaluationWindowSec: 300 } } }),
      ]),
    });
    base.templates.target.resourceCountIs("AWS::WAFv2::WebACLAssociation", 1);
  });

  it("autoscales on CPU 70 %, memory 80 % and 1000 requests per target with seed 001's cooldowns", () => {
    const policies = resourcesOfType(base.json.target, "AWS::ApplicationAutoScaling::ScalingPolicy").map(
      ([, props]) => props.TargetTrackingScalingPolicyConfiguration as { PredefinedMetricSpecification: { PredefinedMetricType: string }; TargetValue: number; ScaleOutCooldown: number; ScaleInCooldown: number },
    );
    expect(policies.map((policy) => `${policy.PredefinedMetricSpecification.PredefinedMetricType}=${policy.TargetValue}`).sort()).toEqual([
      "ALBRequestCountPerTarget=1000",
      "ECSServiceAverageCPUUtilization=70",
      "ECSServiceAverageCPUUtilization=70",
      "ECSServiceAverageMemoryUtilization=80",
      "ECSServiceAverageMemoryUtilization=80",
    ]);
    expect(policies.every((policy) => policy.ScaleOutCooldown === 60 && policy.ScaleInCooldown === 300)).toBe(true);
    base.templates.target.hasResourceProperties("AWS::ApplicationAutoScaling::ScalableTarget", { MinCapacity: 2, MaxCapacity: 10 });
  });

  it("adds the EC2 capacity variant: On-Demand base + Spot, capacity provider with managed scaling and termination protection", () => {
    base.templates.target.resourceCountIs("AWS::AutoScaling::AutoScalingGroup", 0);
    full.templates.target.hasResourceProperties("AWS::AutoScaling::AutoScalingGroup", {
      AutoScalingGroupName: "gameday-ecs-capacity",
      MinSize: "2",
      MaxSize: "3",
      NewInstancesProtectedFromScaleIn: true,
      MixedInstancesPolicy: {
        InstancesDistribution: { OnDemandBaseCapacity: 1, OnDemandPercentageAboveBaseCapacity: 20, SpotAllocationStrategy: "price-capacity-optimized" },
        LaunchTemplate: Match.objectLike({ Overrides: [{ InstanceType: "t3.medium" }, { InstanceType: "t3a.medium" }, { InstanceType: "t2.medium" }] }),
      },
      Tags: Match.arrayWith([{ Key: "gameday:capacity", Value: "ecs-asg", PropagateAtLaunch: true }]),
    });
    full.templates.target.hasResourceProperties("AWS::ECS::CapacityProvider", {
      Name: "gameday-ec2",
      AutoScalingGroupProvider: Match.objectLike({ ManagedScaling: Match.objectLike({ Status: "ENABLED", TargetCapacity: 100 }), ManagedTerminationProtection: "ENABLED" }),
    });
    full.templates.target.hasResourceProperties("AWS::ECS::Service", {
      ServiceName: "backend",
      CapacityProviderStrategy: [{ CapacityProvider: Match.anyValue(), Weight: 1 }],
    });
    full.templates.target.hasResourceProperties("AWS::EC2::LaunchTemplate", {
      LaunchTemplateData: Match.objectLike({ MetadataOptions: { HttpTokens: "required" }, UserData: Match.anyValue() }),
    });
    const userData = flatten(resourcesOfType(full.json.target, "AWS::EC2::LaunchTemplate")[0]?.[1].LaunchTemplateData);
    expect(userData).toContain("ECS_ENABLE_SPOT_INSTANCE_DRAINING=true");
  });
});

describe("observability", () => {
  it("creates at least ten alarms, all named with the AlarmNamePrefix and notifying the SNS topic", () => {
    const alarms = resourcesOfType(base.json.observability, "AWS::CloudWatch::Alarm").map(([, props]) => props);
    expect(alarms.length).toBeGreaterThanOrEqual(10);
    expect(alarms.map((alarm) => alarm.AlarmName).sort()).toEqual(Object.values(ALARMS).map((suffix) => `gameday-alarm-${suffix}`).sort());
    for (const alarm of alarms) {
      expect(flatten(alarm.AlarmActions)).toContain("AlarmTopic");
      expect(flatten(alarm.OKActions)).toContain("AlarmTopic");
    }
  });

  it("covers 5xx, p95 latency, unhealthy hosts, running < desired, CPU, memory, DB connections, DB CPU, probe and the stop guard", () => {
    const byName = Object.fromEntries(resourcesOfType(base.json.observability, "AWS::CloudWatch::Alarm").map(([, props]) => [String(props.AlarmName), props]));
    expect(byName["gameday-alarm-api-5xx"]).toMatchObject({ MetricName: "HTTPCode_Target_5XX_Count", Period: 300, Threshold: 10 });
    expect(byName["gameday-alarm-api-p95-latency"]).toMatchObject({ MetricName: "TargetResponseTime", ExtendedStatistic: "p95", Threshold: 0.5 });
    expect(flatten(byName["gameday-alarm-api-unhealthy-hosts"]?.Metrics)).toContain("MAX([blue, green])");
    expect(flatten(byName["gameday-alarm-backend-running-below-desired"]?.Metrics)).toContain("desired - running");
    expect(byName["gameday-alarm-api-cpu-high"]).toMatchObject({ Namespace: "AWS/ECS", MetricName: "CPUUtilization", Threshold: 80 });
    expect(byName["gameday-alarm-api-memory-high"]).toMatchObject({ MetricName: "MemoryUtilization", Threshold: 80 });
    expect(byName["gameday-alarm-db-connections-high"]).toMatchObject({ Namespace: "AWS/RDS", MetricName: "DatabaseConnections" });
    expect(byName["gameday-alarm-db-cpu-high"]).toMatchObject({ Namespace: "AWS/RDS", MetricName: "CPUUtilization" });
    expect(byName["gameday-alarm-probe-public-availability"]).toMatchObject({
      Namespace: "GameDay/Probe",
      MetricName: "Availability",
      Dimensions: [{ Name: "Check", Value: "public" }],
      Threshold: 99,
      TreatMissingData: "breaching",
    });
    expect(byName["gameday-alarm-fis-stop-guard"]).toMatchObject({
      Namespace: "GameDay/Probe",
      ComparisonOperator: "LessThanThreshold",
      Threshold: 50,
      TreatMissingData: "notBreaching",
    });
  });

  it("encrypts the topic, subscribes the alarm email only when one is given", () => {
    base.templates.observability.hasResourceProperties("AWS::SNS::Topic", { TopicName: "gameday-alarms", KmsMasterKeyId: Match.anyValue() });
    base.templates.observability.resourceCountIs("AWS::SNS::Subscription", 0);
    full.templates.observability.hasResourceProperties("AWS::SNS::Subscription", { Protocol: "email", Endpoint: "oncall@example.com" });
  });

  it("runs the probe every minute against the target's public URL and charts ALB, ECS, RDS and the probe", () => {
    base.templates.observability.hasResourceProperties("AWS::Events::Rule", { ScheduleExpression: "rate(1 minute)" });
    base.templates.observability.hasResourceProperties("AWS::Lambda::Function", {
      Runtime: "nodejs24.x",
      Environment: { Variables: Match.objectLike({ TARGET_URL: Match.anyValue(), PROBE_ROUNDS: "4" }) },
    });
    const [[, dashboard]] = resourcesOfType(base.json.observability, "AWS::CloudWatch::Dashboard") as [[string, Record<string, unknown>]];
    expect(dashboard.DashboardName).toBe("gameday-gameday");
    const body = flatten(dashboard.DashboardBody);
    for (const namespace of ["AWS/ApplicationELB", "AWS/ECS", "ECS/ContainerInsights", "AWS/RDS", "GameDay/Probe"]) expect(body).toContain(namespace);
  });
});

describe("console", () => {
  it("serves HTTP without a certificate, HTTPS (HTTP redirects) with one", () => {
    base.templates.console.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", { Port: 80, Protocol: "HTTP", DefaultActions: [Match.objectLike({ Type: "forward" })] });
    base.templates.console.resourceCountIs("AWS::ElasticLoadBalancingV2::Listener", 1);
    full.templates.console.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", {
      Port: 443,
      Protocol: "HTTPS",
      Certificates: [{ CertificateArn: VARIANTS.everything.certificateArn }],
    });
    full.templates.console.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", {
      Port: 80,
      DefaultActions: [{ Type: "redirect", RedirectConfig: Match.objectLike({ Protocol: "HTTPS", Port: "443" }) }],
    });
  });

  it("has its own Postgres and a generated NEXTAUTH secret", () => {
    base.templates.console.hasResourceProperties("AWS::RDS::DBInstance", {
      Engine: "postgres",
      EngineVersion: "16.13",
      DBInstanceClass: "db.t4g.micro",
      StorageEncrypted: true,
      DeletionProtection: true,
    });
    base.templates.console.hasResourceProperties("AWS::SecretsManager::Secret", {
      Name: "gameday/console/nextauth",
      GenerateSecretString: { PasswordLength: 48, ExcludePunctuation: true },
    });
  });

  it("runs the console in its own subnets, which no fault targets", () => {
    const [[, service]] = resourcesOfType(base.json.console, "AWS::ECS::Service") as [[string, Record<string, unknown>]];
    expect(flatten(service.NetworkConfiguration)).toContain("consoleSubnet");
    expect(flatten(service.NetworkConfiguration)).not.toContain("appSubnet");
  });

  it("runs the console with LAB_KIND=aws, the outputs as JSON and every password from Secrets Manager", () => {
    const [[, taskDefinition]] = resourcesOfType(base.json.console, "AWS::ECS::TaskDefinition") as [[string, Record<string, unknown>]];
    const [container] = taskDefinition.ContainerDefinitions as [Record<string, unknown>];
    const plain = env(container);
    expect(plain).toMatchObject({ LAB_KIND: "aws", NODE_ENV: "production", TRUST_PROXY: "true", DB_NAME: "gameday_console" });
    expect(plain.NEXTAUTH_URL).toMatch(/^http:\/\//);
    expect(Object.keys(plain)).not.toEqual(expect.arrayContaining(["DATABASE_URL"]));
    expect(Object.keys(plain)).not.toContain("DB_PASSWORD");
    expect(Object.keys(plain)).not.toContain("NEXTAUTH_SECRET");
    expect((container.Secrets as Array<{ Name: string }>).map((secret) => secret.Name).sort()).toEqual(["DB_PASSWORD", "DB_USER", "NEXTAUTH_SECRET"]);
    const fullContainer = (resourcesOfType(full.json.console, "AWS::ECS::TaskDefinition")[0]?.[1].ContainerDefinitions as [Record<string, unknown>])[0];
    expect(env(fullContainer).NEXTAUTH_URL).toBe("https://gameday.example.com");
  });
});
