/**
 * Why a lab call failed, in terms the console can act on. Adapters translate SDK and HTTP
 * failures into these codes so the UI can say "AWS credentials expired" rather than a stack.
 */
export const LAB_ERROR_CODES = [
  "unreachable", // daemon down, network error, AWS endpoint unreachable
  "credentials", // missing or expired AWS credentials
  "access-denied", // credentials work but lack a permission
  "throttled", // retries exhausted on a throttling error
  "quota-exceeded", // e.g. FIS active-experiment quota
  "prerequisite-missing", // e.g. no FIS template for the scenario, task definition not FIS-ready
  "not-found", // unknown run, service or template
  "conflict", // e.g. the run already ended, safety lever engaged
  "invalid", // parameters the lab refuses
  "unsupported", // the scenario cannot run on this lab
] as const;
export type LabErrorCode = (typeof LAB_ERROR_CODES)[number];

export class LabError extends Error {
  readonly code: LabErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: LabErrorCode, message: string, details?: Record<string, unknown>, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "LabError";
    this.code = code;
    this.details = details;
  }
}

export function isLabError(error: unknown): error is LabError {
  return error instanceof LabError;
}
