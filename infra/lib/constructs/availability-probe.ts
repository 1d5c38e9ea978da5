import path from "node:path";
import { fileURLToPath } from "node:url";
import { Duration, RemovalPolicy } from "aws-cdk-lib";
import * as events from "aws-cdk-lib/aws-events";
import * as targets from "aws-cdk-lib/aws-events-targets";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as logs from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";

const ASSET_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "assets", "probe");

/** The probe's metric (same names in the local lab: lib/lab/metrics.ts). */
export const PROBE_METRIC = { namespace: "GameDay/Probe", metricName: "Availability", checks: ["public", "db", "backend"] } as const;

/** Props of {@link AvailabilityProbe}. */
export interface AvailabilityProbeProps {
  /** Base URL of the target's public listener, e.g. `http://<alb dns>`. */
  readonly targetUrl: string;
  /** Checks per invocation; one invocation per minute. Defaults to 4 (every 15 s, as in seed 003). */
  readonly rounds?: number;
  readonly logRetention: logs.RetentionDays;
}

/** Defaults of the probe schedule: seed 003 checks every 15 seconds. */
export function defaultProbeSchedule(): { readonly rounds: number; readonly intervalMs: number; readonly timeoutMs: number } {
  return { rounds: 4, intervalMs: 15_000, timeoutMs: 5_000 };
}

/**
 * Seed 003's continuous availability check: a Lambda function, invoked every minute, that
 * checks `/`, `/db` and `/api/backend` several times and publishes `GameDay/Probe
 * Availability` (percent) with dimension `Check` = public | db | backend.
 */
export class AvailabilityProbe extends Construct {
  readonly function: lambda.Function;
  readonly schedule: events.Rule;

  constructor(scope: Construct, id: string, props: AvailabilityProbeProps) {
    super(scope, id);
    const schedule = defaultProbeSchedule();
    const rounds = props.rounds ?? schedule.rounds;
    if (!Number.isInteger(rounds) || rounds < 1 || rounds > 4) {
      throw new Error(`AvailabilityProbe: rounds must be a whole number from 1 to 4 (one invocation per minute), got ${rounds}`);
    }

    const logGroup = new logs.LogGroup(this, "Logs", { retention: props.logRetention, removalPolicy: RemovalPolicy.DESTROY });
    const role = new iam.Role(this, "Role", {
      assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com"),
      description: "Game-day availability probe: publishes GameDay/Probe metrics",
    });
    logGroup.grantWrite(role);
    // PutMetricData has no resource type; the namespace condition is the scope.
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ["cloudwatch:PutMetricData"],
        resources: ["*"],
        conditions: { StringEquals: { "cloudwatch:namespace": PROBE_METRIC.namespace } },
      }),
    );

    this.function = new lambda.Function(this, "Function", {
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: "index.handler",
      code: lambda.Code.fromAsset(ASSET_DIR, { exclude: ["*.d.mts"] }),
      // Rounds are 15 s apart and each check times out after 5 s.
      timeout: Duration.seconds(rounds * 15 + 15),
      memorySize: 256,
      role,
      logGroup,
      description: "Game-day availability probe (seed 003): /, /db, /api/backend",
      environment: {
        TARGET_URL: props.targetUrl,
        PROBE_ROUNDS: String(rounds),
        PROBE_INTERVAL_MS: String(schedule.intervalMs),
        PROBE_TIMEOUT_MS: String(schedule.timeoutMs),
      },
    });

    this.schedule = new events.Rule(this, "Schedule", {
      description: "Runs the availability probe every minute",
      schedule: events.Schedule.rate(Duration.minutes(1)),
      targets: [new targets.LambdaFunction(this.function, { retryAttempts: 0 })],
    });
  }
}
