/**
 * Translates AWS SDK failures into LabErrors a facilitator can act on. The SDK's own
 * message is kept (it names the resource) but never its stack; the original error rides
 * along as `cause` for server logs only.
 */
import { z } from "zod";
import { LabError, isLabError, type LabErrorCode } from "../errors";

const CREDENTIALS = new Set([
  "CredentialsProviderError",
  "ExpiredToken",
  "ExpiredTokenException",
  "UnrecognizedClientException",
  "InvalidClientTokenId",
  "InvalidSignatureException",
  "SignatureDoesNotMatch",
  "MissingAuthenticationToken",
  "MissingAuthenticationTokenException",
  "IncompleteSignature",
  "IncompleteSignatureException",
  "TokenRefreshRequired",
  "InvalidAccessKeyId",
]);
const ACCESS_DENIED = new Set(["AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "AuthorizationError", "WAFUnauthorizedOperationException"]);
const THROTTLED = new Set([
  "ThrottlingException",
  "Throttling",
  "ThrottledException",
  "TooManyRequestsException",
  "RequestLimitExceeded",
  "RequestThrottled",
  "RequestThrottledException",
  "SlowDown",
  "ProvisionedThroughputExceededException",
  "BandwidthLimitExceeded",
]);
const QUOTA = new Set(["ServiceQuotaExceededException", "LimitExceeded", "LimitExceededException", "LimitExceededFault", "WAFLimitsExceededException", "DeploymentLimitExceededException"]);
const NOT_FOUND = new Set([
  "ResourceNotFoundException",
  "ResourceNotFound",
  "NotFoundException",
  "NoSuchEntity",
  "NoSuchEntityException",
  "ServiceNotFoundException",
  "ClusterNotFoundException",
  "ParameterNotFound",
  "WAFNonexistentItemException",
  "DBClusterNotFoundFault",
  "DBInstanceNotFoundFault",
  "TargetGroupNotFound",
  "TargetGroupNotFoundException",
  "ApplicationDoesNotExistException",
  "DeploymentGroupDoesNotExistException",
  "DeploymentDoesNotExistException",
]);
const CONFLICT = new Set([
  "ConflictException",
  "WAFOptimisticLockException",
  "InvalidDBClusterStateFault",
  "InvalidDBInstanceStateFault",
  "DeploymentAlreadyStartedException",
  "DeploymentAlreadyCompletedException",
  "ConcurrentModificationException",
  "ServiceNotActiveException",
  "UpdateInProgressException",
]);
const INVALID = new Set([
  "ValidationException",
  "ValidationError",
  "InvalidParameterException",
  "InvalidParameterValue",
  "InvalidParameterValueException",
  "InvalidParameterCombination",
  "InvalidInput",
  "InvalidInputException",
  "MalformedPolicyDocument",
  "WAFInvalidParameterException",
  "WAFInvalidOperationException",
  "ClientException",
  "InvalidRequestException",
  "SerializationException",
]);
const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "ETIMEDOUT", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "EPIPE", "ECONNABORTED"]);
const NETWORK_NAMES = new Set(["TimeoutError", "RequestTimeout", "RequestTimeoutException", "NetworkingError", "AbortError"]);

interface AwsErrorShape {
  name: string;
  message: string;
  code: string | undefined;
  httpStatus: number | undefined;
  requestId: string | undefined;
  fault: "client" | "server" | undefined;
  throttling: boolean;
}

const AwsErrorSchema = z
  .object({
    name: z.string().optional(),
    message: z.string().optional(),
    code: z.string().optional(),
    Code: z.string().optional(),
    $fault: z.enum(["client", "server"]).optional(),
    $retryable: z.object({ throttling: z.boolean().optional() }).optional(),
    $metadata: z.object({ httpStatusCode: z.number().optional(), requestId: z.string().optional() }).optional(),
  })
  .loose();

function shapeOf(error: unknown): AwsErrorShape {
  const parsed = AwsErrorSchema.safeParse(error);
  const value = parsed.success ? parsed.data : {};
  return {
    name: value.name ?? value.Code ?? "Error",
    message: value.message ?? String(error),
    code: value.code,
    httpStatus: value.$metadata?.httpStatusCode,
    requestId: value.$metadata?.requestId,
    fault: value.$fault,
    throttling: value.$retryable?.throttling === true,
  };
}

function classify(shape: AwsErrorShape): LabErrorCode {
  const { name } = shape;
  if (CREDENTIALS.has(name)) return "credentials";
  if (ACCESS_DENIED.has(name) || name.endsWith("AccessDeniedException")) return "access-denied";
  if (THROTTLED.has(name) || shape.throttling || shape.httpStatus === 429) return "throttled";
  // RDS names its quota faults per resource (DBClusterQuotaExceededFault, StorageQuotaExceededFault…) and answers them with 403.
  if (QUOTA.has(name) || /QuotaExceeded(Fault|Exception)?$/.test(name)) return "quota-exceeded";
  if (NOT_FOUND.has(name) || name.endsWith("NotFoundFault") || name.endsWith("NotFoundException")) return "not-found";
  if (CONFLICT.has(name)) return "conflict";
  if (INVALID.has(name)) return "invalid";
  if ((shape.code && NETWORK_CODES.has(shape.code)) || NETWORK_NAMES.has(name)) return "unreachable";
  if (shape.httpStatus === 403) return "access-denied";
  if (shape.httpStatus === 404) return "not-found";
  if (shape.httpStatus === 409) return "conflict";
  if (shape.httpStatus !== undefined && shape.httpStatus >= 400 && shape.httpStatus < 500) return "invalid";
  return "unreachable";
}

/** First line only, without the SDK's request ids or stack, bounded for the UI. */
function tidy(message: string): string {
  const line = message.split("\n")[0]?.trim() ?? "";
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}

function messageFor(code: LabErrorCode, action: string, shape: AwsErrorShape): string {
  const aws = tidy(shape.message);
  switch (code) {
    case "credentials":
      return `AWS credentials are missing or expired (${action}): sign in again (for example \`aws sso login\`, or refresh the console's role) and retry.`;
    case "access-denied":
      return `The console's AWS role is not allowed to call ${action}: add that permission to its IAM policy. AWS said: ${aws}`;
    case "throttled":
      return `AWS kept throttling ${action} after retrying; wait a few seconds and try again.`;
    case "quota-exceeded":
      return `An AWS quota stops ${action}: ${aws}. Wait for running experiments or deployments to finish, or raise the quota.`;
    case "not-found":
      return `${action}: not found. ${aws}`;
    case "conflict":
      return `${action} conflicts with the current state: ${aws}`;
    case "invalid":
      return `AWS rejected ${action}: ${aws}`;
    case "unreachable":
      return `AWS did not answer ${action} (${shape.name}${shape.code ? ` ${shape.code}` : ""}): check the network path and the Region.`;
    default:
      return `${action} failed: ${aws}`;
  }
}

/**
 * Maps any failure of an AWS call to a LabError. `action` names the API operation
 * (e.g. `fis:StartExperiment`) so an access-denied message says which permission is missing.
 */
export function toLabError(error: unknown, action: string): LabError {
  if (isLabError(error)) return error;
  if (error instanceof z.ZodError) {
    return new LabError("invalid", `${action}: ${error.issues.map((issue) => `${issue.path.join(".") || "input"} ${issue.message}`).join("; ")}`, undefined, { cause: error });
  }
  const shape = shapeOf(error);
  const code = classify(shape);
  return new LabError(code, messageFor(code, action, shape), { action, awsError: shape.name, requestId: shape.requestId }, { cause: error });
}

/** Runs one AWS call and rethrows its failure as a LabError naming the action. */
export async function awsCall<T>(action: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toLabError(error, action);
  }
}
