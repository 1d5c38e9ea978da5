import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as cw_actions from "aws-cdk-lib/aws-cloudwatch-actions";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import * as sns from "aws-cdk-lib/aws-sns";
import * as subscriptions from "aws-cdk-lib/aws-sns-subscriptions";
import type { Construct } from "constructs";
import type { InfraConfig } from "../config";
import { AvailabilityProbe, PROBE_METRIC } from "../constructs/availability-probe";
import { ALARMS, type AlarmKey, type DeploymentNames, type ServiceName } from "../names";
import { acknowledgeWildcardResource } from "../nag";
import type { DataStack } from "./data-stack";
import type { TargetStack } from "./target-stack";

/** Props of {@link ObservabilityStack}. */
export interface ObservabilityStackProps extends StackProps {
  /** The validated app configuration. */
  readonly config: InfraConfig;
  /** Names derived from the deployment prefix. */
  readonly names: DeploymentNames;
  /** The target services, load balancer and capacity. */
  readonly target: TargetStack;
  /** Aurora, its security group and the app secret. */
  readonly data: DataStack;
}

/** The p95 latency SLO the scenarios' steady state uses (lib/scenarios/common.ts). */
export const LATENCY_SLO_SECONDS = 0.5;

/** Alarm thresholds; the seeds' numbers where they give one (seed 002: CPU/memory 80 %, 5xx > 10 in 5 min). */
export function defaultThresholds() {
  return {
    target5xxPer5Minutes: 10,
    latencyP95Seconds: LATENCY_SLO_SECONDS,
    cpuPercent: 80,
    memoryPercent: 80,
    dbConnections: 200,
    dbCpuPercent: 80,
    probeAvailabilityPercent: 99,
    /** Below this the fault has gone beyond any planned blast radius: most users are down. */
    stopGuardAvailabilityPercent: 50,
  } as const;
}

const ONE_MINUTE = Duration.minutes(1);

/**
 * What the console and the people watch: one dashboard (ALB, ECS, RDS, probe), the alarm
 * set (all named with the `AlarmNamePrefix` the console lists by), an encrypted SNS topic
 * with an optional email subscription, and the availability probe.
 */
export class ObservabilityStack extends Stack {
  /** Every alarm, by key; the chaos stack uses them as FIS stop conditions. */
  readonly alarms: Readonly<Record<AlarmKey, cloudwatch.Alarm>>;
  readonly topic: sns.Topic;
  readonly dashboard: cloudwatch.Dashboard;
  readonly probe: AvailabilityProbe;

  constructor(scope: Construct, id: string, props: ObservabilityStackProps) {
    super(scope, id, props);
    const { config, names, target, data } = props;
    const thresholds = defaultThresholds();

    const topicKey = new kms.Key(this, "AlarmTopicKey", {
      alias: `alias/${names.prefix}/alarms`,
      description: "Encrypts the game-day alarm topic",
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // CloudWatch publishes alarm notifications to the encrypted topic on its own behalf.
    topicKey.addToResourcePolicy(
      new iam.PolicyStatement({
        actions: ["kms:Decrypt", "kms:GenerateDataKey*"],
        principals: [new iam.ServicePrincipal("cloudwatch.amazonaws.com")],
        resources: ["*"],
        conditions: { StringEquals: { "aws:SourceAccount": this.account } },
      }),
    );
    this.topic = new sns.Topic(this, "AlarmTopic", {
      topicName: `${names.prefix}-alarms`,
      displayName: `Game-day alarms (${names.prefix})`,
      masterKey: topicKey,
      enforceSSL: true,
    });
    if (config.alarmEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(config.alarmEmail));

    this.probe = new AvailabilityProbe(this, "Probe", { targetUrl: target.loadBalancerUrl, logRetention: config.logRetentionDays });
    acknowledgeWildcardResource(
      this.probe,
      "*",
      "cloudwatch:PutMetricData has no resource type; the grant is limited to the GameDay/Probe namespace by condition.",
    );

    // ---- Metrics ----------------------------------------------------------------------
    const lb = target.loadBalancer.loadBalancerFullName;
    const alb = (metricName: string, statistic: string, period = ONE_MINUTE) =>
      new cloudwatch.Metric({ namespace: "AWS/ApplicationELB", metricName, statistic, period, dimensionsMap: { LoadBalancer: lb } });
    const targetGroupMetric = (metricName: string, statistic: string, targetGroupFullName: string) =>
      new cloudwatch.Metric({
        namespace: "AWS/ApplicationELB",
        metricName,
        statistic,
        period: ONE_MINUTE,
        dimensionsMap: { LoadBalancer: lb, TargetGroup: targetGroupFullName },
      });
    const ecsDims = (service: ServiceName) => ({ ClusterName: target.cluster.clusterName, ServiceName: service });
    const ecsMetric = (metricName: string, service: ServiceName) =>
      new cloudwatch.Metric({ namespace: "AWS/ECS", metricName, statistic: "Average", period: ONE_MINUTE, dimensionsMap: ecsDims(service) });
    const insights = (metricName: string, service: ServiceName) =>
      new cloudwatch.Metric({ namespace: "ECS/ContainerInsights", metricName, statistic: "Average", period: ONE_MINUTE, dimensionsMap: ecsDims(service) });
    const rdsMetric = (metricName: string, statistic: string) =>
      new cloudwatch.Metric({
        namespace: "AWS/RDS",
        metricName,
        statistic,
        period: ONE_MINUTE,
        dimensionsMap: { DBClusterIdentifier: data.cluster.clusterIdentifier },
      });
    // No label: a labelled metric turns an alarm into the metric-math form.
    const probe = (check: (typeof PROBE_METRIC.checks)[number]) =>
      new cloudwatch.Metric({
        namespace: PROBE_METRIC.namespace,
        metricName: PROBE_METRIC.metricName,
        statistic: "Average",
        period: ONE_MINUTE,
        dimensionsMap: { Check: check },
      });
    const unhealthyHosts = new cloudwatch.MathExpression({
      expression: "MAX([blue, green])",
      usingMetrics: {
        blue: targetGroupMetric("UnHealthyHostCount", "Maximum", target.blueTargetGroup.targetGroupFullName),
        green: targetGroupMetric("UnHealthyHostCount", "Maximum", target.greenTargetGroup.targetGroupFullName),
      },
      label: "unhealthy api targets (blue or green)",
      period: ONE_MINUTE,
    });
    const belowDesired = (service: ServiceName) =>
      new cloudwatch.MathExpression({
        expression: "desired - running",
        usingMetrics: { desired: insights("DesiredTaskCount", service), running: insights("RunningTaskCount", service) },
        label: `${service} tasks below desired`,
        period: ONE_MINUTE,
      });

    // ---- Alarms -----------------------------------------------------------------------
    type AlarmSpec = {
      metric: cloudwatch.IMetric;
      threshold: number;
      comparison: cloudwatch.ComparisonOperator;
      evaluationPeriods: number;
      datapointsToAlarm?: number;
      missing: cloudwatch.TreatMissingData;
      description: string;
    };
    const above = cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD;
    const below = cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD;
    const notBreaching = cloudwatch.TreatMissingData.NOT_BREACHING;
    const specs: Record<AlarmKey, AlarmSpec> = {
      stopGuard: {
        metric: probe("public"),
        threshold: thresholds.stopGuardAvailabilityPercent,
        comparison: below,
        evaluationPeriods: 2,
        // A probe that missed a minute must not abort an experiment; only measured outage does.
        missing: notBreaching,
        description: "FIS stop guard: public availability below 50 % for two minutes, beyond any planned blast radius. Every FIS template stops on it.",
      },
      api5xx: {
        metric: alb("HTTPCode_Target_5XX_Count", "Sum", Duration.minutes(5)),
        threshold: thresholds.target5xxPer5Minutes,
        comparison: above,
        evaluationPeriods: 1,
        missing: notBreaching,
        description: "api answered more than 10 5xx in 5 minutes (seed 002). CodeDeploy rolls back on it.",
      },
      apiLatencyP95: {
        metric: alb("TargetResponseTime", "p95"),
        threshold: thresholds.latencyP95Seconds,
        comparison: above,
        evaluationPeriods: 3,
        missing: notBreaching,
        description: "p95 target response time above the 500 ms SLO for three minutes.",
      },
      apiUnhealthyHosts: {
        metric: unhealthyHosts,
        threshold: 0,
        comparison: above,
        evaluationPeriods: 2,
        missing: notBreaching,
        description: "An api target is unhealthy in the blue or green target group. CodeDeploy rolls back on it.",
      },
      apiRunningBelowDesired: {
        metric: belowDesired("api"),
        threshold: 0,
        comparison: above,
        evaluationPeriods: 3,
        missing: notBreaching,
        description: "api has fewer running tasks than desired for three minutes.",
      },
      backendRunningBelowDesired: {
        metric: belowDesired("backend"),
        threshold: 0,
        comparison: above,
        evaluationPeriods: 3,
        missing: notBreaching,
        description: "backend has fewer running tasks than desired for three minutes.",
      },
      apiCpuHigh: {
        metric: ecsMetric("CPUUtilization", "api"),
        threshold: thresholds.cpuPercent,
        comparison: above,
        evaluationPeriods: 3,
        missing: notBreaching,
        description: "api CPU above 80 % for three minutes (seed 002).",
      },
      backendCpuHigh: {
        metric: ecsMetric("CPUUtilization", "backend"),
        threshold: thresholds.cpuPercent,
        comparison: above,
        evaluationPeriods: 3,
        missing: notBreaching,
        description: "backend CPU above 80 % for three minutes (seed 002).",
      },
      apiMemoryHigh: {
        metric: ecsMetric("MemoryUtilization", "api"),
        threshold: thresholds.memoryPercent,
        comparison: above,
        evaluationPeriods: 3,
        missing: notBreaching,
        description: "api memory above 80 % for three minutes (seed 002).",
      },
      backendMemoryHigh: {
        metric: ecsMetric("MemoryUtilization", "backend"),
        threshold: thresholds.memoryPercent,
        comparison: above,
        evaluationPeriods: 3,
        missing: notBreaching,
        description: "backend memory above 80 % for three minutes (seed 002).",
      },
      dbConnectionsHigh: {
        metric: rdsMetric("DatabaseConnections", "Maximum"),
        threshold: thresholds.dbConnections,
        comparison: above,
        evaluationPeriods: 3,
        missing: notBreaching,
        description: "More than 200 database connections for three minutes: a connection leak or retry storm.",
      },
      dbCpuHigh: {
        metric: rdsMetric("CPUUtilization", "Maximum"),
        threshold: thresholds.dbCpuPercent,
        comparison: above,
        evaluationPeriods: 3,
        missing: notBreaching,
        description: "Aurora CPU above 80 % for three minutes.",
      },
      probePublic: {
        metric: probe("public"),
        threshold: thresholds.probeAvailabilityPercent,
        comparison: below,
        evaluationPeriods: 2,
        // No probe data means nobody is watching: that is an alarm of its own.
        missing: cloudwatch.TreatMissingData.BREACHING,
        description: "The public check (/) succeeded on fewer than 99 % of probes for two minutes (seed 003).",
      },
      probeDb: {
        metric: probe("db"),
        threshold: thresholds.probeAvailabilityPercent,
        comparison: below,
        evaluationPeriods: 2,
        missing: cloudwatch.TreatMissingData.BREACHING,
        description: "The database check (/db) succeeded on fewer than 99 % of probes for two minutes.",
      },
      probeBackend: {
        metric: probe("backend"),
        threshold: thresholds.probeAvailabilityPercent,
        comparison: below,
        evaluationPeriods: 2,
        missing: cloudwatch.TreatMissingData.BREACHING,
        description: "The backend check (/api/backend) succeeded on fewer than 99 % of probes for two minutes.",
      },
    };

    const action = new cw_actions.SnsAction(this.topic);
    const alarms: Partial<Record<AlarmKey, cloudwatch.Alarm>> = {};
    for (const [key, spec] of Object.entries(specs) as [AlarmKey, AlarmSpec][]) {
      const alarm = new cloudwatch.Alarm(this, `Alarm-${ALARMS[key]}`, {
        alarmName: names.alarm(key),
        alarmDescription: spec.description,
        metric: spec.metric,
        threshold: spec.threshold,
        comparisonOperator: spec.comparison,
        evaluationPeriods: spec.evaluationPeriods,
        datapointsToAlarm: spec.datapointsToAlarm ?? spec.evaluationPeriods,
        treatMissingData: spec.missing,
      });
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
      alarms[key] = alarm;
    }
    this.alarms = alarms as Record<AlarmKey, cloudwatch.Alarm>;

    // ---- Dashboard --------------------------------------------------------------------
    const graph = (title: string, left: cloudwatch.IMetric[], width = 8) => new cloudwatch.GraphWidget({ title, left, width, height: 6 });
    this.dashboard = new cloudwatch.Dashboard(this, "Dashboard", {
      dashboardName: names.dashboard,
      defaultInterval: Duration.hours(3),
      widgets: [
        [
          new cloudwatch.TextWidget({
            markdown: `# Game day: ${names.prefix}\nTarget \`${names.clusterName}\` behind the public ALB. Alarms start with \`${names.alarmPrefix}\`.`,
            width: 24,
            height: 2,
          }),
        ],
        [new cloudwatch.AlarmStatusWidget({ title: "Alarms", alarms: Object.values(this.alarms), width: 24, height: 4 })],
        [
          graph("Probe availability (%)", PROBE_METRIC.checks.map((check) => probe(check))),
          graph("Requests and errors", [alb("RequestCount", "Sum"), alb("HTTPCode_Target_5XX_Count", "Sum"), alb("HTTPCode_ELB_5XX_Count", "Sum"), alb("HTTPCode_ELB_4XX_Count", "Sum")]),
          graph("Target response time (s)", [alb("TargetResponseTime", "p50"), alb("TargetResponseTime", "p95"), alb("TargetResponseTime", "p99")]),
        ],
        [
          graph("api targets", [
            targetGroupMetric("HealthyHostCount", "Minimum", target.blueTargetGroup.targetGroupFullName),
            targetGroupMetric("UnHealthyHostCount", "Maximum", target.blueTargetGroup.targetGroupFullName),
            targetGroupMetric("HealthyHostCount", "Minimum", target.greenTargetGroup.targetGroupFullName),
            targetGroupMetric("UnHealthyHostCount", "Maximum", target.greenTargetGroup.targetGroupFullName),
          ]),
          graph(
            "Tasks: running / desired / pending",
            (["api", "backend"] as const).flatMap((service) => [insights("RunningTaskCount", service), insights("DesiredTaskCount", service), insights("PendingTaskCount", service)]),
          ),
          graph(
            "ECS CPU / memory (%)",
            (["api", "backend"] as const).flatMap((service) => [ecsMetric("CPUUtilization", service), ecsMetric("MemoryUtilization", service)]),
          ),
        ],
        [
          graph("Aurora connections", [rdsMetric("DatabaseConnections", "Maximum")]),
          graph("Aurora CPU (%)", [rdsMetric("CPUUtilization", "Maximum")]),
          graph("Aurora capacity (ACU)", [rdsMetric("ServerlessDatabaseCapacity", "Average")]),
        ],
      ],
    });

    new CfnOutput(this, "AlarmNamePrefix", { key: "AlarmNamePrefix", value: names.alarmPrefix });
    new CfnOutput(this, "DashboardName", { key: "DashboardName", value: names.dashboard });
    new CfnOutput(this, "AlarmTopicArn", { key: "AlarmTopicArn", value: this.topic.topicArn });
  }
}
