/**
 * The API's one error shape, `{ error: { code, message, details? } }`, and the map from
 * error code to HTTP status. Route wrappers turn every thrown error into this shape.
 */
import { ZodError, type z } from "zod";
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from "@/lib/db/unavailable";
import { isLabError, type LabErrorCode } from "@/lib/lab/errors";

export const API_ERROR_STATUS = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  locked: 423,
  rate_limited: 429,
  internal: 500,
  lab_unavailable: 503,
  database_unavailable: 503,
} as const;

export type ApiErrorCode = keyof typeof API_ERROR_STATUS;

export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly details: unknown;
  readonly headers: Record<string, string>;

  constructor(code: ApiErrorCode, message: string, details?: unknown, headers: Record<string, string> = {}) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.details = details;
    this.headers = headers;
  }

  get status(): number {
    return API_ERROR_STATUS[this.code];
  }
}

export interface ApiErrorBody {
  error: { code: ApiErrorCode; message: string; details?: unknown };
}

/** Issues as `{ path, message }`, the form a UI can put next to a field. */
export function describeZodIssues(issues: readonly z.core.$ZodIssue[]): { path: string; message: string }[] {
  return issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message }));
}

function summariseIssues(issues: readonly z.core.$ZodIssue[]): string {
  const described = describeZodIssues(issues).slice(0, 3).map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message));
  const more = issues.length > 3 ? ` (and ${issues.length - 3} more)` : "";
  return `Invalid input: ${described.join("; ")}${more}`;
}

const LAB_ERROR_TO_API: Record<LabErrorCode, ApiErrorCode> = {
  unreachable: "lab_unavailable",
  credentials: "lab_unavailable",
  "access-denied": "forbidden",
  throttled: "rate_limited",
  "quota-exceeded": "conflict",
  "prerequisite-missing": "unprocessable",
  "not-found": "not_found",
  conflict: "conflict",
  invalid: "unprocessable",
  unsupported: "unprocessable",
};

/** Any thrown value → an ApiError; unknown errors become a 500 without internals. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof ZodError) return new ApiError("unprocessable", summariseIssues(error.issues), { issues: describeZodIssues(error.issues) });
  if (isLabError(error)) {
    return new ApiError(LAB_ERROR_TO_API[error.code], `Lab: ${error.message}`, { labCode: error.code, ...error.details });
  }
  // A Postgres restart or failover is the caller's cue to retry, not a bug: 503, never 500.
  if (isDatabaseUnavailable(error)) {
    return new ApiError(
      "database_unavailable",
      `The database is unavailable for a moment; retry in ${DATABASE_RETRY_AFTER_SECONDS} s. A timeline entry retried with the same entryKey is stored once.`,
      undefined,
      { "retry-after": String(DATABASE_RETRY_AFTER_SECONDS) },
    );
  }
  return new ApiError("internal", "Something went wrong on the server; the error was logged.");
}

const HTML_SIGNIFICANT = /[<>&\u2028\u2029]/g;

/**
 * JSON with `<`, `>`, `&` (and the JavaScript line separators) written as \u escapes: the
 * same value for any JSON parser, but a message that quotes the caller's input (an unknown
 * field named `<script>`) can never be read as markup, whatever sniffs or embeds it.
 */
export function inertJson(data: unknown): string {
  return JSON.stringify(data).replace(HTML_SIGNIFICANT, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

export function jsonResponse(data: unknown, init: ResponseInit = {}): Response {
  const headers = new Headers(init.headers);
  if (!headers.has("content-type")) headers.set("content-type", "application/json");
  return new Response(inertJson(data), { ...init, headers });
}

export function errorResponse(error: ApiError): Response {
  const body: ApiErrorBody = { error: { code: error.code, message: error.message } };
  if (error.details !== undefined) body.error.details = error.details;
  return jsonResponse(body, { status: error.status, headers: error.headers });
}
