/**
 * Physical names derived from the deployment prefix. Names that cross stack boundaries
 * without a CloudFormation reference (alarm names the CodeDeploy group watches before the
 * observability stack exists, the SSM parameter the target polls) are computed here once
 * so both sides agree.
 */

/** Tag keys the console uses to find what it may drive (mirrors `GAMEDAY_TAGS` in lib/lab/aws/outputs.ts). */
export const GAMEDAY_TAGS = {
  scenario: "gameday:scenario",
  deployment: "gameday:deployment",
  run: "gameday:run",
} as const;

/** Extra tag on the EC2 capacity variant's instances so FIS can find the Spot ones. */
export const CAPACITY_TAG = "gameday:capacity";

/** The port's service names; also the CloudWatch `ServiceName` dimension. */
export const SERVICE_NAMES = ["api", "backend"] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** The container port of the target service (target-service/README.md). */
export const TARGET_PORT = 8080;

/** The alarms the observability stack creates, by key; the value is the name suffix. */
export const ALARMS = {
  stopGuard: "fis-stop-guard",
  api5xx: "api-5xx",
  apiLatencyP95: "api-p95-latency",
  apiUnhealthyHosts: "api-unhealthy-hosts",
  apiRunningBelowDesired: "api-running-below-desired",
  backendRunningBelowDesired: "backend-running-below-desired",
  apiCpuHigh: "api-cpu-high",
  backendCpuHigh: "backend-cpu-high",
  apiMemoryHigh: "api-memory-high",
  backendMemoryHigh: "backend-memory-high",
  dbConnectionsHigh: "db-connections-high",
  dbCpuHigh: "db-cpu-high",
  probePublic: "probe-public-availability",
  probeDb: "probe-db-availability",
  probeBackend: "probe-backend-availability",
} as const;
export type AlarmKey = keyof typeof ALARMS;

/** Every name one deployment uses. */
export interface DeploymentNames {
  readonly prefix: string;
  readonly stacks: {
    readonly network: string;
    readonly data: string;
    readonly target: string;
    readonly observability: string;
    readonly chaos: string;
    readonly console: string;
  };
  readonly clusterName: string;
  readonly namespace: string;
  readonly dbClusterIdentifier: string;
  readonly databaseName: string;
  readonly appDbUser: string;
  readonly appSecretRotationFunction: string;
  readonly faultFlagParameter: string;
  readonly codeDeployApplication: string;
  readonly codeDeployGroup: string;
  readonly webAcl: string;
  /** The EC2 capacity variant's Auto Scaling group. */
  readonly autoScalingGroup: string;
  readonly dashboard: string;
  readonly alarmPrefix: string;
  readonly logGroup: (component: string) => string;
  readonly alarm: (key: AlarmKey) => string;
}

export function deploymentNames(prefix: string): DeploymentNames {
  const alarmPrefix = `${prefix}-alarm-`;
  return {
    prefix,
    stacks: {
      network: `${prefix}-network`,
      data: `${prefix}-data`,
      target: `${prefix}-target`,
      observability: `${prefix}-observability`,
      chaos: `${prefix}-chaos`,
      console: `${prefix}-console`,
    },
    clusterName: `${prefix}-cluster`,
    namespace: `${prefix}.local`,
    dbClusterIdentifier: `${prefix}-aurora`,
    databaseName: "gameday",
    appDbUser: "gameday_app",
    appSecretRotationFunction: `${prefix}-app-secret-rotation`,
    faultFlagParameter: `/${prefix}/target/fault-flags`,
    codeDeployApplication: `${prefix}-api`,
    codeDeployGroup: `${prefix}-api-blue-green`,
    webAcl: `${prefix}-target-web-acl`,
    autoScalingGroup: `${prefix}-ecs-capacity`,
    dashboard: `${prefix}-gameday`,
    alarmPrefix,
    logGroup: (component) => `/gameday/${prefix}/${component}`,
    alarm: (key) => `${alarmPrefix}${ALARMS[key]}`,
  };
}
