import "server-only";
import type { z } from "zod";
import { recordAudit, type AuditEntry } from "@/lib/audit/record-audit";
import { authenticateRequest } from "@/lib/auth/authenticate";
import type { Principal } from "@/lib/auth/principal";
import type { Role } from "@/lib/auth/roles";
import { checkSameOrigin, crossSiteRefusalMessage } from "@/lib/auth/same-origin";
import type { RequestOrigin } from "@/lib/auth/sessions";
import { env } from "@/lib/env";
import { clientIp, userAgent } from "@/lib/http/request-context";
import { ApiError, errorResponse, jsonResponse, toApiError } from "./errors";

type RawParams = Record<string, string | string[] | undefined>;

/**
 * What Next passes a route handler as its second argument. On a path without a dynamic
 * segment Next 16 passes no params at all (`context.params` resolves to undefined), so the
 * wrappers treat both the context and its params as optional.
 */
export interface NextRouteContext {
  params?: Promise<RawParams | undefined>;
}

async function paramsOf(context: NextRouteContext | undefined): Promise<RawParams> {
  return (await context?.params) ?? {};
}

export interface AuditNote {
  action?: string;
  targetType?: string;
  targetId?: string;
  details?: Record<string, string | number | boolean | null>;
}

export interface PublicContext {
  request: Request;
  params: RawParams;
  origin: RequestOrigin;
}

export interface AuthedContext extends PublicContext {
  principal: Principal;
  /** Adds what changed to this call's audit row (written for every state-changing method). */
  audit: (note: AuditNote) => void;
  /**
   * For a handler that commits its audit row in the same transaction as its change, so a
   * crash between the two cannot leave a change unaudited: the row the wrapper would write
   * for an answer with `status`, with the notes so far and `note`. Only after that commit
   * does the handler call `auditCommitted()`; the wrapper then writes no second row (a
   * failure before it is still audited by the wrapper, as always).
   */
  auditEntry: (status: number, note?: AuditNote) => AuditEntry;
  auditCommitted: () => void;
}

export interface RouteOptions {
  /** Audit action name, e.g. `gameday.create`. */
  action: string;
  /** Refuse API tokens (e.g. minting new tokens needs a browser session). */
  sessionOnly?: boolean;
}

type Handler<C> = (context: C) => Promise<Response>;

const READ_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

function originOf(request: Request): RequestOrigin {
  return { ip: clientIp(request.headers), userAgent: userAgent(request.headers) };
}

/**
 * A state-changing call carried by the session cookie must come from the console's own
 * pages (see lib/auth/same-origin.ts). Bearer tokens are exempt: a browser never attaches
 * them by itself, so another site cannot borrow them.
 */
function refuseCrossSite(request: Request, principal: Principal): void {
  if (principal.via !== "session" || READ_METHODS.has(request.method)) return;
  const expected = new URL(env().NEXTAUTH_URL).origin;
  const verdict = checkSameOrigin(request.headers, expected);
  if (!verdict.ok) throw new ApiError("forbidden", crossSiteRefusalMessage(verdict.reason, expected));
}

function logUnexpected(request: Request, error: unknown): void {
  console.error(JSON.stringify({ level: "error", msg: "unhandled route error", method: request.method, url: request.url, error: error instanceof Error ? error.stack : String(error) }));
}

/** A route anyone may call (health, OpenAPI). Errors still take the API's shape. */
export function withPublic(handler: Handler<PublicContext>) {
  return async (request: Request, context?: NextRouteContext): Promise<Response> => {
    try {
      return await handler({ request, params: await paramsOf(context), origin: originOf(request) });
    } catch (error) {
      const apiError = toApiError(error);
      if (apiError.code === "internal") logUnexpected(request, error);
      return errorResponse(apiError);
    }
  };
}

/**
 * A route for signed-in callers whose role is in `roles` ("any" = every role). Resolves the
 * caller from an API token or the session cookie, answers 401/403 before the handler runs,
 * maps every error to the API's error shape, and writes an audit row for every call that
 * could change state (including refused ones).
 */
export function withRole(roles: readonly Role[] | "any", handler: Handler<AuthedContext>, options: RouteOptions) {
  return async (request: Request, context?: NextRouteContext): Promise<Response> => {
    const origin = originOf(request);
    const notes: AuditNote = {};
    let params: RawParams = {};
    let principal: Principal | null = null;
    let auditedByHandler = false;
    let response: Response;
    const auditEntry = (status: number, note: AuditNote = {}): AuditEntry => {
      const noted = { ...notes, ...note, details: { ...notes.details, ...note.details } };
      // The path id is whatever the caller typed: kept only in a form the audit table can store, so a refusal is never left unrecorded.
      const targetId = noted.targetId ?? (typeof params.id === "string" ? storableTargetId(params.id) : undefined);
      return {
        actor: principal,
        action: noted.action ?? options.action,
        targetType: noted.targetType,
        targetId,
        ...origin,
        // The call itself (method, path, answer) is recorded last so a handler's details cannot mask it.
        details: { ...noted.details, method: request.method, path: new URL(request.url).pathname, status },
      };
    };
    try {
      params = await paramsOf(context);
      principal = await authenticateRequest(request);
      if (!principal) throw new ApiError("unauthorized", "Sign in, or send 'Authorization: Bearer <api token>'.");
      refuseCrossSite(request, principal);
      if (options.sessionOnly && principal.via !== "session") {
        throw new ApiError("forbidden", "This action needs a signed-in browser session; API tokens cannot do it.");
      }
      if (roles !== "any" && !roles.includes(principal.role)) {
        throw new ApiError("forbidden", `Your role (${principal.role}) cannot do this; it needs one of: ${roles.join(", ")}.`);
      }
      response = await handler({
        request,
        params,
        origin,
        principal,
        audit: (note) => Object.assign(notes, note),
        auditEntry,
        auditCommitted: () => {
          auditedByHandler = true;
        },
      });
    } catch (error) {
      const apiError = toApiError(error);
      if (apiError.code === "internal") logUnexpected(request, error);
      response = errorResponse(apiError);
      auditedByHandler = false;
    }
    if (!READ_METHODS.has(request.method) && !auditedByHandler) {
      await recordAudit(auditEntry(response.status)).catch((error: unknown) => logUnexpected(request, error));
    }
    return response;
  };
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A caller-supplied id as the audit log can hold it: no NUL or lone surrogate, at most 200 characters. */
function storableTargetId(id: string): string {
  return id.replaceAll("\u0000", "\\0").replace(new RegExp(LONE_SURROGATE.source, "g"), "\uFFFD").slice(0, 200);
}

/** The largest request body any route reads; more is refused with 413 before it is buffered. */
export const MAX_BODY_BYTES = 64 * 1024;

function tooLarge(): ApiError {
  return new ApiError("payload_too_large", `Request body must be at most ${MAX_BODY_BYTES / 1024} KB.`);
}

/**
 * The body as text, read no further than the limit: a client announcing or sending more is
 * refused before the rest is buffered, so a huge upload costs the server 64 KB, not its size.
 */
async function readCappedText(request: Request): Promise<string> {
  const announced = Number(request.headers.get("content-length") ?? "0");
  if (announced > MAX_BODY_BYTES) throw tooLarge();
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new ApiError("bad_request", "Request body is not valid UTF-8 text; send JSON encoded as UTF-8.");
  }
}

/**
 * Text the database cannot store faithfully: Postgres refuses NUL in text, and a lone UTF-16
 * surrogate (legal in JSON's \u escapes) would be silently replaced by U+FFFD.
 */
function unstorableText(value: string): string | null {
  if (value.includes("\u0000")) return "contains a NUL character (\\u0000)";
  if (LONE_SURROGATE.test(value)) return "contains a lone UTF-16 surrogate (not valid Unicode)";
  return null;
}

function findUnstorableText(value: unknown, path: string[] = []): { path: string; problem: string } | null {
  if (typeof value === "string") {
    const problem = unstorableText(value);
    return problem ? { path: path.join("."), problem } : null;
  }
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findUnstorableText(item, [...path, String(index)]);
      if (found) return found;
    }
    return null;
  }
  if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      const keyProblem = unstorableText(key);
      if (keyProblem) return { path: [...path, "(a field name)"].join("."), problem: keyProblem };
      const found = findUnstorableText(item, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

function refuseUnstorableText(value: unknown): void {
  const found = findUnstorableText(value);
  if (found) {
    const where = found.path || "the value";
    throw new ApiError("unprocessable", `Invalid input: ${where} ${found.problem}; remove it and send again.`, { issues: [{ path: found.path, message: found.problem }] });
  }
}

/** The request's JSON body, validated: 415/413/400/422 with a message that says what to fix. */
export async function readJson<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
  const type = request.headers.get("content-type") ?? "";
  if (!type.toLowerCase().startsWith("application/json")) {
    throw new ApiError("unsupported_media_type", "Send the body as JSON with 'Content-Type: application/json'.");
  }
  const text = await readCappedText(request);
  let body: unknown;
  try {
    body = text.length === 0 ? undefined : JSON.parse(text);
  } catch {
    throw new ApiError("bad_request", "Request body is not valid JSON.");
  }
  if (body === undefined) throw new ApiError("bad_request", "Request body is empty; send a JSON object.");
  refuseUnstorableText(body);
  return schema.parse(body);
}

/** Query parameters validated by `schema` (422 on failure). */
export function readQuery<S extends z.ZodType>(request: Request, schema: S): z.infer<S> {
  const query = Object.fromEntries(new URL(request.url).searchParams);
  refuseUnstorableText(query);
  return schema.parse(query);
}

/** Path parameters validated by `schema`; a malformed id answers 404 like an unknown one. */
export function readParams<S extends z.ZodType>(params: RawParams, schema: S): z.infer<S> {
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw new ApiError("not_found", "Nothing exists at this address (malformed id).");
  return parsed.data;
}

export function json(data: unknown, init: ResponseInit = {}): Response {
  return jsonResponse(data, init);
}
