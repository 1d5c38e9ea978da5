/**
 * Why a lab call failed, in terms the console can act on. Adapters translate SDK and HTTP
 * failures into these codes so the UI can say "AWS credentials expired" rather than a stack.
 */
import { LAB_ERROR_CODES, type LabErrorCode } from "@/contract/lab";

export { LAB_ERROR_CODES, type LabErrorCode };

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
