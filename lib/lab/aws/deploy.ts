import "server-only";
/**
 * Deployments of the two services, whichever controller owns them: CodeDeploy blue/green
 * for api when the stack says `ApiDeploymentController=CODE_DEPLOY` (ECS refuses
 * UpdateService deployments for such a service), ECS rolling updates otherwise.
 */
import { CreateDeploymentCommand } from "@aws-sdk/client-codedeploy";
import {
  DeregisterTaskDefinitionCommand,
  DescribeTaskDefinitionCommand,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  type KeyValuePair,
  type Service as EcsService,
  type TaskDefinition,
} from "@aws-sdk/client-ecs";
import { LabError } from "../errors";
import { ecsServiceName, type AwsContext, type PortService } from "./context";
import { describeService } from "./ecs";
import { awsCall } from "./errors";

export function usesCodeDeploy(context: AwsContext, service: PortService): boolean {
  return service === "api" && context.config.outputs.ApiDeploymentController === "CODE_DEPLOY";
}

/** The task definition a service runs now (the primary task set under CodeDeploy). */
export function currentTaskDefinition(service: EcsService): string {
  const arn = service.taskDefinition ?? service.taskSets?.find((taskSet) => taskSet.status === "PRIMARY")?.taskDefinition;
  if (!arn) throw new LabError("not-found", `ECS service ${service.serviceName ?? "?"} reports no task definition.`);
  return arn;
}

/**
 * An ECS AppSpec for CodeDeploy. `version` must read 0.0, which JSON.stringify would print
 * as 0, so the document is assembled around the serialized resources.
 */
export function ecsAppSpec(taskDefinitionArn: string, containerName: string, containerPort: number): string {
  const resources = [{ TargetService: { Type: "AWS::ECS::Service", Properties: { TaskDefinition: taskDefinitionArn, LoadBalancerInfo: { ContainerName: containerName, ContainerPort: containerPort } } } }];
  return `{"version":0.0,"Resources":${JSON.stringify(resources)}}`;
}

/** Starts a deployment of `taskDefinitionArn` (or a fresh deployment of the current one). Returns its id. */
export async function deployService(context: AwsContext, service: PortService, options: { taskDefinitionArn?: string; description: string }): Promise<string> {
  const { outputs } = context.config;
  if (usesCodeDeploy(context, service)) {
    const ecs = await describeService(context, service);
    const containerName = ecs.loadBalancers?.[0]?.containerName;
    const containerPort = ecs.loadBalancers?.[0]?.containerPort;
    if (!containerName || containerPort === undefined) {
      throw new LabError("prerequisite-missing", `ECS service ${ecsServiceName(context, service)} has no load balancer container to route; CodeDeploy cannot deploy it.`);
    }
    const taskDefinitionArn = options.taskDefinitionArn ?? currentTaskDefinition(ecs);
    const response = await awsCall("codedeploy:CreateDeployment", () =>
      context.clients.codedeploy.send(
        new CreateDeploymentCommand({
          applicationName: outputs.CodeDeployApplicationName,
          deploymentGroupName: outputs.CodeDeployDeploymentGroupName,
          description: options.description.slice(0, 100),
          revision: { revisionType: "AppSpecContent", appSpecContent: { content: ecsAppSpec(taskDefinitionArn, containerName, containerPort) } },
        }),
      ),
    );
    return response.deploymentId ?? "codedeploy";
  }
  const response = await awsCall("ecs:UpdateService", () =>
    context.clients.ecs.send(
      new UpdateServiceCommand({
        cluster: outputs.ClusterName,
        service: ecsServiceName(context, service),
        ...(options.taskDefinitionArn ? { taskDefinition: options.taskDefinitionArn } : {}),
        forceNewDeployment: true,
      }),
    ),
  );
  return response.service?.deployments?.find((deployment) => deployment.status === "PRIMARY")?.id ?? "ecs";
}

export async function setDesiredCount(context: AwsContext, service: PortService, desiredCount: number): Promise<void> {
  await awsCall("ecs:UpdateService", () =>
    context.clients.ecs.send(new UpdateServiceCommand({ cluster: context.config.outputs.ClusterName, service: ecsServiceName(context, service), desiredCount })),
  );
}

export async function describeTaskDefinition(context: AwsContext, taskDefinition: string): Promise<{ definition: TaskDefinition; tags: { key?: string; value?: string }[] }> {
  const response = await awsCall("ecs:DescribeTaskDefinition", () =>
    context.clients.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition, include: ["TAGS"] })),
  );
  if (!response.taskDefinition) throw new LabError("not-found", `Task definition ${taskDefinition} not found.`);
  return { definition: response.taskDefinition, tags: response.tags ?? [] };
}

/** The app's container: the first essential one that is not the FIS SSM agent sidecar. */
export function appContainerName(definition: TaskDefinition): string | undefined {
  const containers = definition.containerDefinitions ?? [];
  const app = containers.find((container) => container.essential !== false && !/amazon-ssm-agent/i.test(container.image ?? ""));
  return (app ?? containers[0])?.name;
}

/**
 * Registers a copy of a task definition (same family, next revision) whose app container
 * gets extra environment variables. Read-only fields of the description are left out.
 */
export async function registerVariant(context: AwsContext, taskDefinitionArn: string, environment: Record<string, string>): Promise<string> {
  const { definition, tags } = await describeTaskDefinition(context, taskDefinitionArn);
  const appName = appContainerName(definition);
  const containerDefinitions = (definition.containerDefinitions ?? []).map((container) => {
    if (container.name !== appName) return container;
    const kept: KeyValuePair[] = (container.environment ?? []).filter((pair) => !(pair.name && pair.name in environment));
    return { ...container, environment: [...kept, ...Object.entries(environment).map(([name, value]) => ({ name, value }))] };
  });
  const response = await awsCall("ecs:RegisterTaskDefinition", () =>
    context.clients.ecs.send(
      new RegisterTaskDefinitionCommand({
        family: definition.family,
        taskRoleArn: definition.taskRoleArn,
        executionRoleArn: definition.executionRoleArn,
        networkMode: definition.networkMode,
        containerDefinitions,
        volumes: definition.volumes,
        placementConstraints: definition.placementConstraints,
        requiresCompatibilities: definition.requiresCompatibilities,
        cpu: definition.cpu,
        memory: definition.memory,
        pidMode: definition.pidMode,
        ipcMode: definition.ipcMode,
        proxyConfiguration: definition.proxyConfiguration,
        inferenceAccelerators: definition.inferenceAccelerators,
        ephemeralStorage: definition.ephemeralStorage,
        runtimePlatform: definition.runtimePlatform,
        enableFaultInjection: definition.enableFaultInjection,
        tags: [...tags.filter((tag) => tag.key && tag.value !== undefined).map((tag) => ({ key: tag.key, value: tag.value })), { key: "gameday:variant", value: Object.keys(environment).join("+") }],
      }),
    ),
  );
  const arn = response.taskDefinition?.taskDefinitionArn;
  if (!arn) throw new LabError("unreachable", "ecs:RegisterTaskDefinition returned no task definition ARN.");
  return arn;
}

export async function deregisterTaskDefinition(context: AwsContext, taskDefinitionArn: string): Promise<void> {
  await awsCall("ecs:DeregisterTaskDefinition", () => context.clients.ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: taskDefinitionArn })));
}

/** `…:task-definition/gameday-api:7` → `{ family: "gameday-api", revision: 7 }`. */
export function parseTaskDefinitionArn(arn: string): { family: string; revision: number } | null {
  const match = /(?:task-definition\/)?([A-Za-z0-9_-]+):(\d+)$/.exec(arn);
  if (!match?.[1] || !match[2]) return null;
  return { family: match[1], revision: Number(match[2]) };
}

/** The newest ACTIVE revision of the same family older than `taskDefinitionArn`. */
export async function previousRevision(context: AwsContext, taskDefinitionArn: string): Promise<string | null> {
  const current = parseTaskDefinitionArn(taskDefinitionArn);
  if (!current) return null;
  const response = await awsCall("ecs:ListTaskDefinitions", () =>
    context.clients.ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: current.family, status: "ACTIVE", sort: "DESC", maxResults: 100 })),
  );
  for (const arn of response.taskDefinitionArns ?? []) {
    const parsed = parseTaskDefinitionArn(arn);
    if (parsed && parsed.family === current.family && parsed.revision < current.revision) return arn;
  }
  return null;
}
