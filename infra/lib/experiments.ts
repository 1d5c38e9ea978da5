/**
 * The FIS experiment templates, as data: one per AWS-capable FIS scenario, with action ids,
 * parameters and target types from the FIS actions reference. The chaos stack turns each
 * into an `AWS::FIS::ExperimentTemplate`; the console finds them by their tags.
 *
 * Parameters match the scenario catalog's defaults (lib/scenarios): FIS templates fix their
 * own parameters, and the console's preflight warns when a run asks for different ones.
 */
import type { AlarmKey } from "./names";

/** Scenario ids that run as FIS experiments (the rest are SDK-driven by the console). */
export const FIS_SCENARIOS = [
  "ecs-task-termination",
  "cpu-stress",
  "network-latency",
  "aurora-failover",
  "nat-gateway-failure",
  "spot-loss-during-deploy",
] as const;
export type FisScenarioId = (typeof FIS_SCENARIOS)[number];

/** FIS limit: stop conditions per template (DESIGN.md §10, FIS quotas). */
export const MAX_STOP_CONDITIONS = 5;

/** What an experiment may target, resolved by the chaos stack to concrete resources. */
export type TargetSpec =
  | { readonly kind: "ecs-tasks"; readonly service: "api" | "backend"; readonly selection: Selection }
  | { readonly kind: "app-subnets"; readonly selection: Selection }
  | { readonly kind: "db-cluster"; readonly selection: Selection }
  | { readonly kind: "spot-instances"; readonly selection: Selection };

/** Bounded selections only: ALL is never used on the target's resources. */
export type Selection = { readonly count: number } | { readonly percent: number };

export interface ActionSpec {
  readonly actionId: string;
  readonly description: string;
  /** Key of the target in {@link ExperimentSpec.targets}; omitted for aws:fis:wait. */
  readonly target?: string;
  /** The action's target parameter name from the FIS actions reference (Tasks, Clusters, Subnets, SpotInstances). */
  readonly targetKey?: "Tasks" | "Clusters" | "Subnets" | "SpotInstances";
  readonly parameters?: Readonly<Record<string, string>>;
  readonly startAfter?: readonly string[];
}

/** One experiment template. */
export interface ExperimentSpec {
  readonly scenario: FisScenarioId;
  readonly description: string;
  readonly targets: Readonly<Record<string, TargetSpec>>;
  readonly actions: Readonly<Record<string, ActionSpec>>;
  /**
   * Alarms that stop the experiment, after the stop guard (always first). They watch for
   * collateral damage outside the scenario's blast radius, never the signal the fault is
   * meant to cause, or every run would end itself at the first symptom.
   */
  readonly stopConditions: readonly AlarmKey[];
  /** Only in the EC2 capacity variant. */
  readonly requiresEc2Capacity?: boolean;
}

/** ISO 8601 duration from seconds, as FIS action parameters expect (e.g. PT3M, PT90S). */
export function isoDuration(seconds: number): string {
  if (!Number.isInteger(seconds) || seconds < 1) throw new Error(`isoDuration: seconds must be a positive whole number, got ${seconds}`);
  return seconds % 60 === 0 ? `PT${seconds / 60}M` : `PT${seconds}S`;
}

export function selectionMode(selection: Selection): string {
  if ("count" in selection) return `COUNT(${selection.count})`;
  return `PERCENT(${selection.percent})`;
}

/** The templates of a deployment; `ec2` adds the Spot scenario. */
export function experimentSpecs(options: { readonly ec2Capacity: boolean }): ExperimentSpec[] {
  const specs: ExperimentSpec[] = [
    {
      scenario: "ecs-task-termination",
      description: "Stops half of the api tasks (seed 000: ECS Task Termination).",
      targets: { apiTasks: { kind: "ecs-tasks", service: "api", selection: { percent: 50 } } },
      actions: { stopTasks: { actionId: "aws:ecs:stop-task", description: "Stop 50 % of the api tasks", target: "apiTasks", targetKey: "Tasks" } },
      stopConditions: ["backendRunningBelowDesired", "dbConnectionsHigh", "dbCpuHigh"],
    },
    {
      scenario: "cpu-stress",
      description: "Loads the api tasks' CPU to 80 % for 3 minutes through the SSM sidecar (seed 000: CPU Stress).",
      targets: { apiTasks: { kind: "ecs-tasks", service: "api", selection: { percent: 100 } } },
      actions: {
        cpuStress: {
          actionId: "aws:ecs:task-cpu-stress",
          description: "80 % CPU load on the api tasks",
          target: "apiTasks",
          targetKey: "Tasks",
          parameters: { duration: isoDuration(180), percent: "80", installDependencies: "true" },
        },
      },
      stopConditions: ["backendRunningBelowDesired", "dbConnectionsHigh", "dbCpuHigh"],
    },
    {
      scenario: "network-latency",
      description: "Adds 200 ms (± 20 ms) to the api tasks' egress for 3 minutes (seed 000: Network Latency).",
      targets: { apiTasks: { kind: "ecs-tasks", service: "api", selection: { percent: 100 } } },
      actions: {
        latency: {
          actionId: "aws:ecs:task-network-latency",
          description: "200 ms latency with 20 ms jitter on the api tasks",
          target: "apiTasks",
          targetKey: "Tasks",
          // On Fargate the ECS fault-injection endpoints are the only way in (FIS guide).
          parameters: { duration: isoDuration(180), delayMilliseconds: "200", jitterMilliseconds: "20", useEcsFaultInjectionEndpoints: "true", installDependencies: "true" },
        },
      },
      stopConditions: ["backendRunningBelowDesired", "dbConnectionsHigh", "dbCpuHigh"],
    },
    {
      scenario: "aurora-failover",
      description: "Fails the Aurora cluster over to its reader (seed 000: Aurora Failover).",
      targets: { cluster: { kind: "db-cluster", selection: { count: 1 } } },
      actions: { failover: { actionId: "aws:rds:failover-db-cluster", description: "Promote the reader to writer", target: "cluster", targetKey: "Clusters" } },
      stopConditions: ["apiRunningBelowDesired", "backendRunningBelowDesired"],
    },
    {
      scenario: "nat-gateway-failure",
      description: "Cuts the app subnets off from outside the VPC for 3 minutes, then stops half of the api tasks so replacements must pull their image.",
      targets: {
        appSubnets: { kind: "app-subnets", selection: { count: 2 } },
        apiTasks: { kind: "ecs-tasks", service: "api", selection: { percent: 50 } },
      },
      actions: {
        // Scope "vpc" denies traffic leaving the VPC but keeps ALB -> task traffic inside it,
        // which is what losing the NAT gateway does to running tasks.
        disruptEgress: {
          actionId: "aws:network:disrupt-connectivity",
          description: "Deny traffic entering and leaving the VPC on the app subnets",
          target: "appSubnets",
          targetKey: "Subnets",
          parameters: { scope: "vpc", duration: isoDuration(180) },
        },
        settle: { actionId: "aws:fis:wait", description: "Let the network ACL swap take effect", parameters: { duration: isoDuration(30) } },
        stopTasks: {
          actionId: "aws:ecs:stop-task",
          description: "Stop 50 % of the api tasks so ECS must start new ones",
          target: "apiTasks",
          targetKey: "Tasks",
          startAfter: ["settle"],
        },
      },
      stopConditions: ["dbConnectionsHigh", "dbCpuHigh"],
    },
  ];
  if (options.ec2Capacity) {
    specs.push({
      scenario: "spot-loss-during-deploy",
      description: "Interrupts 60 % of the capacity group's Spot instances with the two-minute notice (seed 004: Spot loss during deployment).",
      targets: { spot: { kind: "spot-instances", selection: { percent: 60 } } },
      actions: {
        interrupt: {
          actionId: "aws:ec2:send-spot-instance-interruptions",
          description: "Send Spot interruption notices, reclaim after two minutes",
          target: "spot",
          targetKey: "SpotInstances",
          // The FIS minimum; the console starts a deployment alongside so the loss lands mid-rollout.
          parameters: { durationBeforeInterruption: isoDuration(120) },
        },
      },
      stopConditions: ["apiRunningBelowDesired", "dbCpuHigh"],
      requiresEc2Capacity: true,
    });
  }
  return specs;
}

/** Checks the limits FIS would reject at deploy time, so synth fails first with a clear message. */
export function validateExperimentSpec(spec: ExperimentSpec): void {
  const stops = 1 + spec.stopConditions.length;
  if (stops > MAX_STOP_CONDITIONS) {
    throw new Error(`experiment ${spec.scenario}: ${stops} stop conditions (the stop guard plus ${spec.stopConditions.length}); FIS allows at most ${MAX_STOP_CONDITIONS}`);
  }
  if (spec.stopConditions.includes("stopGuard")) throw new Error(`experiment ${spec.scenario}: the stop guard is added first by itself; do not list it`);
  for (const [name, target] of Object.entries(spec.targets)) {
    const { selection } = target;
    const value = "count" in selection ? selection.count : selection.percent;
    if (!Number.isInteger(value) || value < 1 || ("percent" in selection && value > 100)) {
      throw new Error(`experiment ${spec.scenario}: target ${name} has an invalid selection ${selectionMode(selection)}`);
    }
  }
  for (const [name, action] of Object.entries(spec.actions)) {
    if (action.target !== undefined && !(action.target in spec.targets)) throw new Error(`experiment ${spec.scenario}: action ${name} names unknown target ${action.target}`);
    for (const after of action.startAfter ?? []) {
      if (!(after in spec.actions)) throw new Error(`experiment ${spec.scenario}: action ${name} starts after unknown action ${after}`);
    }
    for (const [parameter, value] of Object.entries(action.parameters ?? {})) {
      if ((parameter === "duration" || parameter === "durationBeforeInterruption") && !/^PT\d+[SMH]$/.test(value)) {
        throw new Error(`experiment ${spec.scenario}: action ${name} ${parameter} must be an ISO 8601 duration like PT3M, got ${value}`);
      }
    }
  }
}
