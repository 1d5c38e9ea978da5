/** Browser-side calls to the console's JSON API, with its error shape turned into a message. */
import { z } from "zod";

export class ApiCallError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fieldErrors: Record<string, string>;

  constructor(status: number, code: string, message: string, fieldErrors: Record<string, string> = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.fieldErrors = fieldErrors;
  }
}

const ErrorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.object({ issues: z.array(z.object({ path: z.string(), message: z.string() })).optional() }).loose().optional(),
  }),
});

/** Calls the API and parses the answer with `schema`; failures throw ApiCallError with a readable message. */
export async function apiCall<S extends z.ZodType>(path: string, schema: S, init: { method?: string; body?: unknown } = {}): Promise<z.infer<S>> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: init.method ?? (init.body === undefined ? "GET" : "POST"),
      headers: init.body === undefined ? {} : { "content-type": "application/json" },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      credentials: "same-origin",
    });
  } catch {
    throw new ApiCallError(0, "network", "The console cannot be reached. Check your connection and try again.");
  }
  const text = await response.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    throw new ApiCallError(response.status, "bad_response", `The console answered with something that is not JSON (HTTP ${response.status}).`);
  }
  if (!response.ok) {
    const parsed = ErrorBodySchema.safeParse(data);
    if (!parsed.success) throw new ApiCallError(response.status, "error", `Request failed (HTTP ${response.status}).`);
    const fieldErrors = Object.fromEntries((parsed.data.error.details?.issues ?? []).map((issue) => [issue.path, issue.message]));
    throw new ApiCallError(response.status, parsed.data.error.code, parsed.data.error.message, fieldErrors);
  }
  return schema.parse(data);
}
