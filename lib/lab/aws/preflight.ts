import "server-only";
/**
 * Readiness of one scenario on this deployment, as checks with a verdict and a reason
 * each. A check that cannot be made (an AWS error) fails with the error's message; only an
 * invalid request makes preflight itself throw.
 */
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { DescribeSecretCommand } from "@aws-sdk/client-secrets-manager";
import { GetParameterCommand } from "@aws-sdk/client-ssm";
import { GetWebACLCommand } from "@aws-sdk/client-wafv2";
import type { ExperimentTemplate } from "@aws-sdk/client-fis";
import { getScenario } from "@/lib/scenarios";
import type { ScenarioParams } from "@/contract/params";
import { LabError } from "../errors";
import { CheckSchema, ScenarioSpecSchema, type Check, type ScenarioId, type ScenarioSpec } from "../types";
import { readAlarms } from "./cloudwatch";
import { ecsServiceName, type AwsContext, type PortService } from "./context";
import { currentTaskDefinition, describeTaskDefinition } from "./deploy";
import { describeService } from "./ecs";
import { awsCall, toLabError } from "./errors";
import { getSafetyLever, getTemplate, isActiveStatus, isoDurationSeconds, listExperiments, requireTemplate, selectionPercent } from "./fis";
import { liveRecords, readLedger } from "./ledger";
import { faultResource, isSdkScenario, parseParams } from "./sdk-faults";

type Verdict = Check["status"];

function check(id: string, label: string, status: Verdict, detail: string): Check {
  return CheckSchema.parse({ id, label, status, detail });
}

/** Runs one check; an AWS failure becomes a failed check that says why. */
async function guarded(id: string, label: string, run: () => Promise<Check | Check[]>): Promise<Check[]> {
  try {
    const result = await run();
    return Array.isArray(result) ? result : [result];
  } catch (error) {
    return [check(id, label, "fail", toLabError(error, label).message)];
  }
}

function serviceParam(params: unknown): PortService {
  if (typeof params === "object" && params !== null && "service" in params && params.service === "backend") return "backend";
  return "api";
}

export async function preflight(context: AwsContext, input: ScenarioSpec): Promise<Check[]> {
  const parsedSpec = ScenarioSpecSchema.safeParse(input);
  if (!parsedSpec.success) throw new LabError("invalid", `Invalid preflight request: ${parsedSpec.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`).join("; ")}`);
  const spec = parsedSpec.data;
  const scenario = getScenario(spec.scenarioId);
  if (!scenario) throw new LabError("not-found", `Unknown scenario ${spec.scenarioId}.`);

  const identity = await guarded("credentials", "AWS credentials", async () => {
    const response = await awsCall("sts:GetCallerIdentity", () => context.clients.sts.send(new GetCallerIdentityCommand({})));
    return check("credentials", "AWS credentials", "pass", `Signed in as ${response.Arn ?? "?"} (account ${response.Account ?? "?"}) in ${context.config.region}.`);
  });
  // Without credentials every other check would fail with the same message.
  if (identity.some((item) => item.status === "fail")) return identity;

  const checks: Check[] = [...identity];
  let params: ScenarioParams<ScenarioId> | null = null;
  try {
    params = parseParams(spec.scenarioId, spec.params);
    checks.push(check("params", "Parameters", "pass", "The parameters are within the scenario's limits."));
  } catch (error) {
    checks.push(check("params", "Parameters", "fail", toLabError(error, "parameters").message));
  }

  if (scenario.aws.capacity === "ec2") {
    checks.push(
      context.config.capacity === "ec2"
        ? check("capacity", "EC2 capacity variant", "pass", `Auto Scaling group ${context.config.outputs.AutoScalingGroupName ?? "?"} with capacity provider ${context.config.outputs.CapacityProviderName ?? "?"}.`)
        : check("capacity", "EC2 capacity variant", "fail", `${spec.scenarioId} needs the EC2 capacity variant (Spot hosts, placeable capacity); this deployment runs on Fargate.`),
    );
  }

  checks.push(...(await guarded("safety-lever", "FIS safety lever", async () => {
    const lever = await getSafetyLever(context);
    const status = lever.state?.status ?? "disengaged";
    return status === "disengaged"
      ? check("safety-lever", "FIS safety lever", "pass", "Disengaged: experiments may start.")
      : check("safety-lever", "FIS safety lever", "fail", `The safety lever is ${status}${lever.state?.reason ? ` (${lever.state.reason})` : ""}: no run can start until it is disengaged.`);
  })));

  if (isSdkScenario(spec.scenarioId)) {
    checks.push(...(await sdkChecks(context, spec.scenarioId, params)));
  } else {
    checks.push(...(await fisChecks(context, spec.scenarioId, spec.durationSeconds, params, scenario.aws.kind === "fis" ? scenario.aws.actions : [])));
  }

  checks.push(...(await guarded("steady-state", "Steady state (alarms)", async () => {
    const alarms = await readAlarms(context);
    const firing = alarms.filter((alarm) => alarm.state === "ALARM").map((alarm) => alarm.name);
    const unknown = alarms.filter((alarm) => alarm.state === "INSUFFICIENT_DATA").map((alarm) => alarm.name);
    if (firing.length > 0) return check("steady-state", "Steady state (alarms)", "fail", `Not in steady state: ${firing.join(", ")} in ALARM.`);
    if (unknown.length > 0) return check("steady-state", "Steady state (alarms)", "warn", `No data yet for ${unknown.join(", ")} (ALB metrics appear only while traffic flows).`);
    return check("steady-state", "Steady state (alarms)", "pass", `All ${alarms.length} alarms are OK.`);
  })));
  return checks;
}

async function fisChecks(context: AwsContext, scenarioId: ScenarioId, durationSeconds: number, params: ScenarioParams<ScenarioId> | null, actions: readonly string[]): Promise<Check[]> {
  const checks: Check[] = [];
  let template: ExperimentTemplate | null = null;
  checks.push(...(await guarded("fis-template", "FIS experiment template", async () => {
    const summary = await requireTemplate(context, scenarioId);
    template = await getTemplate(context, summary.id);
    return check("fis-template", "FIS experiment template", "pass", `Template ${summary.id}${summary.description ? ` (${summary.description})` : ""}.`);
  })));
  const found: ExperimentTemplate | null = template;
  if (found && params) checks.push(...templateChecks(found, scenarioId, durationSeconds, params, ecsServiceName(context, serviceParam(params))));

  if (actions.some((action) => action.startsWith("aws:ecs:task-"))) {
    const service = serviceParam(params);
    checks.push(...(await guarded("fis-task-definition", "Task definition ready for FIS", () => taskDefinitionCheck(context, service))));
  }

  checks.push(...(await guarded("fis-quota", "Active experiments", async () => {
    const active = (await listExperiments(context)).filter((experiment) => isActiveStatus(experiment.state?.status)).length;
    const quota = context.config.activeExperimentQuota;
    return active < quota
      ? check("fis-quota", "Active experiments", "pass", `${active} of ${quota} active experiments in the account.`)
      : check("fis-quota", "Active experiments", "fail", `${active} experiments are active; the account allows ${quota} at once. Wait for one to end.`);
  })));
  return checks;
}

/** Template-fixed parameters compared with the requested ones: a mismatch is said, never silently run. */
function templateChecks(template: ExperimentTemplate, scenarioId: ScenarioId, durationSeconds: number, params: ScenarioParams<ScenarioId>, ecsService: string): Check[] {
  const differences: string[] = [];
  const actions = Object.values(template.actions ?? {});
  const targets = template.targets ?? {};
  const actionOf = (id: string) => actions.find((action) => action.actionId === id);
  const selectionOf = (id: string) => {
    const targetName = Object.values(actionOf(id)?.targets ?? {})[0];
    return selectionPercent(targetName ? targets[targetName]?.selectionMode : undefined);
  };
  const compare = (what: string, requested: number | string, actual: number | string | null | undefined) => {
    if (actual !== null && actual !== undefined && String(actual) !== String(requested)) differences.push(`${what}: requested ${requested}, the template runs ${actual}`);
  };
  const p = params as Record<string, unknown>;
  if ("service" in p) {
    for (const target of Object.values(targets)) {
      if (target.resourceType === "aws:ecs:task" && target.parameters?.service) compare("service", ecsService, target.parameters.service);
    }
  }
  const number = (key: string) => (typeof p[key] === "number" ? p[key] : null);
  if (scenarioId === "ecs-task-termination") compare("percent of tasks", number("percent") ?? "", selectionOf("aws:ecs:stop-task"));
  if (scenarioId === "cpu-stress") {
    compare("CPU percent", number("percent") ?? "", actionOf("aws:ecs:task-cpu-stress")?.parameters?.percent);
    compare("percent of tasks", number("taskPercent") ?? "", selectionOf("aws:ecs:task-cpu-stress"));
  }
  if (scenarioId === "network-latency") {
    const latency = actionOf("aws:ecs:task-network-latency");
    compare("delay (ms)", number("delayMs") ?? "", latency?.parameters?.delayMilliseconds);
    compare("jitter (ms)", number("jitterMs") ?? "", latency?.parameters?.jitterMilliseconds);
    compare("percent of tasks", number("taskPercent") ?? "", selectionOf("aws:ecs:task-network-latency"));
  }
  if (scenarioId === "spot-loss-during-deploy") {
    const spot = actionOf("aws:ec2:send-spot-instance-interruptions");
    compare("warning (s)", number("warningSeconds") ?? "", isoDurationSeconds(spot?.parameters?.durationBeforeInterruption));
    compare("percent of Spot hosts", number("spotPercent") ?? "", selectionOf("aws:ec2:send-spot-instance-interruptions"));
  }
  if (scenarioId === "nat-gateway-failure") compare("percent of tasks replaced", number("replacePercent") ?? "", selectionOf("aws:ecs:stop-task"));
  const checks = [
    differences.length > 0
      ? check("fis-template-params", "Template parameters", "warn", `The template fixes its own parameters and will run them: ${differences.join("; ")}. Edit the template to change them.`)
      : check("fis-template-params", "Template parameters", "pass", "The template runs the requested parameters."),
  ];
  const longest = Math.max(0, ...actions.map((action) => isoDurationSeconds(action.parameters?.duration) ?? 0));
  if (longest > durationSeconds) {
    checks.push(check("fis-duration", "Duration", "warn", `The template's actions last ${longest} s; the console stops the experiment when the ${durationSeconds} s lease ends.`));
  } else if (longest > 0 && longest < durationSeconds) {
    checks.push(check("fis-duration", "Duration", "warn", `The template's actions end after ${longest} s, before the ${durationSeconds} s lease.`));
  }
  return checks;
}

/**
 * FIS aws:ecs:task actions run through an SSM agent sidecar that registers the task as a
 * managed instance (it needs MANAGED_INSTANCE_ROLE_NAME); network faults use the ECS
 * fault-injection endpoints (`enableFaultInjection`); ECS Exec must be off; process faults
 * need the task's PID namespace shared (`pidMode: task`).
 */
async function taskDefinitionCheck(context: AwsContext, service: PortService): Promise<Check[]> {
  const ecs = await describeService(context, service);
  const arn = currentTaskDefinition(ecs);
  const { definition } = await describeTaskDefinition(context, arn);
  const containers = definition.containerDefinitions ?? [];
  const agent = containers.find((container) => /amazon-ssm-agent/i.test(container.image ?? ""));
  const problems: string[] = [];
  if (definition.enableFaultInjection !== true) problems.push("enableFaultInjection is not true");
  if (!agent) problems.push("no SSM agent sidecar container (image amazon-ssm-agent)");
  else if (!containers.some((container) => container.environment?.some((pair) => pair.name === "MANAGED_INSTANCE_ROLE_NAME" && pair.value))) {
    problems.push("MANAGED_INSTANCE_ROLE_NAME is not set for the SSM agent");
  }
  if (ecs.enableExecuteCommand) problems.push(`ECS Exec is enabled on ${ecsServiceName(context, service)} (FIS task actions need it off: redeploy the target with -c ecsExec=false)`);
  const label = "Task definition ready for FIS";
  const name = arn.split("/").pop() ?? arn;
  if (problems.length > 0) return [check("fis-task-definition", label, "fail", `${name}: ${problems.join("; ")}.`)];
  if (definition.pidMode !== "task") return [check("fis-task-definition", label, "warn", `${name} is FIS-ready, but pidMode is not "task": CPU stress cannot reach the app's processes.`)];
  return [check("fis-task-definition", label, "pass", `${name} has enableFaultInjection, the SSM agent sidecar and pidMode task.`)];
}

async function sdkChecks(context: AwsContext, scenarioId: ScenarioId, params: ScenarioParams<ScenarioId> | null): Promise<Check[]> {
  if (!isSdkScenario(scenarioId)) return [];
  const service = serviceParam(params);
  const checks: Check[] = [];
  checks.push(...(await guarded("no-overlap", "No overlapping fault", async () => {
    const resource = faultResource(scenarioId, scenarioId === "dependency-down" ? "backend" : service);
    const clash = liveRecords(await readLedger(context)).find((record) => isSdkScenario(record.scenarioId) && faultResource(record.scenarioId, record.data.svc === "backend" ? "backend" : "api") === resource);
    return clash
      ? check("no-overlap", "No overlapping fault", "fail", `Run ${clash.runId} (${clash.scenarioId}) is still changing the same resource.`)
      : check("no-overlap", "No overlapping fault", "pass", "No other console fault touches the same resource.");
  })));
  const { outputs } = context.config;
  switch (scenarioId) {
    case "secret-drift":
      checks.push(...(await guarded("secret-rotation", "Secret rotation", async () => {
        const secret = await awsCall("secretsmanager:DescribeSecret", () => context.clients.secrets.send(new DescribeSecretCommand({ SecretId: outputs.DbAppSecretArn })));
        return secret.RotationEnabled
          ? check("secret-rotation", "Secret rotation", "pass", `${secret.Name ?? outputs.DbAppSecretArn} rotates with ${secret.RotationLambdaARN ?? "its rotation function"}.`)
          : check("secret-rotation", "Secret rotation", "fail", `${secret.Name ?? outputs.DbAppSecretArn} has no rotation configured; RotateSecret would fail.`);
      })));
      break;
    case "secrets-break":
      checks.push(
        service === "api"
          ? check("execution-role", "Execution role", "pass", `Detaches ${outputs.ApiSecretAccessPolicyArn} from ${outputs.ApiTaskExecutionRoleName}, then redeploys api.`)
          : check("execution-role", "Execution role", "fail", "On AWS secrets-break targets api (the stack exports only its execution role)."),
      );
      break;
    case "health-check-failure":
      checks.push(...(await guarded("fault-flag", "Fault flag parameter", async () => {
        await awsCall("ssm:GetParameter", () => context.clients.ssm.send(new GetParameterCommand({ Name: outputs.FaultFlagParameterName })));
        return check("fault-flag", "Fault flag parameter", "pass", `${outputs.FaultFlagParameterName} exists; the target polls it.`);
      })));
      break;
    case "waf-misblock":
      checks.push(...(await guarded("web-acl", "WAF web ACL", async () => {
        const acl = await awsCall("wafv2:GetWebACL", () => context.clients.wafv2.send(new GetWebACLCommand({ Name: outputs.WebAclName, Scope: "REGIONAL", Id: outputs.WebAclId })));
        return check("web-acl", "WAF web ACL", "pass", `${outputs.WebAclName} has ${acl.WebACL?.Rules?.length ?? 0} rules; the run adds one block rule.`);
      })));
      break;
    case "pending-task-deadlock":
      checks.push(check("capacity-param", "Capacity", "warn", "On AWS the Auto Scaling group sets the capacity; capacityTasks is not applied, only the desired count is raised."));
      break;
    case "bad-deployment":
    case "dependency-down":
      checks.push(...(await guarded("service", "Service", async () => {
        const target = scenarioId === "dependency-down" ? "backend" : service;
        const ecs = await describeService(context, target);
        const breaker = ecs.deploymentConfiguration?.deploymentCircuitBreaker;
        const detail = `${ecsServiceName(context, target)}: ${ecs.runningCount ?? 0}/${ecs.desiredCount ?? 0} running${scenarioId === "bad-deployment" && breaker?.enable ? `, circuit breaker on${breaker.rollback ? " with rollback" : ""}` : ""}.`;
        return check("service", "Service", (ecs.desiredCount ?? 0) > 0 ? "pass" : "fail", detail);
      })));
      break;
  }
  return checks;
}
