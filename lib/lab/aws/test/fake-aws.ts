/**
 * A small fake AWS for the adapter's tests: FIS experiments that move through their states
 * on tick(), two ECS services with tasks and deployments, alarms, metrics, traces and the
 * resources the SDK-driven scenarios change. The SDK is mocked at the client seam
 * (aws-sdk-client-mock replaces each client's send); responses follow the shapes and
 * examples of the AWS API references. Every call is recorded for request-shape assertions.
 */
import { AutoScalingClient, DescribeAutoScalingGroupsCommand, SetDesiredCapacityCommand } from "@aws-sdk/client-auto-scaling";
import { CloudWatchClient, DescribeAlarmHistoryCommand, DescribeAlarmsCommand, GetMetricDataCommand, type MetricAlarm, type AlarmHistoryItem, type GetMetricDataInput, type MetricDataResult } from "@aws-sdk/client-cloudwatch";
import { CodeDeployClient, CreateDeploymentCommand, StopDeploymentCommand } from "@aws-sdk/client-codedeploy";
import {
  DeregisterTaskDefinitionCommand,
  DescribeClustersCommand,
  DescribeContainerInstancesCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ECSClient,
  ListContainerInstancesCommand,
  ListTaskDefinitionsCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateServiceCommand,
  type ContainerInstance,
  type Deployment,
  type RegisterTaskDefinitionCommandInput,
  type Service,
  type Task,
  type TaskDefinition,
} from "@aws-sdk/client-ecs";
import { DescribeTargetHealthCommand, ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import {
  ConflictException,
  FisClient,
  GetExperimentCommand,
  GetExperimentTemplateCommand,
  ListExperimentTemplatesCommand,
  ListExperimentsCommand,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  StartExperimentCommand,
  StopExperimentCommand,
  type Experiment,
  type ExperimentStatus,
  type ExperimentTemplate,
  type StartExperimentCommandInput,
} from "@aws-sdk/client-fis";
import { AttachRolePolicyCommand, DetachRolePolicyCommand, IAMClient, ListAttachedRolePoliciesCommand } from "@aws-sdk/client-iam";
import { DescribeDBClustersCommand, FailoverDBClusterCommand, RDSClient } from "@aws-sdk/client-rds";
import { DescribeSecretCommand, RotateSecretCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { GetParameterCommand, PutParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { GetWebACLCommand, UpdateWebACLCommand, WAFV2Client, type Rule, type UpdateWebACLCommandInput } from "@aws-sdk/client-wafv2";
import { GetServiceGraphCommand, GetTraceSummariesCommand, XRayClient } from "@aws-sdk/client-xray";
import { mockClient } from "aws-sdk-client-mock";
import { GAMEDAY_TAGS, type AwsOutputs } from "../outputs";
import type { ScenarioId } from "../../types";
import { GetSafetyLeverCommand, UpdateSafetyLeverStateCommand, type UpdateSafetyLeverStateInput } from "../safety-lever";
import { ACCOUNT, REGION } from "./fixtures";

/** An AWS-style error, as the SDK throws them: a name, a fault side and response metadata. */
export function awsError(name: string, message: string, httpStatusCode = 400): Error {
  return Object.assign(new Error(message), { name, $fault: httpStatusCode >= 500 ? "server" : "client", $metadata: { httpStatusCode, requestId: "c7ad6b1e-EXAMPLE" } });
}

interface FakeExperiment {
  experiment: Experiment;
  clientToken: string;
  /** How long its actions run once started (the template's `duration`). */
  durationMs: number;
}

interface FakeService {
  service: Service;
}

const FIS_TEMPLATE_IDS: Partial<Record<ScenarioId, { id: string; action: string; duration: string; selection?: string; parameters?: Record<string, string> }>> = {
  "ecs-task-termination": { id: "EXT6aLbFGhJ2z8Rk", action: "aws:ecs:stop-task", duration: "PT2M", selection: "PERCENT(50)" },
  "cpu-stress": { id: "EXTcpuStress00001", action: "aws:ecs:task-cpu-stress", duration: "PT5M", selection: "PERCENT(100)", parameters: { percent: "80" } },
  "network-latency": { id: "EXTnetLatency0001", action: "aws:ecs:task-network-latency", duration: "PT5M", selection: "PERCENT(100)", parameters: { delayMilliseconds: "200", jitterMilliseconds: "20" } },
  "aurora-failover": { id: "EXTauroraFail0001", action: "aws:rds:failover-db-cluster", duration: "PT1M" },
  "spot-loss-during-deploy": { id: "EXTspotLoss000001", action: "aws:ec2:send-spot-instance-interruptions", duration: "PT5M", selection: "PERCENT(60)", parameters: { durationBeforeInterruption: "PT2M" } },
};

/** A mocked client: its send is replaced until restore(). */
interface Stub {
  on(command: never): { callsFake(fn: (input: never) => unknown): unknown };
  restore(): void;
}

/** One SDK call the adapter made, for request-shape assertions. */
export interface RecordedCall {
  service: string;
  command: string;
  input: Record<string, unknown>;
}

export class FakeAws {
  readonly outputs: AwsOutputs;
  /** Milliseconds added to the real clock; tests move time forward without sleeping. */
  offsetMs = 0;
  readonly calls: RecordedCall[] = [];
  readonly experiments = new Map<string, FakeExperiment>();
  lever: { status: string; reason: string } = { status: "disengaged", reason: "Ready for game days" };
  readonly clusterTags = new Map<string, string>([["gameday:deployment", "gameday"]]);
  readonly services = new Map<string, FakeService>();
  readonly tasks: Task[] = [];
  readonly taskDefinitions = new Map<string, TaskDefinition>();
  readonly attachedPolicies = new Set<string>();
  faultFlag = "{}";
  readonly webAcl: { rules: Rule[]; lockToken: string } = {
    rules: [
      {
        Name: "rate-limit",
        Priority: 0,
        Action: { Block: {} },
        Statement: { RateBasedStatement: { Limit: 2000, AggregateKeyType: "IP" } },
        VisibilityConfig: { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: "rate-limit" },
      },
    ],
    lockToken: "ed2c0c8a-EXAMPLE-0001",
  };
  dbWriter = "gameday-db-instance-1";
  readonly alarms: MetricAlarm[] = [];
  readonly alarmHistory: AlarmHistoryItem[] = [];
  /** Answer every matching call of `command` with this error instead (error-mapping tests). */
  readonly failures = new Map<string, Error>();
  /** Answer only the next matching call with this error (a transient conflict, a blip). */
  readonly failuresOnce = new Map<string, Error>();
  /** Page sizes small enough that the tests see pagination. */
  pageSizes = { experiments: 2, templates: 2, alarms: 3, history: 2, datapoints: 100, tasks: 3 };
  private experimentCounter = 0;
  private deploymentCounter = 0;
  private stubs: Stub[] = [];

  constructor(outputs: AwsOutputs) {
    this.outputs = outputs;
    const now = this.now();
    for (const [name, family] of [
      [outputs.ApiServiceName, "gameday-api"],
      [outputs.BackendServiceName, "gameday-backend"],
    ] as const) {
      const arn = this.taskDefinitionArn(family, 7);
      this.taskDefinitions.set(this.taskDefinitionArn(family, 6), this.taskDefinition(family, 6));
      this.taskDefinitions.set(arn, this.taskDefinition(family, 7));
      this.services.set(name, {
        service: {
          serviceArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:service/${outputs.ClusterName}/${name}`,
          serviceName: name,
          clusterArn: this.clusterArn,
          status: "ACTIVE",
          desiredCount: 2,
          runningCount: 2,
          pendingCount: 0,
          launchType: "FARGATE",
          taskDefinition: arn,
          enableExecuteCommand: false,
          loadBalancers: name === outputs.ApiServiceName ? [{ targetGroupArn: outputs.ApiBlueTargetGroupArn, containerName: "app", containerPort: 8080 }] : [],
          deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true }, maximumPercent: 200, minimumHealthyPercent: 100 },
          deployments: [
            {
              id: `ecs-svc/${name === outputs.ApiServiceName ? "9223370501171839398" : "9223370501171839399"}`,
              status: "PRIMARY",
              taskDefinition: arn,
              desiredCount: 2,
              pendingCount: 0,
              runningCount: 2,
              failedTasks: 0,
              createdAt: new Date(now.getTime() - 50 * 60_000),
              updatedAt: new Date(now.getTime() - 48 * 60_000),
              launchType: "FARGATE",
              rolloutState: "COMPLETED",
              rolloutStateReason: "ECS deployment ecs-svc/9223370501171839398 completed.",
            },
          ],
          events: [
            { id: `${name}-evt-0001`, createdAt: new Date(now.getTime() - 30 * 60_000), message: `(service ${name}) has reached a steady state.` },
            { id: `${name}-evt-0002`, createdAt: new Date(now.getTime() - 45 * 60_000), message: `(service ${name}) has started 2 tasks: (task 1a2b3c4d) (task 5e6f7a8b).` },
          ],
        },
      });
      for (let index = 0; index < 2; index += 1) this.tasks.push(this.task(name, arn, "RUNNING", index));
      this.tasks.push({
        ...this.task(name, arn, "STOPPED", 9),
        stopCode: "EssentialContainerExited",
        stoppedReason: "Essential container in task exited",
        stoppedAt: new Date(now.getTime() - 20 * 60_000),
      });
    }
    this.attachedPolicies.add(outputs.ApiSecretAccessPolicyArn);
    this.attachedPolicies.add("arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy");
    const alarmNames = ["api-5xx", "api-latency-p95", "api-unhealthy-hosts", "api-running-tasks", "backend-running-tasks", "db-connections", "probe-public", "probe-db"];
    alarmNames.forEach((suffix, index) => this.alarms.push(this.alarm(`${outputs.AlarmNamePrefix}${suffix}`, index === 1 ? "INSUFFICIENT_DATA" : "OK")));
    this.alarms.push(this.alarm("other-team-alarm", "ALARM"));
    this.alarmHistory.push(
      this.history(`${outputs.AlarmNamePrefix}api-5xx`, "OK", "ALARM", 40),
      this.history(`${outputs.AlarmNamePrefix}api-5xx`, "ALARM", "OK", 35),
      this.history("other-team-alarm", "OK", "ALARM", 30),
      this.history(`${outputs.AlarmNamePrefix}api-latency-p95`, "OK", "INSUFFICIENT_DATA", 10),
    );
  }

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  get clusterArn(): string {
    return `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/${this.outputs.ClusterName}`;
  }

  taskDefinitionArn(family: string, revision: number): string {
    return `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/${family}:${revision}`;
  }

  private taskDefinition(family: string, revision: number): TaskDefinition {
    return {
      taskDefinitionArn: this.taskDefinitionArn(family, revision),
      family,
      revision,
      status: "ACTIVE",
      networkMode: "awsvpc",
      cpu: "512",
      memory: "1024",
      pidMode: "task",
      enableFaultInjection: true,
      requiresCompatibilities: ["FARGATE"],
      executionRoleArn: `arn:aws:iam::${ACCOUNT}:role/${this.outputs.ApiTaskExecutionRoleName}`,
      taskRoleArn: `arn:aws:iam::${ACCOUNT}:role/${family}-task`,
      containerDefinitions: [
        {
          name: "app",
          image: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/gameday-target:1.4.0`,
          essential: true,
          portMappings: [{ containerPort: 8080, protocol: "tcp" }],
          environment: [{ name: "SERVICE_NAME", value: family }],
        },
        {
          name: "amazon-ssm-agent",
          image: "public.ecr.aws/amazon-ssm-agent/amazon-ssm-agent:latest",
          essential: false,
          environment: [{ name: "MANAGED_INSTANCE_ROLE_NAME", value: "gameday-ssm-managed-instance" }],
        },
      ],
      registeredAt: new Date("2026-11-20T09:00:00Z"),
      registeredBy: `arn:aws:sts::${ACCOUNT}:assumed-role/cdk-deploy/session`,
      requiresAttributes: [{ name: "com.amazonaws.ecs.capability.docker-remote-api.1.18" }],
      compatibilities: ["EC2", "FARGATE"],
    };
  }

  private task(service: string, taskDefinitionArn: string, status: "RUNNING" | "STOPPED", index: number): Task {
    const id = `${service}${index}a1b2c3d4e5f6a7b8c9d0e1f2a3b4`.slice(0, 32);
    const started = new Date(this.now().getTime() - (50 - index) * 60_000);
    return {
      taskArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:task/${this.outputs.ClusterName}/${id}`,
      clusterArn: this.clusterArn,
      taskDefinitionArn,
      group: `service:${service}`,
      lastStatus: status,
      desiredStatus: status,
      healthStatus: status === "RUNNING" ? "HEALTHY" : "UNKNOWN",
      launchType: "FARGATE",
      availabilityZone: index % 2 === 0 ? `${REGION}a` : `${REGION}b`,
      startedAt: started,
      createdAt: new Date(started.getTime() - 30_000),
      cpu: "512",
      memory: "1024",
      containers: [{ name: "app", lastStatus: status, networkInterfaces: [{ privateIpv4Address: `10.0.${index}.${service.length + 10}` }] }],
    };
  }

  private alarm(name: string, state: "OK" | "ALARM" | "INSUFFICIENT_DATA"): MetricAlarm {
    return {
      AlarmName: name,
      AlarmArn: `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:${name}`,
      AlarmDescription: `Game-day alarm ${name}`,
      StateValue: state,
      StateReason: state === "OK" ? "Threshold Crossed: 1 datapoint [0.0 (24/11/26 18:00:00)] was not greater than the threshold (5.0)." : "Insufficient Data: 1 datapoint was unknown.",
      StateUpdatedTimestamp: new Date(this.now().getTime() - 15 * 60_000),
      MetricName: "HTTPCode_Target_5XX_Count",
      Namespace: "AWS/ApplicationELB",
      Statistic: "Sum",
      Dimensions: [{ Name: "LoadBalancer", Value: this.outputs.LoadBalancerFullName }],
      Period: 60,
      EvaluationPeriods: 2,
      Threshold: 5,
      ComparisonOperator: "GreaterThanThreshold",
    };
  }

  private history(name: string, from: string, to: string, minutesAgo: number): AlarmHistoryItem {
    return {
      AlarmName: name,
      AlarmType: "MetricAlarm",
      Timestamp: new Date(this.now().getTime() - minutesAgo * 60_000),
      HistoryItemType: "StateUpdate",
      HistorySummary: `Alarm updated from ${from} to ${to}`,
      HistoryData: JSON.stringify({ version: "1.0", oldState: { stateValue: from, stateReason: "previous" }, newState: { stateValue: to, stateReason: `Threshold Crossed for ${name}` } }),
    };
  }

  /** FIS experiment templates of this deployment (and one of another deployment, to be ignored). */
  templates(): ExperimentTemplate[] {
    const templates: ExperimentTemplate[] = [];
    for (const [scenarioId, spec] of Object.entries(FIS_TEMPLATE_IDS)) {
      if (!spec) continue;
      const resourceType = spec.action.startsWith("aws:ecs:task-") ? "aws:ecs:task" : spec.action === "aws:ecs:stop-task" ? "aws:ecs:task" : spec.action.startsWith("aws:rds") ? "aws:rds:cluster" : "aws:ec2:spot-instance";
      templates.push({
        id: spec.id,
        description: `Game day: ${scenarioId}`,
        targets: { Targets: { resourceType, selectionMode: spec.selection ?? "ALL", parameters: resourceType === "aws:ecs:task" ? { cluster: this.outputs.ClusterName, service: this.outputs.ApiServiceName } : {} } },
        actions: { Inject: { actionId: spec.action, parameters: { duration: spec.duration, ...spec.parameters }, targets: { [resourceType === "aws:rds:cluster" ? "Clusters" : resourceType === "aws:ec2:spot-instance" ? "SpotInstances" : "Tasks"]: "Targets" } } },
        stopConditions: [{ source: "aws:cloudwatch:alarm", value: `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:${this.outputs.AlarmNamePrefix}probe-public` }],
        creationTime: new Date("2026-11-20T09:00:00Z"),
        lastUpdateTime: new Date("2026-11-20T09:00:00Z"),
        roleArn: `arn:aws:iam::${ACCOUNT}:role/gameday-fis`,
        tags: { [GAMEDAY_TAGS.scenario]: scenarioId, [GAMEDAY_TAGS.deployment]: this.outputs.Prefix },
      });
    }
    templates.push({ ...templates[0], id: "EXTotherTeam00001", tags: { [GAMEDAY_TAGS.scenario]: "ecs-task-termination", [GAMEDAY_TAGS.deployment]: "someone-else" } });
    return templates;
  }

  // ---------------------------------------------------------------- clock

  /** Moves every experiment one step along its lifecycle, and ECS rollouts to completion. */
  tick(): void {
    const now = this.now();
    for (const fake of this.experiments.values()) {
      const experiment = fake.experiment;
      const status = experiment.state?.status;
      const actions = Object.values(experiment.actions ?? {});
      if (status === "pending") experiment.state = { status: "initiating", reason: "Experiment is initiating." };
      else if (status === "initiating") {
        experiment.state = { status: "running", reason: "Experiment is running." };
        experiment.startTime = now;
        for (const action of actions) Object.assign(action, { state: { status: "running", reason: "Action is running." }, startTime: now });
      } else if (status === "running") {
        const started = experiment.startTime?.getTime() ?? now.getTime();
        if (now.getTime() - started >= fake.durationMs) this.endExperiment(fake, "completed", "Experiment completed.");
      } else if (status === "stopping") this.endExperiment(fake, "stopped", experiment.state?.reason ?? "Experiment stopped.");
    }
    for (const { service } of this.services.values()) {
      for (const deployment of service.deployments ?? []) {
        if (deployment.rolloutState === "IN_PROGRESS") Object.assign(deployment, { rolloutState: "COMPLETED", rolloutStateReason: `ECS deployment ${deployment.id ?? ""} completed.`, updatedAt: now, runningCount: deployment.desiredCount });
      }
    }
  }

  private endExperiment(fake: FakeExperiment, status: "completed" | "stopped", reason: string): void {
    const now = this.now();
    fake.experiment.state = { status, reason };
    fake.experiment.endTime = now;
    for (const action of Object.values(fake.experiment.actions ?? {})) {
      Object.assign(action, { state: { status: status === "completed" ? "completed" : "stopped", reason }, endTime: action.startTime ? now : undefined });
    }
  }

  // ---------------------------------------------------------------- handlers

  private record(service: string, command: string, input: object): void {
    this.calls.push({ service, command, input: { ...input } });
    const once = this.failuresOnce.get(command);
    if (once) {
      this.failuresOnce.delete(command);
      throw once;
    }
    const failure = this.failures.get(command);
    if (failure) throw failure;
  }

  /** The inputs of every recorded call of one command, oldest first. */
  inputsOf(command: string): Record<string, unknown>[] {
    return this.calls.filter((call) => call.command === command).map((call) => call.input);
  }

  /** Command names in call order, optionally of the mutating calls only. */
  sequence(options: { mutating?: boolean } = {}): string[] {
    const reads = /^(Describe|List|Get)/;
    return this.calls.map((call) => call.command).filter((command) => !options.mutating || !reads.test(command));
  }

  private startExperiment(input: StartExperimentCommandInput): { experiment: Experiment } {
    for (const fake of this.experiments.values()) if (fake.clientToken === input.clientToken) return { experiment: fake.experiment };
    const template = this.templates().find((candidate) => candidate.id === input.experimentTemplateId);
    if (!template) throw new ResourceNotFoundException({ message: `Experiment template ${input.experimentTemplateId ?? ""} not found.`, $metadata: { httpStatusCode: 404 } });
    const active = [...this.experiments.values()].filter((fake) => ["pending", "initiating", "running", "stopping"].includes(fake.experiment.state?.status ?? "")).length;
    if (active >= 5) throw new ServiceQuotaExceededException({ message: "You have exceeded the maximum number of active experiments (5).", $metadata: { httpStatusCode: 402 } });
    this.experimentCounter += 1;
    const id = `EXP${this.experimentCounter.toString().padStart(6, "0")}a1B2c3D4e5`;
    const action = Object.values(template.actions ?? {})[0];
    const experiment: Experiment = {
      id,
      experimentTemplateId: template.id,
      roleArn: template.roleArn,
      // "cancelled" is newer than the pinned client's ExperimentStatus type; FIS returns it.
      state: { status: (this.lever.status === "engaged" ? "cancelled" : "pending") as unknown as ExperimentStatus, reason: this.lever.status === "engaged" ? "Safety lever engaged." : "Experiment is pending." },
      targets: {},
      actions: { Inject: { actionId: action?.actionId ?? "aws:fis:wait", parameters: action?.parameters ?? {}, targets: action?.targets ?? {}, state: { status: "pending", reason: "Initial state" } } },
      stopConditions: [],
      creationTime: this.now(),
      tags: { ...input.tags },
    };
    const durationMatch = /PT(\d+)M/.exec(action?.parameters?.duration ?? "PT2M");
    this.experiments.set(id, { experiment, clientToken: input.clientToken ?? id, durationMs: Number(durationMatch?.[1] ?? 2) * 60_000 });
    return { experiment };
  }

  private experimentOrThrow(id: string | undefined): FakeExperiment {
    const fake = this.experiments.get(id ?? "");
    if (!fake) throw new ResourceNotFoundException({ message: `Experiment ${id ?? ""} not found.`, $metadata: { httpStatusCode: 404 } });
    return fake;
  }

  private page<T>(items: T[], token: string | undefined, size: number): { items: T[]; next: string | undefined } {
    const start = token ? Number(token.replace("page-", "")) : 0;
    const end = start + size;
    return { items: items.slice(start, end), next: end < items.length ? `page-${end}` : undefined };
  }

  private metricData(input: GetMetricDataInput): { MetricDataResults: MetricDataResult[]; NextToken?: string; Messages: [] } {
    const start = input.StartTime?.getTime() ?? 0;
    const end = input.EndTime?.getTime() ?? 0;
    const all: { id: string; label: string; t: number; v: number }[] = [];
    for (const query of input.MetricDataQueries ?? []) {
      const period = (query.MetricStat?.Period ?? 60) * 1000;
      const name = query.MetricStat?.Metric?.MetricName ?? "";
      const first = Math.ceil(start / period) * period;
      for (let t = first, index = 0; t < end; t += period, index += 1) {
        const value = name === "RequestCount" ? 1200 + index : name === "TargetResponseTime" ? 0.045 : name.includes("TaskCount") ? 2 : name === "Availability" ? 100 : 0;
        all.push({ id: query.Id ?? "", label: query.Label ?? name, t, v: value });
      }
    }
    // The service pages by datapoints across queries, timestamp ascending, as ScanBy asks.
    const { items, next } = this.page(all, input.NextToken, this.pageSizes.datapoints);
    const byId = new Map<string, MetricDataResult>();
    for (const item of items) {
      const result = byId.get(item.id) ?? { Id: item.id, Label: item.label, Timestamps: [], Values: [], StatusCode: next ? "PartialData" : "Complete" };
      result.Timestamps?.push(new Date(item.t));
      result.Values?.push(item.v);
      byId.set(item.id, result);
    }
    return { MetricDataResults: [...byId.values()], ...(next ? { NextToken: next } : {}), Messages: [] };
  }

  private updateService(input: { cluster?: string; service?: string; desiredCount?: number; taskDefinition?: string; forceNewDeployment?: boolean }): { service: Service } {
    const fake = this.services.get(input.service ?? "");
    if (!fake) throw awsError("ServiceNotFoundException", "Service not found.");
    const service = fake.service;
    if (input.desiredCount !== undefined) {
      service.desiredCount = input.desiredCount;
      service.events?.unshift({ id: `evt-${this.calls.length}`, createdAt: this.now(), message: `(service ${service.serviceName ?? ""}) desired count updated to ${input.desiredCount}.` });
    }
    if (input.taskDefinition || input.forceNewDeployment) {
      if (this.outputs.ApiDeploymentController === "CODE_DEPLOY" && service.serviceName === this.outputs.ApiServiceName) {
        throw awsError("InvalidParameterException", "Unable to update task definition on services with a CODE_DEPLOY deployment controller. Use AWS CodeDeploy to trigger a new deployment.");
      }
      const taskDefinition = input.taskDefinition ? this.resolveTaskDefinition(input.taskDefinition) : service.taskDefinition;
      this.deploymentCounter += 1;
      for (const deployment of service.deployments ?? []) deployment.status = deployment.status === "PRIMARY" ? "ACTIVE" : deployment.status;
      const deployment: Deployment = {
        id: `ecs-svc/10000000000000000${this.deploymentCounter}`,
        status: "PRIMARY",
        taskDefinition,
        desiredCount: service.desiredCount,
        pendingCount: service.desiredCount,
        runningCount: 0,
        failedTasks: 0,
        createdAt: this.now(),
        updatedAt: this.now(),
        rolloutState: "IN_PROGRESS",
        rolloutStateReason: "ECS deployment in progress.",
      };
      service.deployments = [deployment, ...(service.deployments ?? []).filter((existing) => existing.status !== "INACTIVE")];
      service.taskDefinition = taskDefinition;
    }
    return { service };
  }

  private resolveTaskDefinition(name: string): string {
    const arn = name.startsWith("arn:") ? name : this.taskDefinitionArn(name.split(":")[0] ?? name, Number(name.split(":")[1] ?? 0));
    if (!this.taskDefinitions.has(arn)) throw awsError("ClientException", `Unable to describe task definition ${name}.`);
    return arn;
  }

  private register(input: RegisterTaskDefinitionCommandInput): { taskDefinition: TaskDefinition } {
    const family = input.family ?? "unknown";
    const revisions = [...this.taskDefinitions.values()].filter((definition) => definition.family === family).map((definition) => definition.revision ?? 0);
    const revision = Math.max(0, ...revisions) + 1;
    const definition: TaskDefinition = { ...input, taskDefinitionArn: this.taskDefinitionArn(family, revision), revision, status: "ACTIVE" };
    this.taskDefinitions.set(definition.taskDefinitionArn ?? "", definition);
    return { taskDefinition: definition };
  }

  private updateWebAcl(input: UpdateWebACLCommandInput): { NextLockToken: string } {
    if (input.LockToken !== this.webAcl.lockToken) throw awsError("WAFOptimisticLockException", "AWS WAF couldn't save your changes because someone changed the resource after you started to edit it.");
    this.webAcl.rules = input.Rules ?? [];
    this.webAcl.lockToken = `ed2c0c8a-EXAMPLE-${this.calls.length.toString().padStart(4, "0")}`;
    return { NextLockToken: this.webAcl.lockToken };
  }

  private leverState(input: UpdateSafetyLeverStateInput): object {
    this.lever = { status: input.state.status, reason: input.state.reason };
    if (input.state.status === "engaged") {
      for (const fake of this.experiments.values()) {
        if (["pending", "initiating", "running"].includes(fake.experiment.state?.status ?? "")) fake.experiment.state = { status: "stopping", reason: "Safety lever engaged." };
      }
    }
    return { safetyLever: { id: "default", arn: `arn:aws:fis:${REGION}:${ACCOUNT}:safety-lever/default`, state: this.lever } };
  }

  // ---------------------------------------------------------------- wiring

  /** Replaces every client's send with this world's handlers. Call restore() when done. */
  install(): void {
    // Every client the adapter holds is mocked, so nothing can reach the network. The FIS
    // client is built on older smithy types than the others; mockClient needs the cast.
    const fis = mockClient(FisClient as unknown as typeof CloudWatchClient) as unknown as Stub;
    const stubs = {
      cloudwatch: mockClient(CloudWatchClient) as unknown as Stub,
      ecs: mockClient(ECSClient) as unknown as Stub,
      xray: mockClient(XRayClient) as unknown as Stub,
      secrets: mockClient(SecretsManagerClient) as unknown as Stub,
      iam: mockClient(IAMClient) as unknown as Stub,
      ssm: mockClient(SSMClient) as unknown as Stub,
      wafv2: mockClient(WAFV2Client) as unknown as Stub,
      codedeploy: mockClient(CodeDeployClient) as unknown as Stub,
      elbv2: mockClient(ElasticLoadBalancingV2Client) as unknown as Stub,
      rds: mockClient(RDSClient) as unknown as Stub,
      sts: mockClient(STSClient) as unknown as Stub,
      autoscaling: mockClient(AutoScalingClient) as unknown as Stub,
    };
    const on = <I extends object>(stub: Stub, service: string, command: { name: string }, handle: (input: I) => unknown) => {
      stub.on(command as never).callsFake(((input: I) => {
        this.record(service, command.name.replace(/Command$/, ""), input);
        return Promise.resolve({ $metadata: { httpStatusCode: 200, requestId: "c7ad6b1e-EXAMPLE" }, ...(handle(input) as object) });
      }));
    };

    // FIS
    on(fis, "fis", ListExperimentTemplatesCommand, (input: { nextToken?: string }) => {
      const { items, next } = this.page(this.templates(), input.nextToken, this.pageSizes.templates);
      return { experimentTemplates: items.map((template) => ({ id: template.id, description: template.description, creationTime: template.creationTime, lastUpdateTime: template.lastUpdateTime, tags: template.tags })), nextToken: next };
    });
    on(fis, "fis", GetExperimentTemplateCommand, (input: { id?: string }) => {
      const template = this.templates().find((candidate) => candidate.id === input.id);
      if (!template) throw new ResourceNotFoundException({ message: "Template not found.", $metadata: { httpStatusCode: 404 } });
      return { experimentTemplate: template };
    });
    on(fis, "fis", StartExperimentCommand, (input: StartExperimentCommandInput) => this.startExperiment(input));
    on(fis, "fis", GetExperimentCommand, (input: { id?: string }) => ({ experiment: this.experimentOrThrow(input.id).experiment }));
    on(fis, "fis", StopExperimentCommand, (input: { id?: string }) => {
      const fake = this.experimentOrThrow(input.id);
      if (["completed", "stopped", "failed", "cancelled"].includes(fake.experiment.state?.status ?? "")) {
        throw new ConflictException({ message: `Experiment ${input.id ?? ""} has already ended.`, $metadata: { httpStatusCode: 409 } });
      }
      fake.experiment.state = { status: "stopping", reason: "Experiment is stopping." };
      return { experiment: fake.experiment };
    });
    on(fis, "fis", ListExperimentsCommand, (input: { nextToken?: string }) => {
      const all = [...this.experiments.values()].map((fake) => fake.experiment).reverse();
      const { items, next } = this.page(all, input.nextToken, this.pageSizes.experiments);
      return { experiments: items.map((experiment) => ({ id: experiment.id, experimentTemplateId: experiment.experimentTemplateId, state: experiment.state, creationTime: experiment.creationTime, tags: experiment.tags })), nextToken: next };
    });
    on(fis, "fis", GetSafetyLeverCommand, () => ({ safetyLever: { id: "default", arn: `arn:aws:fis:${REGION}:${ACCOUNT}:safety-lever/default`, state: this.lever } }));
    on(fis, "fis", UpdateSafetyLeverStateCommand, (input: UpdateSafetyLeverStateInput) => this.leverState(input));

    // CloudWatch
    on(stubs.cloudwatch, "cloudwatch", GetMetricDataCommand, (input: GetMetricDataInput) => this.metricData(input));
    on(stubs.cloudwatch, "cloudwatch", DescribeAlarmsCommand, (input: { AlarmNamePrefix?: string; NextToken?: string; MaxRecords?: number }) => {
      const matching = this.alarms.filter((alarm) => alarm.AlarmName?.startsWith(input.AlarmNamePrefix ?? ""));
      const { items, next } = this.page(matching, input.NextToken, Math.min(input.MaxRecords ?? 50, this.pageSizes.alarms));
      return { MetricAlarms: items, CompositeAlarms: [], NextToken: next };
    });
    on(stubs.cloudwatch, "cloudwatch", DescribeAlarmHistoryCommand, (input: { AlarmName?: string; StartDate?: Date; EndDate?: Date; ScanBy?: string; NextToken?: string }) => {
      const direction = input.ScanBy === "TimestampDescending" ? -1 : 1;
      const matching = this.alarmHistory
        .filter((item) => input.AlarmName === undefined || item.AlarmName === input.AlarmName)
        .filter((item) => (item.Timestamp?.getTime() ?? 0) >= (input.StartDate?.getTime() ?? 0) && (item.Timestamp?.getTime() ?? 0) <= (input.EndDate?.getTime() ?? Infinity))
        .sort((a, b) => direction * ((a.Timestamp?.getTime() ?? 0) - (b.Timestamp?.getTime() ?? 0)));
      const { items, next } = this.page(matching, input.NextToken, this.pageSizes.history);
      return { AlarmHistoryItems: items, NextToken: next };
    });

    // ECS
    on(stubs.ecs, "ecs", DescribeClustersCommand, (input: { clusters?: string[] }) => {
      const found = input.clusters?.includes(this.outputs.ClusterName);
      return found
        ? { clusters: [{ clusterArn: this.clusterArn, clusterName: this.outputs.ClusterName, status: "ACTIVE", tags: [...this.clusterTags].map(([key, value]) => ({ key, value })) }], failures: [] }
        : { clusters: [], failures: [{ arn: input.clusters?.[0], reason: "MISSING" }] };
    });
    on(stubs.ecs, "ecs", TagResourceCommand, (input: { resourceArn?: string; tags?: { key?: string; value?: string }[] }) => {
      if (input.resourceArn !== this.clusterArn) throw awsError("InvalidParameterException", "The specified resource is not valid.");
      for (const tag of input.tags ?? []) if (tag.key) this.clusterTags.set(tag.key, tag.value ?? "");
      if (this.clusterTags.size > 50) throw awsError("InvalidParameterException", "Too many tags.");
      return {};
    });
    on(stubs.ecs, "ecs", UntagResourceCommand, (input: { tagKeys?: string[] }) => {
      for (const key of input.tagKeys ?? []) this.clusterTags.delete(key);
      return {};
    });
    on(stubs.ecs, "ecs", DescribeServicesCommand, (input: { services?: string[] }) => {
      const services = (input.services ?? []).map((name) => this.services.get(name)?.service).filter((service): service is Service => service !== undefined);
      const failures = (input.services ?? []).filter((name) => !this.services.has(name)).map((name) => ({ arn: `arn:aws:ecs:${REGION}:${ACCOUNT}:service/${this.outputs.ClusterName}/${name}`, reason: "MISSING" }));
      return { services: structuredClone(services), failures };
    });
    on(stubs.ecs, "ecs", UpdateServiceCommand, (input: Parameters<FakeAws["updateService"]>[0]) => this.updateService(input));
    on(stubs.ecs, "ecs", ListTasksCommand, (input: { serviceName?: string; desiredStatus?: string; nextToken?: string }) => {
      const arns = this.tasks.filter((task) => task.group === `service:${input.serviceName ?? ""}` && task.desiredStatus === (input.desiredStatus ?? "RUNNING")).map((task) => task.taskArn ?? "");
      const { items, next } = this.page(arns, input.nextToken, this.pageSizes.tasks);
      return { taskArns: items, nextToken: next };
    });
    on(stubs.ecs, "ecs", DescribeTasksCommand, (input: { tasks?: string[] }) => {
      if ((input.tasks?.length ?? 0) > 100) throw awsError("InvalidParameterException", "Tasks cannot be longer than 100.");
      return { tasks: this.tasks.filter((task) => input.tasks?.includes(task.taskArn ?? "")), failures: [] };
    });
    on(stubs.ecs, "ecs", DescribeTaskDefinitionCommand, (input: { taskDefinition?: string }) => {
      const definition = this.taskDefinitions.get(this.resolveTaskDefinition(input.taskDefinition ?? ""));
      return { taskDefinition: structuredClone(definition), tags: [{ key: "gameday:deployment", value: this.outputs.Prefix }] };
    });
    on(stubs.ecs, "ecs", RegisterTaskDefinitionCommand, (input: RegisterTaskDefinitionCommandInput) => this.register(input));
    on(stubs.ecs, "ecs", DeregisterTaskDefinitionCommand, (input: { taskDefinition?: string }) => {
      const definition = this.taskDefinitions.get(this.resolveTaskDefinition(input.taskDefinition ?? ""));
      if (definition) definition.status = "INACTIVE";
      return { taskDefinition: definition };
    });
    on(stubs.ecs, "ecs", ListTaskDefinitionsCommand, (input: { familyPrefix?: string; status?: string; sort?: string }) => {
      const arns = [...this.taskDefinitions.values()]
        .filter((definition) => definition.family === input.familyPrefix && (input.status === undefined || definition.status === input.status))
        .sort((a, b) => (input.sort === "DESC" ? (b.revision ?? 0) - (a.revision ?? 0) : (a.revision ?? 0) - (b.revision ?? 0)))
        .map((definition) => definition.taskDefinitionArn);
      return { taskDefinitionArns: arns };
    });
    on(stubs.ecs, "ecs", ListContainerInstancesCommand, () => ({ containerInstanceArns: this.containerInstances().map((instance) => instance.containerInstanceArn) }));
    on(stubs.ecs, "ecs", DescribeContainerInstancesCommand, () => ({ containerInstances: this.containerInstances(), failures: [] }));

    // X-Ray
    on(stubs.xray, "xray", GetServiceGraphCommand, (input: { NextToken?: string }) => this.serviceGraph(input.NextToken));
    on(stubs.xray, "xray", GetTraceSummariesCommand, () => ({ TraceSummaries: this.traceSummaries(), ApproximateTime: this.now(), TracesProcessedCount: 3 }));

    // The services the SDK-driven scenarios change
    on(stubs.secrets, "secretsmanager", RotateSecretCommand, (input: { SecretId?: string }) => ({ ARN: input.SecretId, Name: "gameday/db/app", VersionId: "EXAMPLE1-90ab-cdef-fedc-ba987SECRET1" }));
    on(stubs.secrets, "secretsmanager", DescribeSecretCommand, (input: { SecretId?: string }) => ({ ARN: input.SecretId, Name: "gameday/db/app", RotationEnabled: true, RotationLambdaARN: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:gameday-rotation` }));
    on(stubs.iam, "iam", ListAttachedRolePoliciesCommand, () => ({ AttachedPolicies: [...this.attachedPolicies].map((arn) => ({ PolicyArn: arn, PolicyName: arn.split("/").pop() })), IsTruncated: false }));
    on(stubs.iam, "iam", DetachRolePolicyCommand, (input: { PolicyArn?: string }) => {
      if (!this.attachedPolicies.delete(input.PolicyArn ?? "")) throw awsError("NoSuchEntity", `Policy ${input.PolicyArn ?? ""} was not found.`, 404);
      return {};
    });
    on(stubs.iam, "iam", AttachRolePolicyCommand, (input: { PolicyArn?: string }) => {
      this.attachedPolicies.add(input.PolicyArn ?? "");
      return {};
    });
    on(stubs.ssm, "ssm", PutParameterCommand, (input: { Value?: string }) => {
      this.faultFlag = input.Value ?? "";
      return { Version: this.calls.length, Tier: "Standard" };
    });
    on(stubs.ssm, "ssm", GetParameterCommand, (input: { Name?: string }) => ({ Parameter: { Name: input.Name, Type: "String", Value: this.faultFlag, Version: 1 } }));
    on(stubs.wafv2, "wafv2", GetWebACLCommand, () => ({
      WebACL: {
        Name: this.outputs.WebAclName,
        Id: this.outputs.WebAclId,
        ARN: `arn:aws:wafv2:${REGION}:${ACCOUNT}:regional/webacl/${this.outputs.WebAclName}/${this.outputs.WebAclId}`,
        DefaultAction: { Allow: {} },
        Description: "Game-day target web ACL",
        Rules: structuredClone(this.webAcl.rules),
        VisibilityConfig: { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: this.outputs.WebAclName },
        Capacity: 2,
      },
      LockToken: this.webAcl.lockToken,
    }));
    on(stubs.wafv2, "wafv2", UpdateWebACLCommand, (input: UpdateWebACLCommandInput) => this.updateWebAcl(input));
    on(stubs.codedeploy, "codedeploy", CreateDeploymentCommand, () => ({ deploymentId: `d-EXAMPLE${(this.calls.length % 100).toString().padStart(2, "0")}A` }));
    on(stubs.codedeploy, "codedeploy", StopDeploymentCommand, () => ({ status: "Succeeded", statusMessage: "Deployment stopped; rollback started." }));
    on(stubs.elbv2, "elasticloadbalancing", DescribeTargetHealthCommand, (input: { TargetGroupArn?: string }) => ({
      TargetHealthDescriptions:
        input.TargetGroupArn === this.outputs.ApiBlueTargetGroupArn
          ? this.tasks
              .filter((task) => task.group === `service:${this.outputs.ApiServiceName}` && task.lastStatus === "RUNNING")
              .map((task) => ({ Target: { Id: task.containers?.[0]?.networkInterfaces?.[0]?.privateIpv4Address, Port: 8080, AvailabilityZone: task.availabilityZone }, HealthCheckPort: "8080", TargetHealth: { State: "healthy" } }))
          : [],
    }));
    on(stubs.rds, "rds", DescribeDBClustersCommand, () => ({
      DBClusters: [
        {
          DBClusterIdentifier: this.outputs.DbClusterIdentifier,
          Engine: "aurora-postgresql",
          EngineVersion: "16.6",
          Status: "available",
          DBClusterMembers: ["gameday-db-instance-1", "gameday-db-instance-2"].map((id) => ({ DBInstanceIdentifier: id, IsClusterWriter: id === this.dbWriter, PromotionTier: 1 })),
        },
      ],
    }));
    on(stubs.rds, "rds", FailoverDBClusterCommand, (input: { TargetDBInstanceIdentifier?: string }) => {
      this.dbWriter = input.TargetDBInstanceIdentifier ?? this.dbWriter;
      return { DBCluster: { DBClusterIdentifier: this.outputs.DbClusterIdentifier, Status: "failing-over" } };
    });
    on(stubs.sts, "sts", GetCallerIdentityCommand, () => ({ UserId: "AROAEXAMPLEID:gameday-console", Account: ACCOUNT, Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/gameday-console/session` }));

    on(stubs.autoscaling, "autoscaling", DescribeAutoScalingGroupsCommand, (input: { AutoScalingGroupNames?: string[] }) => ({
      AutoScalingGroups: input.AutoScalingGroupNames?.includes(this.autoScalingGroup.name)
        ? [{ AutoScalingGroupName: this.autoScalingGroup.name, MinSize: 1, MaxSize: this.autoScalingGroup.max, DesiredCapacity: this.autoScalingGroup.desired }]
        : [],
    }));
    on(stubs.autoscaling, "autoscaling", SetDesiredCapacityCommand, (input: { DesiredCapacity?: number }) => {
      if ((input.DesiredCapacity ?? 0) > this.autoScalingGroup.max) throw awsError("ValidationError", "New SetDesiredCapacity value is above max value for the group.");
      this.autoScalingGroup.desired = input.DesiredCapacity ?? this.autoScalingGroup.desired;
      return {};
    });

    this.stubs = [fis, ...Object.values(stubs)];
  }

  /** The EC2 variant's Auto Scaling group (seed 001: 1 On-Demand + Spot, max 3 by default). */
  readonly autoScalingGroup = { name: "gameday-asg", desired: 2, max: 3 };

  restore(): void {
    for (const stub of this.stubs) stub.restore();
    this.stubs = [];
  }

  private containerInstances(): ContainerInstance[] {
    if (!this.outputs.AutoScalingGroupName) return [];
    return ["i-0a1b2c3d4e5f60001", "i-0a1b2c3d4e5f60002"].map((id, index) => ({
      containerInstanceArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:container-instance/${this.outputs.ClusterName}/ci${index}`,
      ec2InstanceId: id,
      status: "ACTIVE",
      capacityProviderName: index === 0 ? "gameday-on-demand" : "gameday-spot",
      registeredResources: [{ name: "CPU", type: "INTEGER", integerValue: 2048 }],
      remainingResources: [{ name: "CPU", type: "INTEGER", integerValue: 1024 }],
      attributes: [{ name: "ecs.availability-zone", value: `${REGION}${index === 0 ? "a" : "b"}` }],
      tags: [],
    }));
  }

  /** The graph X-Ray draws for client → load balancer → api → backend → database. */
  private serviceGraph(token: string | undefined): object {
    const start = new Date(this.now().getTime() - 5 * 60_000);
    const end = this.now();
    const stats = (total: number, errors: number, faults: number, seconds: number) => ({
      OkCount: total - errors - faults,
      ErrorStatistics: { ThrottleCount: 0, OtherCount: errors, TotalCount: errors },
      FaultStatistics: { OtherCount: faults, TotalCount: faults },
      TotalCount: total,
      TotalResponseTime: seconds,
    });
    const edge = (ReferenceId: number, total: number, seconds: number) => ({
      ReferenceId,
      StartTime: start,
      EndTime: end,
      SummaryStatistics: stats(total, 0, 0, seconds),
      ResponseTimeHistogram: [
        { Value: 0.02, Count: Math.floor(total * 0.9) },
        { Value: 0.12, Count: total - Math.floor(total * 0.9) },
      ],
      Aliases: [],
    });
    const services = [
      { ReferenceId: 0, Name: "client", Names: ["client"], Type: "client", Root: true, State: "unknown", Edges: [edge(1, 600, 30)] },
      { ReferenceId: 1, Name: "gameday-alb", Names: ["gameday-alb"], Type: "AWS::ElasticLoadBalancingV2::LoadBalancer", State: "active", StartTime: start, EndTime: end, Edges: [edge(2, 600, 27)], SummaryStatistics: stats(600, 2, 1, 30) },
      { ReferenceId: 2, Name: "api", Names: ["api"], Type: "AWS::ECS::Container", State: "active", StartTime: start, EndTime: end, Edges: [edge(3, 300, 9), edge(4, 300, 6)], SummaryStatistics: stats(600, 2, 1, 27) },
      { ReferenceId: 3, Name: "backend", Names: ["backend"], Type: "AWS::ECS::Container", State: "active", StartTime: start, EndTime: end, Edges: [], SummaryStatistics: stats(300, 0, 0, 9) },
      { ReferenceId: 4, Name: "gameday-db@gameday-db.cluster-c1a2b3.eu-west-1.rds.amazonaws.com", Names: ["gameday-db"], Type: "Database::SQL", State: "unknown", Edges: [], SummaryStatistics: stats(300, 0, 0, 6) },
    ];
    // Two pages, so the adapter's NextToken loop is exercised.
    return token ? { Services: services.slice(3), StartTime: start, EndTime: end } : { Services: services.slice(0, 3), StartTime: start, EndTime: end, NextToken: "graph-page-2" };
  }

  private traceSummaries(): object[] {
    const at = new Date(this.now().getTime() - 60_000);
    const hex = Math.floor(at.getTime() / 1000).toString(16);
    return [
      { Id: `1-${hex}-bd862e3fe1be46a994272793`, StartTime: at, Duration: 0.046, ResponseTime: 0.045, HasFault: false, HasError: false, HasThrottle: false, Http: { HttpURL: `${this.outputs.LoadBalancerUrl}/`, HttpStatus: 200, HttpMethod: "GET" }, ServiceIds: [{ Name: "api", Type: "AWS::ECS::Container" }] },
      { Id: `1-${hex}-a1b2c3d4e5f6a7b8c9d0e1f2`, Duration: 1.2, ResponseTime: 1.19, HasFault: true, HasError: false, Http: { HttpURL: `${this.outputs.LoadBalancerUrl}/db`, HttpStatus: 502, HttpMethod: "GET" }, ServiceIds: [{ Name: "api" }, { Name: "gameday-db" }] },
      { Id: `1-${hex}-0f1e2d3c4b5a69788796a5b4`, StartTime: at, Duration: 0.3, HasFault: false, HasError: true, Http: { HttpURL: `${this.outputs.LoadBalancerUrl}/work?ms=250`, HttpStatus: 429, HttpMethod: "GET" }, ServiceIds: [{ Name: "api" }, { Name: "backend" }] },
    ];
  }
}
