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

/**
 * By shape, not only by class: Next bundles the instrumentation hook (which starts the live
 * pollers) and the route handlers separately, so an adapter made by one throws a LabError
 * class the other does not know. `instanceof` alone let an unreachable lab escape the
 * poller as an unknown failure, and the outage never reached the timeline.
 */
export function isLabError(error: unknown): error is LabError {
  if (error instanceof LabError) return true;
  if (!(error instanceof Error) || error.name !== "LabError") return false;
  const code: unknown = (error as { code?: unknown }).code;
  return typeof code === "string" && (LAB_ERROR_CODES as readonly string[]).includes(code);
}
