/**
 * Why a control call failed, with the code the console's LabError uses, so the adapter maps
 * an answer to an error without guessing from HTTP statuses.
 */
import type { z } from "zod";
import type { ErrorCode } from "./api/schemas";

const STATUS: Record<ErrorCode, number> = {
  unreachable: 503,
  credentials: 401,
  "access-denied": 403,
  throttled: 429,
  "quota-exceeded": 429,
  "prerequisite-missing": 412,
  "not-found": 404,
  conflict: 409,
  invalid: 422,
  unsupported: 501,
};

export class LabFailure extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = "LabFailure";
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return STATUS[this.code];
  }
}

/** A zod failure as an `invalid` answer whose message names each offending field. */
export function invalidFrom(error: z.ZodError, what: string): LabFailure {
  const issues = error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
  const summary = issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message)).join("; ");
  return new LabFailure("invalid", `Invalid ${what}: ${summary}`, { issues });
}
