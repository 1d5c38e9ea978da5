import "server-only";
/**
 * The scenarios FIS cannot express, applied and reverted through the service APIs. Each
 * has three steps: `prepare` reads what revert will need (nothing changes yet), `apply`
 * breaks the target, `revert` undoes it and is safe to repeat (a crash may leave a half-done
 * apply or revert that the next call finishes).
 */
import { StopDeploymentCommand } from "@aws-sdk/client-codedeploy";
import { AttachRolePolicyCommand, DetachRolePolicyCommand, ListAttachedRolePoliciesCommand } from "@aws-sdk/client-iam";
import { RotateSecretCommand } from "@aws-sdk/client-secrets-manager";
import { PutParameterCommand } from "@aws-sdk/client-ssm";
import { GetWebACLCommand, UpdateWebACLCommand, type Rule } from "@aws-sdk/client-wafv2";
import { SCENARIO_PARAMS, type ScenarioParams } from "@/contract/params";
import { LabError, isLabError } from "../errors";
import type { ScenarioId } from "../types";
import { allPages, ecsServiceName, type AwsContext, type PortService } from "./context";
import { currentTaskDefinition, deployService, deregisterTaskDefinition, parseTaskDefinitionArn, registerVariant, setDesiredCount, usesCodeDeploy } from "./deploy";
import { describeService } from "./ecs";
import { awsCall } from "./errors";

/** The scenarios the adapter applies itself through the service APIs. */
export type SdkScenarioId = "secret-drift" | "secrets-break" | "pending-task-deadlock" | "bad-deployment" | "health-check-failure" | "waf-misblock" | "dependency-down";

export const SDK_SCENARIOS: readonly SdkScenarioId[] = ["secret-drift", "secrets-break", "pending-task-deadlock", "bad-deployment", "health-check-failure", "waf-misblock", "dependency-down"];

export function isSdkScenario(id: ScenarioId): id is SdkScenarioId {
  return SDK_SCENARIOS.some((scenario) => scenario === id);
}

/** What every fault knows about its run. */
export interface FaultInput {
  runId: string;
  leaseExpiresAt: Date;
}

interface SdkFault<Id extends SdkScenarioId> {
  /** The port service the fault acts on (from its params), stored as `svc`. */
  service(params: ScenarioParams<Id>): PortService;
  prepare(context: AwsContext, params: ScenarioParams<Id>, input: FaultInput): Promise<Record<string, string>>;
  apply(context: AwsContext, params: ScenarioParams<Id>, input: FaultInput, data: Record<string, string>): Promise<Record<string, string>>;
  revert(context: AwsContext, data: Record<string, string>, runId: string): Promise<void>;
}

/**
 * What a fault changes. Two live faults on the same resource would corrupt each other's
 * revert data (both would remember a "previous" count), so the second is refused.
 */
export function faultResource(scenarioId: SdkScenarioId, svc: PortService): string {
  switch (scenarioId) {
    case "secret-drift":
      return "secret";
    case "secrets-break":
      return "secret-access";
    case "pending-task-deadlock":
    case "dependency-down":
      return `count:${svc}`;
    case "bad-deployment":
      return `deploy:${svc}`;
    case "health-check-failure":
      return "fault-flag";
    case "waf-misblock":
      return "waf";
  }
}

function service(data: Record<string, string>): PortService {
  return data.svc === "backend" ? "backend" : "api";
}

function count(data: Record<string, string>, key: string): number {
  const value = Number(data[key]);
  if (!Number.isInteger(value) || value < 0) throw new LabError("conflict", `The fault record lost its ${key} value; revert it by hand.`);
  return value;
}

/** The ledger keeps family and revisions (tag values are short); ECS and CodeDeploy want ARNs. */
function arnFor(anyArn: string, family: string, revision: string): string {
  const at = anyArn.lastIndexOf("task-definition/");
  return at >= 0 ? `${anyArn.slice(0, at)}task-definition/${family}:${revision}` : `${family}:${revision}`;
}

function parsedTaskDefinition(arn: string): { family: string; revision: number } {
  const parsed = parseTaskDefinitionArn(arn);
  if (!parsed) throw new LabError("invalid", `Cannot read the task definition ${arn}.`);
  return parsed;
}

// ---------------------------------------------------------------- secret-drift

const secretDrift: SdkFault<"secret-drift"> = {
  service: (params) => params.service,
  prepare: (_context, params) => Promise.resolve({ svc: params.service }),
  async apply(context): Promise<Record<string, string>> {
    const response = await awsCall("secretsmanager:RotateSecret", () =>
      context.clients.secrets.send(new RotateSecretCommand({ SecretId: context.config.outputs.DbAppSecretArn, RotateImmediately: true })),
    );
    return response.VersionId ? { ver: response.VersionId } : {};
  },
  // The rotated password is already live in the database; tasks read the secret only at
  // start, so a fresh deployment is what brings the service back in line.
  async revert(context, data) {
    await deployService(context, service(data), { description: "gameday: secret-drift revert (pick up the rotated secret)" });
  },
};

// ---------------------------------------------------------------- secrets-break

async function secretPolicyAttached(context: AwsContext): Promise<boolean> {
  const { outputs } = context.config;
  const policies = await allPages(
    (Marker) => awsCall("iam:ListAttachedRolePolicies", () => context.clients.iam.send(new ListAttachedRolePoliciesCommand({ RoleName: outputs.ApiTaskExecutionRoleName, Marker }))),
    (page) => page.AttachedPolicies,
    (page) => (page.IsTruncated ? page.Marker : undefined),
  );
  return policies.some((policy) => policy.PolicyArn === outputs.ApiSecretAccessPolicyArn);
}

const secretsBreak: SdkFault<"secrets-break"> = {
  service: (params) => params.service,
  async prepare(context, params) {
    if (params.service !== "api") {
      throw new LabError("unsupported", "secrets-break on AWS targets api: the stack exports only the api execution role and its secret-access policy.");
    }
    if (!(await secretPolicyAttached(context))) {
      throw new LabError("conflict", `The secret-access policy is already detached from ${context.config.outputs.ApiTaskExecutionRoleName}; restore it before running secrets-break.`);
    }
    return { svc: "api" };
  },
  async apply(context) {
    const { outputs } = context.config;
    await awsCall("iam:DetachRolePolicy", () =>
      context.clients.iam.send(new DetachRolePolicyCommand({ RoleName: outputs.ApiTaskExecutionRoleName, PolicyArn: outputs.ApiSecretAccessPolicyArn })),
    );
    // Running tasks already hold the secret; only new tasks fail (ResourceInitializationError).
    await deployService(context, "api", { description: "gameday: secrets-break (new tasks cannot read the secret)" });
    return {};
  },
  async revert(context) {
    const { outputs } = context.config;
    await awsCall("iam:AttachRolePolicy", () =>
      context.clients.iam.send(new AttachRolePolicyCommand({ RoleName: outputs.ApiTaskExecutionRoleName, PolicyArn: outputs.ApiSecretAccessPolicyArn })),
    );
  },
};

// ---------------------------------------------------------------- pending-task-deadlock

const pendingTaskDeadlock: SdkFault<"pending-task-deadlock"> = {
  service: (params) => params.service,
  async prepare(context, params) {
    if (context.config.capacity !== "ec2") {
      throw new LabError("unsupported", "pending-task-deadlock needs the EC2 capacity variant: Fargate always finds capacity, so no task stays pending.");
    }
    const current = await describeService(context, params.service);
    return { svc: params.service, prev: String(current.desiredCount ?? 0) };
  },
  async apply(context, params) {
    await setDesiredCount(context, params.service, params.desiredCount);
    return {};
  },
  async revert(context, data) {
    await setDesiredCount(context, service(data), count(data, "prev"));
  },
};

// ---------------------------------------------------------------- bad-deployment

const badDeployment: SdkFault<"bad-deployment"> = {
  service: (params) => params.service,
  async prepare(context, params) {
    const current = parsedTaskDefinition(currentTaskDefinition(await describeService(context, params.service)));
    return { svc: params.service, fam: current.family, prev: String(current.revision) };
  },
  async apply(context, params, _input, data) {
    const currentArn = currentTaskDefinition(await describeService(context, params.service));
    const previousArn = arnFor(currentArn, data.fam ?? "", data.prev ?? "");
    // The target service reads START_MODE at boot: `unhealthy` fails /healthz, `crash` exits.
    const badArn = await registerVariant(context, previousArn, { START_MODE: params.failure === "crash" ? "crash" : "unhealthy" });
    const deploymentId = await deployService(context, params.service, { taskDefinitionArn: badArn, description: "gameday: bad-deployment" });
    return { bad: String(parsedTaskDefinition(badArn).revision), ...(usesCodeDeploy(context, params.service) ? { dep: deploymentId } : {}) };
  },
  async revert(context, data) {
    const svc = service(data);
    const current = await describeService(context, svc);
    const currentArn = currentTaskDefinition(current);
    const family = data.fam ?? parsedTaskDefinition(currentArn).family;
    const previousArn = arnFor(currentArn, family, data.prev ?? "");
    let rolledBack = false;
    if (data.dep && usesCodeDeploy(context, svc)) {
      // A blue/green deployment still in progress is stopped with rollback; one that finished is superseded below.
      rolledBack = await awsCall("codedeploy:StopDeployment", () =>
        context.clients.codedeploy.send(new StopDeploymentCommand({ deploymentId: data.dep, autoRollbackEnabled: true })),
      ).then(
        (response) => response.status === "Succeeded" || response.status === "Pending",
        (error: unknown) => {
          if (isLabError(error) && (error.code === "conflict" || error.code === "invalid")) return false;
          throw error;
        },
      );
    }
    const onPrevious = String(parsedTaskDefinition(currentArn).revision) === data.prev;
    const badSuffix = `/${family}:${data.bad ?? "?"}`;
    const stillRolling = (current.deployments ?? []).some((deployment) => deployment.rolloutState === "IN_PROGRESS" && deployment.taskDefinition?.endsWith(badSuffix));
    // The ECS circuit breaker (or a trainee) may already have rolled back: deploy only if needed.
    if (!rolledBack && (!onPrevious || stillRolling)) {
      await deployService(context, svc, { taskDefinitionArn: previousArn, description: "gameday: bad-deployment revert (roll back)" });
    }
    if (data.bad) {
      // Housekeeping only: the service already runs the previous revision, and a broken
      // revision left registered is never picked by rollback (it is newer than the current
      // one). So a failure here (already deregistered, no permission) must not keep the
      // fault in `reverting` forever.
      await deregisterTaskDefinition(context, arnFor(currentArn, family, data.bad)).catch(() => undefined);
    }
  },
};

// ---------------------------------------------------------------- health-check-failure

async function putFaultFlag(context: AwsContext, value: string): Promise<void> {
  await awsCall("ssm:PutParameter", () =>
    context.clients.ssm.send(new PutParameterCommand({ Name: context.config.outputs.FaultFlagParameterName, Value: value, Type: "String", Overwrite: true })),
  );
}

const healthCheckFailure: SdkFault<"health-check-failure"> = {
  service: (params) => params.service,
  prepare: (_context, params) => Promise.resolve({ svc: params.service }),
  async apply(context, params, input) {
    // The target honours expiresAt itself, so the flag lapses even if the console is gone;
    // `service` limits the flag to the tasks whose SERVICE_NAME matches (api or backend).
    const flag = { healthFailPercent: params.taskPercent, expiresAt: input.leaseExpiresAt.toISOString(), runId: input.runId, service: params.service };
    await putFaultFlag(context, JSON.stringify(flag));
    return {};
  },
  async revert(context) {
    await putFaultFlag(context, "{}");
  },
};

// ---------------------------------------------------------------- waf-misblock

/** WAF rule names allow letters, digits, `_` and `-`. */
export function wafRuleName(runId: string): string {
  return `gameday-block-${runId.replace(/[^A-Za-z0-9_-]/g, "-")}`.slice(0, 128);
}

async function updateWebAcl(context: AwsContext, change: (rules: Rule[]) => Rule[] | null): Promise<void> {
  const { outputs } = context.config;
  // UpdateWebACL replaces the whole ACL under an optimistic lock; a concurrent edit means re-read and retry.
  for (let attempt = 1; ; attempt += 1) {
    const current = await awsCall("wafv2:GetWebACL", () => context.clients.wafv2.send(new GetWebACLCommand({ Name: outputs.WebAclName, Scope: "REGIONAL", Id: outputs.WebAclId })));
    const acl = current.WebACL;
    if (!acl || !current.LockToken) throw new LabError("not-found", `WAF web ACL ${outputs.WebAclName} not found.`);
    const rules = change(acl.Rules ?? []);
    if (!rules) return;
    try {
      await awsCall("wafv2:UpdateWebACL", () =>
        context.clients.wafv2.send(
          new UpdateWebACLCommand({
            Name: acl.Name,
            Scope: "REGIONAL",
            Id: acl.Id,
            DefaultAction: acl.DefaultAction,
            Description: acl.Description,
            Rules: rules,
            VisibilityConfig: acl.VisibilityConfig,
            DataProtectionConfig: acl.DataProtectionConfig,
            CustomResponseBodies: acl.CustomResponseBodies,
            CaptchaConfig: acl.CaptchaConfig,
            ChallengeConfig: acl.ChallengeConfig,
            TokenDomains: acl.TokenDomains,
            AssociationConfig: acl.AssociationConfig,
            LockToken: current.LockToken,
          }),
        ),
      );
      return;
    } catch (error) {
      if (!(isLabError(error) && error.code === "conflict" && attempt < 3)) throw error;
    }
  }
}

const wafMisblock: SdkFault<"waf-misblock"> = {
  service: () => "api",
  prepare: () => Promise.resolve({ svc: "api" }),
  async apply(context, params, input) {
    const name = wafRuleName(input.runId);
    await updateWebAcl(context, (rules) => {
      if (rules.some((rule) => rule.Name === name)) return null;
      const used = new Set(rules.map((rule) => rule.Priority));
      let priority = 0;
      while (used.has(priority)) priority += 1;
      const block: Rule = {
        Name: name,
        Priority: priority,
        Action: { Block: {} },
        Statement: {
          ByteMatchStatement: {
            SearchString: new TextEncoder().encode(params.pathPrefix),
            FieldToMatch: { UriPath: {} },
            TextTransformations: [{ Priority: 0, Type: "NONE" }],
            PositionalConstraint: "STARTS_WITH",
          },
        },
        VisibilityConfig: { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: name },
      };
      return [...rules, block];
    });
    return {};
  },
  async revert(context, _data, runId) {
    const name = wafRuleName(runId);
    await updateWebAcl(context, (rules) => (rules.some((rule) => rule.Name === name) ? rules.filter((rule) => rule.Name !== name) : null));
  },
};

// ---------------------------------------------------------------- dependency-down

const dependencyDown: SdkFault<"dependency-down"> = {
  service: () => "backend",
  async prepare(context) {
    const current = await describeService(context, "backend");
    if ((current.desiredCount ?? 0) === 0) throw new LabError("conflict", `${ecsServiceName(context, "backend")} already has no tasks; dependency-down would change nothing.`);
    return { svc: "backend", prev: String(current.desiredCount ?? 0) };
  },
  async apply(context) {
    await setDesiredCount(context, "backend", 0);
    return {};
  },
  async revert(context, data) {
    await setDesiredCount(context, "backend", count(data, "prev"));
  },
};

const FAULTS: { [Id in SdkScenarioId]: SdkFault<Id> } = {
  "secret-drift": secretDrift,
  "secrets-break": secretsBreak,
  "pending-task-deadlock": pendingTaskDeadlock,
  "bad-deployment": badDeployment,
  "health-check-failure": healthCheckFailure,
  "waf-misblock": wafMisblock,
  "dependency-down": dependencyDown,
};

/** The scenario's parameters with their defaults, or an `invalid` LabError naming the problem. */
export function parseParams<Id extends ScenarioId>(scenarioId: Id, params: Record<string, unknown>): ScenarioParams<Id> {
  const result = SCENARIO_PARAMS[scenarioId].safeParse(params);
  if (!result.success) {
    throw new LabError("invalid", `Invalid parameters for ${scenarioId}: ${result.error.issues.map((issue) => `${issue.path.join(".") || "params"} ${issue.message}`).join("; ")}`);
  }
  return result.data as ScenarioParams<Id>;
}

/** A fault bound to its parameters, ready for the ledger's apply/revert protocol. */
export interface PreparedFault {
  resource: string;
  prepare(context: AwsContext, input: FaultInput): Promise<Record<string, string>>;
  apply(context: AwsContext, input: FaultInput, data: Record<string, string>): Promise<Record<string, string>>;
}

export function sdkFault(scenarioId: SdkScenarioId, params: Record<string, unknown>): PreparedFault {
  switch (scenarioId) {
    case "secret-drift":
      return bind(scenarioId, FAULTS[scenarioId], parseParams(scenarioId, params));
    case "secrets-break":
      return bind(scenarioId, FAULTS[scenarioId], parseParams(scenarioId, params));
    case "pending-task-deadlock":
      return bind(scenarioId, FAULTS[scenarioId], parseParams(scenarioId, params));
    case "bad-deployment":
      return bind(scenarioId, FAULTS[scenarioId], parseParams(scenarioId, params));
    case "health-check-failure":
      return bind(scenarioId, FAULTS[scenarioId], parseParams(scenarioId, params));
    case "waf-misblock":
      return bind(scenarioId, FAULTS[scenarioId], parseParams(scenarioId, params));
    case "dependency-down":
      return bind(scenarioId, FAULTS[scenarioId], parseParams(scenarioId, params));
  }
}

function bind<Id extends SdkScenarioId>(scenarioId: Id, fault: SdkFault<Id>, params: ScenarioParams<Id>): PreparedFault {
  return {
    resource: faultResource(scenarioId, fault.service(params)),
    prepare: (context, input) => fault.prepare(context, params, input),
    apply: (context, input, data) => fault.apply(context, params, input, data),
  };
}

/** Undoes a fault from its ledger data alone (a fresh process has nothing else). */
export async function revertFault(context: AwsContext, scenarioId: SdkScenarioId, data: Record<string, string>, runId: string): Promise<void> {
  await FAULTS[scenarioId].revert(context, data, runId);
}
