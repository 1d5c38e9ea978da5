import { ServiceQuotaExceededException, ValidationException } from "@aws-sdk/client-fis";
import { afterEach, describe, expect, it } from "vitest";
import { LabError } from "../errors";
import { toLabError } from "./errors";
import { awsError } from "./test/fake-aws";
import { testLab, type TestLab } from "./test/harness";

describe("AWS errors → LabError", () => {
  const cases: [string, Error, string, RegExp][] = [
    ["missing credentials", Object.assign(new Error("Could not load credentials from any providers"), { name: "CredentialsProviderError" }), "credentials", /credentials are missing or expired/],
    ["expired token", awsError("ExpiredTokenException", "The security token included in the request is expired"), "credentials", /sign in again/],
    ["unknown key", awsError("UnrecognizedClientException", "The security token included in the request is invalid."), "credentials", /credentials/],
    ["access denied", awsError("AccessDeniedException", "User: arn:aws:sts::123456789012:assumed-role/gameday-console/s is not authorized to perform: fis:StartExperiment", 403), "access-denied", /not allowed to call fis:StartExperiment/],
    ["IAM access denied", awsError("AccessDenied", "not authorized to perform: iam:DetachRolePolicy", 403), "access-denied", /IAM policy/],
    ["throttled", awsError("ThrottlingException", "Rate exceeded"), "throttled", /kept throttling fis:StartExperiment after retrying/],
    ["quota", new ServiceQuotaExceededException({ message: "You have exceeded the maximum number of active experiments.", $metadata: {} }), "quota-exceeded", /maximum number of active experiments/],
    ["not found", awsError("ResourceNotFoundException", "Experiment not found", 404), "not-found", /not found/],
    ["IAM no such entity", awsError("NoSuchEntity", "The role with name x cannot be found.", 404), "not-found", /cannot be found/],
    ["conflict", awsError("ConflictException", "The experiment has already been stopped.", 409), "conflict", /already been stopped/],
    ["WAF lock", awsError("WAFOptimisticLockException", "someone changed the resource"), "conflict", /changed the resource/],
    ["validation", new ValidationException({ message: "1 validation error detected: clientToken", $metadata: {} }), "invalid", /AWS rejected fis:StartExperiment: 1 validation error/],
    ["ECS client error", awsError("InvalidParameterException", "desiredCount is invalid"), "invalid", /desiredCount is invalid/],
    ["refused", Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:443"), { code: "ECONNREFUSED" }), "unreachable", /did not answer fis:StartExperiment/],
    ["timeout", Object.assign(new Error("socket hang up"), { name: "TimeoutError" }), "unreachable", /network path/],
    ["server fault", awsError("InternalServerException", "We encountered an internal error.", 500), "unreachable", /did not answer/],
  ];

  for (const [label, error, code, message] of cases) {
    it(`maps ${label} to '${code}'`, () => {
      const mapped = toLabError(error, "fis:StartExperiment");
      expect(mapped).toBeInstanceOf(LabError);
      expect(mapped.code).toBe(code);
      expect(mapped.message).toMatch(message);
      // Facilitators see the message; it never carries a stack trace.
      expect(mapped.message).not.toMatch(/\n\s+at /);
      expect(mapped.cause).toBe(error);
    });
  }

  it("keeps an existing LabError as it is", () => {
    const original = new LabError("conflict", "already ended");
    expect(toLabError(original, "x")).toBe(original);
  });
});

describe("health", () => {
  let t: TestLab | undefined;
  afterEach(() => {
    t?.done();
    t = undefined;
  });

  it("is reachable with the caller's identity and the cluster", async () => {
    t = testLab();
    expect(await t.lab.health()).toEqual({ reachable: true, detail: "AWS account 123456789012 as arn:aws:sts::123456789012:assumed-role/gameday-console/session; cluster gameday-cluster in eu-west-1." });
    expect(t.world.sequence()).toEqual(["GetCallerIdentity", "DescribeClusters"]);
  });

  it("reports expired credentials and a missing cluster instead of throwing", async () => {
    t = testLab();
    t.world.failures.set("GetCallerIdentity", awsError("ExpiredToken", "The security token included in the request is expired"));
    const expired = await t.lab.health();
    expect(expired.reachable).toBe(false);
    expect(expired.detail).toContain("AWS credentials are missing or expired");
    t.world.failures.clear();
    t.world.failures.set("DescribeClusters", awsError("ClusterNotFoundException", "Cluster not found.", 400));
    expect(await t.lab.health()).toMatchObject({ reachable: false, detail: expect.stringContaining("Cluster not found") as unknown });
  });
});
