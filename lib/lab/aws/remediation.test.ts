import { describe, expect, it } from "vitest";
import type { RemediationAction } from "../types";
import { EC2_OUTPUTS, OUTPUTS } from "./test/fixtures";
import { labError, useTestLabs } from "./test/harness";

const open = useTestLabs();

describe("remediation", () => {
  it("force-new-deployment: UpdateService forceNewDeployment for an ECS-controlled service", async () => {
    const lab = open();
    await lab.lab.remediate({ type: "force-new-deployment", service: "backend" });
    expect(lab.world.inputsOf("UpdateService")).toEqual([{ cluster: "gameday-cluster", service: "backend", forceNewDeployment: true }]);
  });

  it("force-new-deployment: a CodeDeploy deployment of the current task definition for api under CODE_DEPLOY", async () => {
    const lab = open({ ...OUTPUTS, ApiDeploymentController: "CODE_DEPLOY" });
    await lab.lab.remediate({ type: "force-new-deployment", service: "api" });
    expect(lab.world.inputsOf("UpdateService")).toEqual([]);
    const [deployment] = lab.world.inputsOf("CreateDeployment");
    expect(deployment).toMatchObject({ applicationName: "gameday-api", deploymentGroupName: "gameday-api-dg", description: "gameday remediation: force new deployment" });
    expect((deployment?.revision as { appSpecContent: { content: string } }).appSpecContent.content).toContain(`"TaskDefinition":"${lab.world.taskDefinitionArn("gameday-api", 7)}"`);
  });

  it("scale-service sets the desired count", async () => {
    const lab = open();
    await lab.lab.remediate({ type: "scale-service", service: "api", desiredCount: 4 });
    expect(lab.world.inputsOf("UpdateService")).toEqual([{ cluster: "gameday-cluster", service: "api", desiredCount: 4 }]);
  });

  it("rollback deploys the previous active revision of the family", async () => {
    const lab = open();
    await lab.lab.remediate({ type: "rollback", service: "api" });
    expect(lab.world.inputsOf("ListTaskDefinitions")).toEqual([{ familyPrefix: "gameday-api", status: "ACTIVE", sort: "DESC", maxResults: 100 }]);
    expect(lab.world.inputsOf("UpdateService")).toEqual([{ cluster: "gameday-cluster", service: "api", taskDefinition: lab.world.taskDefinitionArn("gameday-api", 6), forceNewDeployment: true }]);
  });

  it("rollback with no earlier revision is a conflict", async () => {
    const lab = open();
    lab.world.taskDefinitions.delete(lab.world.taskDefinitionArn("gameday-api", 6));
    const error = await labError(lab.lab.remediate({ type: "rollback", service: "api" }));
    expect(error.code).toBe("conflict");
  });

  it("restore-secret-access attaches the secret policy to the api execution role", async () => {
    const lab = open();
    lab.world.attachedPolicies.delete(OUTPUTS.ApiSecretAccessPolicyArn);
    await lab.lab.remediate({ type: "restore-secret-access", service: "api" });
    expect(lab.world.inputsOf("AttachRolePolicy")).toEqual([{ RoleName: "gameday-api-execution", PolicyArn: OUTPUTS.ApiSecretAccessPolicyArn }]);
    expect((await labError(lab.lab.remediate({ type: "restore-secret-access", service: "backend" }))).code).toBe("unsupported");
  });

  it("failback-database fails over to the writer recorded by the aurora-failover run", async () => {
    const lab = open();
    await lab.lab.start({ runId: "failover-1", scenarioId: "aurora-failover", params: {}, durationSeconds: 60 });
    lab.world.dbWriter = "gameday-db-instance-2";
    await lab.lab.remediate({ type: "failback-database" });
    expect(lab.world.inputsOf("FailoverDBCluster")).toEqual([{ DBClusterIdentifier: "gameday-db", TargetDBInstanceIdentifier: "gameday-db-instance-1" }]);
    // Already back on the original writer: nothing to do.
    await lab.lab.remediate({ type: "failback-database" });
    expect(lab.world.inputsOf("FailoverDBCluster")).toHaveLength(1);
  });

  it("add-capacity raises the Auto Scaling group within its maximum (EC2 variant), and is refused on Fargate", async () => {
    const fargate = open();
    expect((await labError(fargate.lab.remediate({ type: "add-capacity", hosts: 2 }))).message).toContain("Fargate");
    fargate.done();
    const ec2 = open(EC2_OUTPUTS);
    await ec2.lab.remediate({ type: "add-capacity", hosts: 2 });
    expect(ec2.world.inputsOf("DescribeAutoScalingGroups")).toEqual([{ AutoScalingGroupNames: ["gameday-asg"] }]);
    expect(ec2.world.inputsOf("SetDesiredCapacity")).toEqual([{ AutoScalingGroupName: "gameday-asg", DesiredCapacity: 3, HonorCooldown: false }]);
    const full = await labError(ec2.lab.remediate({ type: "add-capacity", hosts: 1 }));
    expect(full.code).toBe("conflict");
    expect(full.message).toContain("maximum of 3 hosts");
  });

  it("rejects unknown services (not-found) and malformed actions (invalid) before calling AWS", async () => {
    const lab = open();
    expect((await labError(lab.lab.remediate({ type: "scale-service", service: "payments", desiredCount: 2 }))).code).toBe("not-found");
    const malformed = { type: "scale-service", service: "api", desiredCount: 500 } as RemediationAction;
    const error = await labError(lab.lab.remediate(malformed));
    expect(error.code).toBe("invalid");
    expect(error.message).toContain("desiredCount");
    expect(lab.world.calls).toHaveLength(0);
  });
});
