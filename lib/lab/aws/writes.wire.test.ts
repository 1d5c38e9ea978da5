/**
 * The calls that change the target, and the remaining reads, over the wire: health (STS),
 * the SDK-driven faults and their ledger (ECS tags), remediations, and preflight's reads of
 * FIS templates, secrets, parameters and the web ACL. Bodies are the documented ones; the
 * ledger's cluster tags are kept by the stand-in between calls, as ECS keeps them.
 */
import { describe, expect, it } from "vitest";
import { CheckSchema } from "../types";
import { ok, wireError, type AwsEndpoint } from "./test/aws-endpoint";
import { EC2_OUTPUTS, OUTPUTS } from "./test/fixtures";
import { labError } from "./test/harness";
import { useWireLab } from "./test/wire-harness";
import { DEREGISTER_TASK_DEFINITION, DESCRIBE_TASK_DEFINITION, describeClusters, documentedService, EMPTY, LIST_TASK_DEFINITIONS, REGISTER_TASK_DEFINITION, updateService } from "./test/wire/ecs";
import { documentedTemplate, documentedTemplateSummary, safetyLever } from "./test/wire/fis";
import { describeAutoScalingGroups, describeDbClusters, failoverDbCluster, GET_CALLER_IDENTITY, iamEmpty, listAttachedRolePolicies, SET_DESIRED_CAPACITY } from "./test/wire/query";
import { CREATE_DEPLOYMENT, DESCRIBE_SECRET, getParameter, getWebAcl, PUT_PARAMETER, ROTATE_SECRET, STOP_DEPLOYMENT, UPDATE_WEB_ACL } from "./test/wire/services";
import { serveWorld, steadyWorld } from "./test/wire/world";

const open = useWireLab();

/** The fault ledger lives in the cluster's tags: TagResource and UntagResource change what DescribeClusters returns. */
function serveLedger(endpoint: AwsEndpoint): Map<string, string> {
  const tags = new Map<string, string>([["gameday:deployment", "gameday"]]);
  endpoint.on("ecs", "DescribeClusters", () => ok(describeClusters([...tags].map(([key, value]) => ({ key, value })))));
  endpoint.on("ecs", "TagResource", (request) => {
    for (const tag of request.params.tags as { key: string; value: string }[]) tags.set(tag.key, tag.value);
    return ok(EMPTY);
  });
  endpoint.on("ecs", "UntagResource", (request) => {
    for (const key of request.params.tagKeys as string[]) tags.delete(key);
    return ok(EMPTY);
  });
  endpoint.on("fis", "GetSafetyLever", ok(safetyLever("disengaged", "Ready for game days")));
  return tags;
}

/** The ECS service answer with the test deployment's names and the given task definition. */
function serviceWith(name: string, taskDefinition: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...documentedService(name), taskDefinition, ...extra };
}

function mutating(endpoint: AwsEndpoint): string[] {
  return endpoint.sequence().filter((entry) => !/:(Describe|List|Get)/.test(entry));
}

describe("health (STS GetCallerIdentity, awsQuery XML)", () => {
  it("reads the documented identity and the cluster", async () => {
    const { endpoint, lab } = open();
    endpoint.on("sts", "GetCallerIdentity", ok(GET_CALLER_IDENTITY));
    expect(await lab.health()).toEqual({ reachable: true, detail: "AWS account 123456789012 as arn:aws:iam::123456789012:user/DevAdmin; cluster gameday-cluster in eu-west-1." });
    expect(endpoint.calls("sts", "GetCallerIdentity")[0]?.params).toEqual({ Action: "GetCallerIdentity", Version: "2011-06-15" });
  });

  it("reports expired credentials (STS ExpiredToken, XML error) instead of throwing", async () => {
    const { endpoint, lab } = open();
    endpoint.on("sts", "GetCallerIdentity", wireError("sts", "ExpiredToken", "The security token included in the request is expired", 403));
    expect(await lab.health()).toMatchObject({ reachable: false, detail: expect.stringContaining("AWS credentials are missing or expired") as unknown });
  });
});

describe("SDK-driven faults over the wire", () => {
  it("secrets-break: IAM ListAttachedRolePolicies, DetachRolePolicy and AttachRolePolicy as awsQuery forms, the ledger in cluster tags", async () => {
    const { endpoint, lab } = open();
    const tags = serveLedger(endpoint);
    serveWorld(endpoint, steadyWorld());
    endpoint.on("iam", "ListAttachedRolePolicies", ok(listAttachedRolePolicies([{ name: "SecurityAudit", arn: "arn:aws:iam::aws:policy/SecurityAudit" }, { name: "gameday-api-secret-access", arn: OUTPUTS.ApiSecretAccessPolicyArn }])));
    endpoint.on("iam", "DetachRolePolicy", ok(iamEmpty("DetachRolePolicy")));
    endpoint.on("iam", "AttachRolePolicy", ok(iamEmpty("AttachRolePolicy")));
    endpoint.on("ecs", "UpdateService", ok(updateService("api")));
    const handle = await lab.start({ runId: "run-sb", scenarioId: "secrets-break", params: { service: "api" }, durationSeconds: 300 });
    expect(handle.externalId).toBe("sdk:run-sb");
    expect(tags.get("gameday:fault:run-sb")).toMatch(/^s=secrets-break st=active /);
    expect(endpoint.calls("iam", "DetachRolePolicy")[0]?.params).toEqual({ Action: "DetachRolePolicy", Version: "2010-05-08", RoleName: "gameday-api-execution", PolicyArn: OUTPUTS.ApiSecretAccessPolicyArn });
    expect(endpoint.calls("ecs", "UpdateService")[0]?.params).toEqual({ cluster: "gameday-cluster", service: "api", forceNewDeployment: true });

    await lab.stop(handle, "facilitator stop");
    expect(endpoint.calls("iam", "AttachRolePolicy")[0]?.params).toEqual({ Action: "AttachRolePolicy", Version: "2010-05-08", RoleName: "gameday-api-execution", PolicyArn: OUTPUTS.ApiSecretAccessPolicyArn });
    expect(tags.get("gameday:fault:run-sb")).toMatch(/st=ended out=stopped /);
    expect((await lab.status(handle)).phase).toBe("ended");
  });

  it("secret-drift: RotateSecret now, revert redeploys", async () => {
    const { endpoint, lab } = open();
    serveLedger(endpoint);
    serveWorld(endpoint, steadyWorld());
    endpoint.on("secretsmanager", "RotateSecret", ok(ROTATE_SECRET));
    endpoint.on("ecs", "UpdateService", ok(updateService("api")));
    const handle = await lab.start({ runId: "run-sd", scenarioId: "secret-drift", params: { service: "api" }, durationSeconds: 300 });
    const [rotate] = endpoint.calls("secretsmanager", "RotateSecret");
    expect(rotate?.headers["x-amz-target"]).toBe("secretsmanager.RotateSecret");
    // The SDK fills the idempotency token (ClientRequestToken) itself, as the API reference allows.
    expect(rotate?.params).toEqual({ SecretId: OUTPUTS.DbAppSecretArn, RotateImmediately: true, ClientRequestToken: expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown });
    await lab.stop(handle, "done");
    expect(mutating(endpoint)).toEqual(["ecs:TagResource", "secretsmanager:RotateSecret", "ecs:TagResource", "ecs:TagResource", "ecs:UpdateService", "ecs:TagResource"]);
  });

  it("health-check-failure: SSM PutParameter writes the flag and clears it", async () => {
    const { endpoint, lab } = open();
    serveLedger(endpoint);
    endpoint.on("ssm", "PutParameter", ok(PUT_PARAMETER));
    const handle = await lab.start({ runId: "run-hc", scenarioId: "health-check-failure", params: { service: "api", taskPercent: 50 }, durationSeconds: 300 });
    await lab.stop(handle, "done");
    const [apply, revert] = endpoint.calls("ssm", "PutParameter");
    expect(apply?.headers["x-amz-target"]).toBe("AmazonSSM.PutParameter");
    expect(apply?.params).toMatchObject({ Name: "/gameday/fault-flags", Type: "String", Overwrite: true });
    expect(JSON.parse(String(apply?.params.Value))).toMatchObject({ runId: "run-hc" });
    expect(revert?.params).toMatchObject({ Name: "/gameday/fault-flags", Value: "{}" });
  });

  it("waf-misblock: GetWebACL, then UpdateWebACL with the documented lock token, retried once on WAFOptimisticLockException", async () => {
    const { endpoint, lab } = open();
    serveLedger(endpoint);
    endpoint.on("wafv2", "GetWebACL", ok(getWebAcl(OUTPUTS.WebAclName, OUTPUTS.WebAclId)));
    endpoint.on("wafv2", "UpdateWebACL", [wireError("wafv2", "WAFOptimisticLockException", "AWS WAF couldn't save your changes because someone changed the resource after you started to edit it."), ok(UPDATE_WEB_ACL)]);
    await lab.start({ runId: "run-waf", scenarioId: "waf-misblock", params: {}, durationSeconds: 300 });
    const updates = endpoint.calls("wafv2", "UpdateWebACL");
    expect(updates).toHaveLength(2);
    expect(endpoint.calls("wafv2", "GetWebACL")[0]?.params).toEqual({ Name: OUTPUTS.WebAclName, Scope: "REGIONAL", Id: OUTPUTS.WebAclId });
    const sent = updates[1]?.params as { LockToken: string; Rules: { Name: string; Priority: number }[]; DefaultAction: unknown };
    expect(sent.LockToken).toBe("e3db7e2c-d58b-4ee6-8346-6aec5511c6fb");
    expect(sent.DefaultAction).toEqual({ Allow: {} });
    // The documented rule keeps its priority 1; the blocking rule takes the first free one.
    expect(sent.Rules.map((rule) => [rule.Name, rule.Priority])).toEqual([
      ["testrule01", 1],
      ["gameday-block-run-waf", 0],
    ]);
  });

  it("bad-deployment on a CodeDeploy api: DescribeTaskDefinition, RegisterTaskDefinition, CreateDeployment; revert StopDeployment and DeregisterTaskDefinition", async () => {
    const outputs = { ...OUTPUTS, ApiDeploymentController: "CODE_DEPLOY" as const };
    const { endpoint, lab } = open({ outputs });
    serveLedger(endpoint);
    const world = steadyWorld();
    const current = "arn:aws:ecs:us-east-1:012345678910:task-definition/hello_world:8";
    // ECS API reference, LoadBalancer: the container and port CodeDeploy routes to.
    world.services = [serviceWith("api", current, { loadBalancers: [{ targetGroupArn: OUTPUTS.ApiBlueTargetGroupArn, containerName: "wordpress", containerPort: 80 }] }), serviceWith("backend", current)];
    serveWorld(endpoint, world);
    endpoint.on("ecs", "DescribeTaskDefinition", ok(DESCRIBE_TASK_DEFINITION));
    endpoint.on("ecs", "RegisterTaskDefinition", ok({ taskDefinition: { ...REGISTER_TASK_DEFINITION.taskDefinition, family: "hello_world", revision: 9, taskDefinitionArn: "arn:aws:ecs:us-east-1:012345678910:task-definition/hello_world:9" } }));
    endpoint.on("codedeploy", "CreateDeployment", ok(CREATE_DEPLOYMENT));
    endpoint.on("codedeploy", "StopDeployment", ok(STOP_DEPLOYMENT));
    endpoint.on("ecs", "DeregisterTaskDefinition", ok(DEREGISTER_TASK_DEFINITION));

    const handle = await lab.start({ runId: "run-bd", scenarioId: "bad-deployment", params: { service: "api", failure: "health-check" }, durationSeconds: 300 });
    const [register] = endpoint.calls("ecs", "RegisterTaskDefinition");
    const containers = register?.params.containerDefinitions as { name: string; environment: { name: string; value: string }[] }[];
    expect(register?.params.family).toBe("hello_world");
    expect(containers.find((container) => container.name === "wordpress")?.environment).toEqual([{ name: "START_MODE", value: "unhealthy" }]);
    const [deployment] = endpoint.calls("codedeploy", "CreateDeployment");
    expect(deployment?.headers["x-amz-target"]).toBe("CodeDeploy_20141006.CreateDeployment");
    expect(deployment?.params).toMatchObject({ applicationName: "gameday-api", deploymentGroupName: "gameday-api-dg", revision: { revisionType: "AppSpecContent" } });

    await lab.stop(handle, "done");
    expect(endpoint.calls("codedeploy", "StopDeployment")[0]?.params).toEqual({ deploymentId: "d-A1B2C3111", autoRollbackEnabled: true });
    expect(endpoint.calls("ecs", "DeregisterTaskDefinition")[0]?.params).toEqual({ taskDefinition: "arn:aws:ecs:us-east-1:012345678910:task-definition/hello_world:9" });
  });
});

describe("remediation over the wire", () => {
  it("rollback: ListTaskDefinitions newest first, then UpdateService to the previous revision", async () => {
    const { endpoint, lab } = open();
    const world = steadyWorld();
    world.services = [serviceWith("api", "arn:aws:ecs:us-west-2:123456789012:task-definition/wordpress:6"), serviceWith("backend", "arn:aws:ecs:us-west-2:123456789012:task-definition/wordpress:6")];
    serveWorld(endpoint, world);
    // list-task-definitions.rst prints the family oldest first; with sort DESC the API returns it newest first.
    endpoint.on("ecs", "ListTaskDefinitions", (request) => ok({ taskDefinitionArns: request.params.sort === "DESC" ? [...LIST_TASK_DEFINITIONS.taskDefinitionArns].reverse() : LIST_TASK_DEFINITIONS.taskDefinitionArns }));
    endpoint.on("ecs", "UpdateService", ok(updateService("api")));
    await lab.remediate({ type: "rollback", service: "api" });
    expect(endpoint.calls("ecs", "ListTaskDefinitions")[0]?.params).toEqual({ familyPrefix: "wordpress", status: "ACTIVE", sort: "DESC", maxResults: 100 });
    expect(endpoint.calls("ecs", "UpdateService")[0]?.params).toEqual({ cluster: "gameday-cluster", service: "api", taskDefinition: "arn:aws:ecs:us-west-2:123456789012:task-definition/wordpress:5", forceNewDeployment: true });
  });

  it("failback-database: FailoverDBCluster to the other member (awsQuery form, XML answer)", async () => {
    const { endpoint, lab } = open();
    endpoint.on("rds", "DescribeDBClusters", ok(describeDbClusters()));
    endpoint.on("rds", "FailoverDBCluster", ok(failoverDbCluster()));
    await lab.remediate({ type: "failback-database" });
    expect(endpoint.calls("rds", "FailoverDBCluster")[0]?.params).toEqual({ Action: "FailoverDBCluster", Version: "2014-10-31", DBClusterIdentifier: "gameday-db", TargetDBInstanceIdentifier: "dbinstance3" });
  });

  it("add-capacity (EC2 variant): DescribeAutoScalingGroups, then SetDesiredCapacity within the maximum", async () => {
    const { endpoint, lab } = open({ outputs: EC2_OUTPUTS });
    endpoint.on("autoscaling", "DescribeAutoScalingGroups", ok(describeAutoScalingGroups(2, 3)));
    endpoint.on("autoscaling", "SetDesiredCapacity", ok(SET_DESIRED_CAPACITY));
    await lab.remediate({ type: "add-capacity", hosts: 2 });
    expect(endpoint.calls("autoscaling", "DescribeAutoScalingGroups")[0]?.params).toEqual({ Action: "DescribeAutoScalingGroups", Version: "2011-01-01", "AutoScalingGroupNames.member.1": "gameday-asg" });
    expect(endpoint.calls("autoscaling", "SetDesiredCapacity")[0]?.params).toEqual({ Action: "SetDesiredCapacity", Version: "2011-01-01", AutoScalingGroupName: "gameday-asg", DesiredCapacity: "3", HonorCooldown: "false" });
  });

  it("scale-service and restore-secret-access", async () => {
    const { endpoint, lab } = open();
    endpoint.on("ecs", "UpdateService", ok(updateService("backend")));
    endpoint.on("iam", "AttachRolePolicy", ok(iamEmpty("AttachRolePolicy")));
    await lab.remediate({ type: "scale-service", service: "backend", desiredCount: 4 });
    await lab.remediate({ type: "restore-secret-access", service: "api" });
    expect(endpoint.calls("ecs", "UpdateService")[0]?.params).toEqual({ cluster: "gameday-cluster", service: "backend", desiredCount: 4 });
    expect(endpoint.calls("iam", "AttachRolePolicy")).toHaveLength(1);
  });

  // Each protocol's errors on the write path: IAM and Auto Scaling (awsQuery XML), CodeDeploy (AWS JSON 1.1).
  const errors: [string, (endpoint: AwsEndpoint) => Promise<unknown>, string, RegExp][] = [
    [
      "IAM NoSuchEntity (404) → not-found",
      (endpoint) => {
        endpoint.on("iam", "AttachRolePolicy", wireError("iam", "NoSuchEntity", "The role with name gameday-api-execution cannot be found.", 404));
        return Promise.resolve();
      },
      "not-found",
      /cannot be found/,
    ],
    [
      "IAM LimitExceeded (409) → quota-exceeded",
      (endpoint) => {
        endpoint.on("iam", "AttachRolePolicy", wireError("iam", "LimitExceeded", "Cannot exceed quota for PoliciesPerRole: 10", 409));
        return Promise.resolve();
      },
      "quota-exceeded",
      /PoliciesPerRole/,
    ],
    [
      "IAM AccessDenied (403) → access-denied",
      (endpoint) => {
        endpoint.on("iam", "AttachRolePolicy", wireError("iam", "AccessDenied", "User is not authorized to perform: iam:AttachRolePolicy", 403));
        return Promise.resolve();
      },
      "access-denied",
      /not allowed to call iam:AttachRolePolicy/,
    ],
  ];
  for (const [label, arrange, code, message] of errors) {
    it(`maps ${label}`, async () => {
      const { endpoint, lab } = open();
      await arrange(endpoint);
      const error = await labError(lab.remediate({ type: "restore-secret-access", service: "api" }));
      expect({ code: error.code, message: error.message }).toMatchObject({ code, message: expect.stringMatching(message) as unknown });
    });
  }

  it("maps Auto Scaling's ValidationError (XML) to invalid and CodeDeploy's throttling (JSON 1.1) to throttled", async () => {
    const { endpoint, lab } = open({ outputs: EC2_OUTPUTS });
    endpoint.on("autoscaling", "DescribeAutoScalingGroups", ok(describeAutoScalingGroups(2, 3)));
    endpoint.on("autoscaling", "SetDesiredCapacity", wireError("autoscaling", "ValidationError", "New SetDesiredCapacity value 4 is above max value 3 for the AutoScalingGroup."));
    expect(await labError(lab.remediate({ type: "add-capacity", hosts: 1 }))).toMatchObject({ code: "invalid", message: expect.stringContaining("above max value") as unknown });

    const codeDeploy = open({ outputs: { ...OUTPUTS, ApiDeploymentController: "CODE_DEPLOY" } });
    const world = steadyWorld();
    world.services = [serviceWith("api", "arn:aws:ecs:us-west-2:123456789012:task-definition/wordpress:6", { loadBalancers: [{ containerName: "app", containerPort: 8080 }] }), serviceWith("backend", "x:1")];
    serveWorld(codeDeploy.endpoint, world);
    codeDeploy.endpoint.on("codedeploy", "CreateDeployment", wireError("codedeploy", "ThrottlingException", "Rate exceeded"));
    expect((await labError(codeDeploy.lab.remediate({ type: "force-new-deployment", service: "api" }))).code).toBe("throttled");
  });
});

describe("preflight reads over the wire", () => {
  it("reads the FIS template (GetExperimentTemplate), the secret, the fault-flag parameter and the web ACL", async () => {
    const { endpoint, lab } = open();
    serveLedger(endpoint);
    serveWorld(endpoint, steadyWorld());
    endpoint.on("sts", "GetCallerIdentity", ok(GET_CALLER_IDENTITY));
    endpoint.on("fis", "ListExperimentTemplates", ok({ experimentTemplates: [documentedTemplateSummary({ "gameday:deployment": "gameday", "gameday:scenario": "aurora-failover" })] }));
    endpoint.on("fis", "GetExperimentTemplate", ok({ experimentTemplate: documentedTemplate({ "gameday:deployment": "gameday", "gameday:scenario": "aurora-failover" }) }));
    endpoint.on("secretsmanager", "DescribeSecret", ok(DESCRIBE_SECRET));
    endpoint.on("ssm", "GetParameter", ok(getParameter("/gameday/fault-flags")));
    endpoint.on("wafv2", "GetWebACL", ok(getWebAcl(OUTPUTS.WebAclName, OUTPUTS.WebAclId)));

    const failover = CheckSchema.array().parse(await lab.preflight({ scenarioId: "aurora-failover", params: {}, durationSeconds: 120 }));
    expect(failover.find((check) => check.id === "fis-template")).toMatchObject({ status: "pass", detail: "Template ABCDE1fgHIJkLmNop (myExperimentTemplate)." });
    expect(endpoint.calls("fis", "GetExperimentTemplate").map((call) => call.path)).toEqual(["/experimentTemplates/ABCDE1fgHIJkLmNop"]);

    for (const scenarioId of ["secret-drift", "health-check-failure", "waf-misblock"] as const) {
      const checks = CheckSchema.array().parse(await lab.preflight({ scenarioId, params: {}, durationSeconds: 120 }));
      expect(checks.filter((check) => check.status === "fail").map((check) => `${check.id}: ${check.detail}`)).toEqual([]);
    }
    expect(endpoint.calls("secretsmanager", "DescribeSecret")[0]?.params).toEqual({ SecretId: OUTPUTS.DbAppSecretArn });
    expect(endpoint.calls("ssm", "GetParameter")[0]?.params).toEqual({ Name: "/gameday/fault-flags" });
    expect(endpoint.calls("wafv2", "GetWebACL")[0]?.params).toEqual({ Name: OUTPUTS.WebAclName, Scope: "REGIONAL", Id: OUTPUTS.WebAclId });
  });
});
