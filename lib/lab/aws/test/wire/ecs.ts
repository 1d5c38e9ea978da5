/**
 * Amazon ECS response bodies (AWS JSON 1.1) from the AWS CLI's documented examples
 * (aws/aws-cli, awscli/examples/ecs/<operation>.rst) and the ECS API reference. Each body is
 * the documented one; where the adapter must recognise a resource, only its names are
 * replaced by the test deployment's (cluster `gameday-cluster`, services `api` and
 * `backend`), and the replacement is said at the body. Timestamps go out as epoch seconds,
 * as on the wire (see ./time.ts).
 */
import { epoch } from "./time";

/**
 * awscli/examples/ecs/describe-services.rst: `my-http-service`, whose deployment carries no
 * `rolloutState` (ECS returns it only for rolling-update deployments that are not behind a
 * Classic Load Balancer; ECS API reference, Deployment.rolloutState).
 */
export function documentedService(name = "my-http-service"): Record<string, unknown> {
  return {
    status: "ACTIVE",
    taskDefinition: "arn:aws:ecs:us-west-2:123456789012:task-definition/amazon-ecs-sample:1",
    pendingCount: 0,
    loadBalancers: [],
    desiredCount: 10,
    createdAt: 1466801808.595,
    serviceName: name,
    clusterArn: "arn:aws:ecs:us-west-2:123456789012:cluster/default",
    serviceArn: `arn:aws:ecs:us-west-2:123456789012:service/${name}`,
    deployments: [
      {
        status: "PRIMARY",
        pendingCount: 0,
        createdAt: 1466801808.595,
        desiredCount: 10,
        taskDefinition: "arn:aws:ecs:us-west-2:123456789012:task-definition/amazon-ecs-sample:1",
        updatedAt: 1428326312.703,
        id: "ecs-svc/1234567890123456789",
        runningCount: 10,
      },
    ],
    events: [{ message: `(service ${name}) has reached a steady state.`, id: "a1b2c3d4-5678-90ab-cdef-11111EXAMPLE", createdAt: 1466801812.435 }],
    runningCount: 10,
  };
}

/** describe-services.rst's body for the two services of the test deployment. */
export function describeServices(services: Record<string, unknown>[] = [documentedService("api"), documentedService("backend")]): object {
  return { services, failures: [] };
}

/**
 * awscli/examples/ecs/update-service.rst, example 1: a service in the middle of a rolling
 * update, whose new PRIMARY deployment is IN_PROGRESS and whose old one COMPLETED
 * (abridged: networkConfiguration, placement and tagging fields left out).
 */
export function documentedRollingService(name = "my-http-service"): Record<string, unknown> {
  return {
    serviceArn: `arn:aws:ecs:us-west-2:123456789012:service/test/${name}`,
    serviceName: name,
    clusterArn: "arn:aws:ecs:us-west-2:123456789012:cluster/test",
    loadBalancers: [],
    serviceRegistries: [],
    status: "ACTIVE",
    desiredCount: 2,
    runningCount: 2,
    pendingCount: 0,
    launchType: "FARGATE",
    platformVersion: "1.4.0",
    platformFamily: "Linux",
    taskDefinition: "arn:aws:ecs:us-west-2:123456789012:task-definition/amazon-ecs-sample:2",
    deploymentConfiguration: {
      deploymentCircuitBreaker: { enable: true, rollback: true },
      maximumPercent: 200,
      minimumHealthyPercent: 100,
      alarms: { alarmNames: [], rollback: false, enable: false },
    },
    deployments: [
      {
        id: "ecs-svc/7419115625193919142",
        status: "PRIMARY",
        taskDefinition: "arn:aws:ecs:us-west-2:123456789012:task-definition/amazon-ecs-sample:2",
        desiredCount: 0,
        pendingCount: 0,
        runningCount: 0,
        failedTasks: 0,
        createdAt: epoch("2025-02-21T13:26:02.734000-06:00"),
        updatedAt: epoch("2025-02-21T13:26:02.734000-06:00"),
        launchType: "FARGATE",
        platformVersion: "1.4.0",
        platformFamily: "Linux",
        rolloutState: "IN_PROGRESS",
        rolloutStateReason: "ECS deployment ecs-svc/7419115625193919142 in progress.",
      },
      {
        id: "ecs-svc/1709597507655421668",
        status: "ACTIVE",
        taskDefinition: "arn:aws:ecs:us-west-2:123456789012:task-definition/old-amazon-ecs-sample:4",
        desiredCount: 2,
        pendingCount: 0,
        runningCount: 2,
        failedTasks: 0,
        createdAt: epoch("2025-01-24T11:13:07.621000-06:00"),
        updatedAt: epoch("2025-02-02T16:11:30.838000-06:00"),
        launchType: "FARGATE",
        platformVersion: "1.4.0",
        platformFamily: "Linux",
        rolloutState: "COMPLETED",
        rolloutStateReason: "ECS deployment ecs-svc/1709597507655421668 completed.",
      },
    ],
    roleArn: "arn:aws:iam::123456789012:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS",
    events: [
      { id: "e40b4d1c-80d9-4834-aaf3-6a268e530e17", createdAt: epoch("2025-02-21T10:31:26.037000-06:00"), message: `(${name}) has reached a steady state.` },
      { id: "6ac069ad-fc8b-4e49-a35d-b5574a964c8e", createdAt: epoch("2025-02-21T04:31:22.703000-06:00"), message: `(${name}) has reached a steady state.` },
      { id: "265f7d37-dfd1-4880-a846-ec486f341919", createdAt: epoch("2025-02-20T22:31:22.514000-06:00"), message: `(${name}) has reached a steady state.` },
    ],
    createdAt: epoch("2024-10-30T17:12:43.218000-05:00"),
    healthCheckGracePeriodSeconds: 0,
    schedulingStrategy: "REPLICA",
    deploymentController: { type: "ECS" },
    enableECSManagedTags: true,
    propagateTags: "NONE",
    enableExecuteCommand: false,
    availabilityZoneRebalancing: "DISABLED",
  };
}

/** update-service.rst example 1, the whole answer. */
export function updateService(name = "my-http-service"): object {
  return { service: documentedRollingService(name) };
}

/** awscli/examples/ecs/list-tasks.rst, example 1 (the ARNs are the documented ones). */
export const LIST_TASKS = {
  taskArns: ["arn:aws:ecs:us-west-2:123456789012:task/a1b2c3d4-5678-90ab-cdef-11111EXAMPLE", "arn:aws:ecs:us-west-2:123456789012:task/a1b2c3d4-5678-90ab-cdef-22222EXAMPLE"],
};

/**
 * awscli/examples/ecs/describe-tasks.rst, example 2 (two running Fargate tasks), with the
 * task group `service:tdsevicetag` renamed to the service `group` names.
 */
export function documentedRunningTask(taskId: string, group: string): Record<string, unknown> {
  return {
    attachments: [
      {
        id: "d9e7735a-16aa-4128-bc7a-b2d51EXAMPLE",
        type: "ElasticNetworkInterface",
        status: "ATTACHED",
        details: [
          { name: "subnetId", value: "subnet-0d0eab1bb3EXAMPLE" },
          { name: "networkInterfaceId", value: "eni-0fa40520aeEXAMPLE" },
          { name: "macAddress", value: "0e:89:76:28:07:b3" },
          { name: "privateDnsName", value: "ip-10-0-1-184.ec2.internal" },
          { name: "privateIPv4Address", value: "10.0.1.184" },
        ],
      },
    ],
    attributes: [{ name: "ecs.cpu-architecture", value: "x86_64" }],
    availabilityZone: "us-east-1b",
    clusterArn: "arn:aws:ecs:us-east-1:123456789012:cluster/MyCluster",
    connectivity: "CONNECTED",
    connectivityAt: epoch("2021-12-20T12:13:37.875000-05:00"),
    containers: [
      {
        containerArn: `arn:aws:ecs:us-east-1:123456789012:container/MyCluster/${taskId}/aad3ba00-83b3-4dac-84d4-11f8cEXAMPLE`,
        taskArn: `arn:aws:ecs:us-east-1:123456789012:task/MyCluster/${taskId}`,
        name: "web",
        image: "nginx",
        runtimeId: `${taskId}-265927825`,
        lastStatus: "RUNNING",
        networkBindings: [],
        networkInterfaces: [{ attachmentId: "d9e7735a-16aa-4128-bc7a-b2d51EXAMPLE", privateIpv4Address: "10.0.1.184" }],
        healthStatus: "UNKNOWN",
        cpu: "99",
        memory: "100",
      },
    ],
    cpu: "256",
    createdAt: epoch("2021-12-20T12:13:20.226000-05:00"),
    desiredStatus: "RUNNING",
    enableExecuteCommand: false,
    group,
    healthStatus: "UNKNOWN",
    lastStatus: "RUNNING",
    launchType: "FARGATE",
    memory: "512",
    overrides: { containerOverrides: [{ name: "web" }], inferenceAcceleratorOverrides: [] },
    platformVersion: "1.4.0",
    platformFamily: "Linux",
    pullStartedAt: epoch("2021-12-20T12:13:42.665000-05:00"),
    pullStoppedAt: epoch("2021-12-20T12:13:46.543000-05:00"),
    startedAt: epoch("2021-12-20T12:13:48.086000-05:00"),
    startedBy: "ecs-svc/988401040018EXAMPLE",
    tags: [],
    taskArn: `arn:aws:ecs:us-east-1:123456789012:task/MyCluster/${taskId}`,
    taskDefinitionArn: "arn:aws:ecs:us-east-1:123456789012:task-definition/webserver:2",
    version: 3,
    ephemeralStorage: { sizeInGiB: 20 },
  };
}

/**
 * The same documented task after its essential container was killed for using more memory
 * than its limit. The stop fields are those of the ECS API reference's Task and Container
 * shapes (stopCode, stoppedReason, stoppedAt, stoppingAt, executionStoppedAt; Container
 * exitCode and reason); the reason text and exit code 137 are the ones the Amazon ECS
 * Developer Guide lists ("Troubleshooting Amazon ECS OutOfMemoryError errors": "OutOfMemoryError:
 * Container killed due to memory usage"; "Amazon ECS stopped task error messages").
 */
export function documentedOomStoppedTask(taskId: string, group: string, stoppedAt: number): Record<string, unknown> {
  const task = documentedRunningTask(taskId, group);
  const [container] = task.containers as Record<string, unknown>[];
  return {
    ...task,
    containers: [{ ...container, lastStatus: "STOPPED", exitCode: 137, reason: "OutOfMemoryError: Container killed due to memory usage" }],
    desiredStatus: "STOPPED",
    lastStatus: "STOPPED",
    connectivity: "DISCONNECTED",
    stopCode: "EssentialContainerExited",
    stoppedReason: "Essential container in task exited",
    stoppingAt: stoppedAt - 5,
    executionStoppedAt: stoppedAt - 2,
    stoppedAt,
  };
}

export function describeTasks(tasks: Record<string, unknown>[]): object {
  return { tasks, failures: [] };
}

/**
 * awscli/examples/ecs/describe-clusters.rst, example 1, with the cluster `default` renamed
 * `gameday-cluster` and the tags DescribeClusters returns with `include: ["TAGS"]`
 * (ECS API reference, Cluster.tags).
 */
export function describeClusters(tags: { key: string; value: string }[] = []): object {
  return {
    clusters: [
      {
        status: "ACTIVE",
        clusterName: "gameday-cluster",
        registeredContainerInstancesCount: 0,
        pendingTasksCount: 0,
        runningTasksCount: 0,
        activeServicesCount: 1,
        clusterArn: "arn:aws:ecs:us-west-2:123456789012:cluster/gameday-cluster",
        tags,
      },
    ],
    failures: [],
  };
}

/** awscli/examples/ecs/tag-resource.rst and untag-resource.rst: "This command produces no output." */
export const EMPTY = {};

/** awscli/examples/ecs/list-container-instances.rst */
export const LIST_CONTAINER_INSTANCES = {
  containerInstanceArns: [
    "arn:aws:ecs:us-west-2:123456789012:container-instance/MyCluster/a1b2c3d4-5678-90ab-cdef-11111EXAMPLE",
    "arn:aws:ecs:us-west-2:123456789012:container-instance/MyCluster/a1b2c3d4-5678-90ab-cdef-22222EXAMPLE",
  ],
};

/** awscli/examples/ecs/describe-container-instances.rst (abridged: PORTS and MEMORY resources left out). */
export const DESCRIBE_CONTAINER_INSTANCES = {
  failures: [],
  containerInstances: [
    {
      status: "ACTIVE",
      registeredResources: [{ integerValue: 2048, longValue: 0, type: "INTEGER", name: "CPU", doubleValue: 0.0 }],
      ec2InstanceId: "i-A1B2C3D4",
      agentConnected: true,
      containerInstanceArn: "arn:aws:ecs:us-west-2:123456789012:container-instance/a1b2c3d4-5678-90ab-cdef-11111EXAMPLE",
      pendingTasksCount: 0,
      remainingResources: [{ integerValue: 2048, longValue: 0, type: "INTEGER", name: "CPU", doubleValue: 0.0 }],
      runningTasksCount: 0,
      versionInfo: { agentVersion: "1.0.0", agentHash: "4023248", dockerVersion: "DockerVersion: 1.5.0" },
    },
  ],
};

/** awscli/examples/ecs/describe-task-definition.rst */
export const DESCRIBE_TASK_DEFINITION = {
  taskDefinition: {
    taskDefinitionArn: "arn:aws:ecs:us-east-1:012345678910:task-definition/hello_world:8",
    containerDefinitions: [
      { cpu: 10, environment: [], essential: true, image: "wordpress", links: ["mysql"], memory: 500, mountPoints: [], name: "wordpress", portMappings: [{ containerPort: 80, hostPort: 80 }], volumesFrom: [] },
      { cpu: 10, environment: [{ name: "MYSQL_ROOT_PASSWORD", value: "password" }], essential: true, image: "mysql", memory: 500, mountPoints: [], name: "mysql", portMappings: [], volumesFrom: [] },
    ],
    family: "hello_world",
    revision: 8,
    volumes: [],
    status: "ACTIVE",
    placementConstraints: [],
    compatibilities: ["EXTERNAL", "EC2"],
    registeredAt: epoch("2024-06-21T11:15:12.669000-05:00"),
    registeredBy: "arn:aws:sts::012345678910:assumed-role/demo-role/jane-doe",
  },
  tags: [],
};

/** awscli/examples/ecs/register-task-definition.rst, example 1 */
export const REGISTER_TASK_DEFINITION = {
  taskDefinition: {
    status: "ACTIVE",
    family: "sleep360",
    placementConstraints: [],
    compatibilities: ["EXTERNAL", "EC2"],
    volumes: [],
    taskDefinitionArn: "arn:aws:ecs:us-east-1:123456789012:task-definition/sleep360:1",
    containerDefinitions: [{ environment: [], name: "sleep", mountPoints: [], image: "busybox", cpu: 10, portMappings: [], command: ["sleep", "360"], memory: 10, essential: true, volumesFrom: [] }],
    revision: 1,
  },
};

/** awscli/examples/ecs/deregister-task-definition.rst */
export const DEREGISTER_TASK_DEFINITION = {
  taskDefinition: {
    status: "INACTIVE",
    family: "curler",
    volumes: [],
    taskDefinitionArn: "arn:aws:ecs:us-west-2:123456789012:task-definition/curler:1",
    containerDefinitions: [
      { environment: [], name: "curler", mountPoints: [], image: "curl:latest", cpu: 100, portMappings: [], entryPoint: [], memory: 256, command: ["curl -v http://example.com/"], essential: true, volumesFrom: [] },
    ],
    revision: 1,
  },
};

/** awscli/examples/ecs/list-task-definitions.rst, example 2 (one family, oldest first as printed). */
export const LIST_TASK_DEFINITIONS = {
  taskDefinitionArns: [
    "arn:aws:ecs:us-west-2:123456789012:task-definition/wordpress:3",
    "arn:aws:ecs:us-west-2:123456789012:task-definition/wordpress:4",
    "arn:aws:ecs:us-west-2:123456789012:task-definition/wordpress:5",
    "arn:aws:ecs:us-west-2:123456789012:task-definition/wordpress:6",
  ],
};
