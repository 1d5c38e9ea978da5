/**
 * A client of the running console over real HTTP, for the suites that prove routes the way
 * a browser or a script calls them: sign-in through next-auth's own endpoints, cookies and
 * bearer tokens in headers, bodies as bytes.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { inject } from "vitest";
import { z } from "zod";
import type { Role } from "@/lib/auth/roles";
import { jsonOrNull } from "../json";

export function consoleUrl(): string {
  return inject("consoleUrl");
}

export interface HttpOptions {
  cookie?: string;
  bearer?: string;
  body?: unknown;
  /** Raw body text, sent as-is (malformed JSON, form bodies). */
  rawBody?: string;
  contentType?: string;
  query?: Record<string, string>;
  /** The Origin header; the console's own unless given (null: none, as scripts send). */
  origin?: string | null;
}

export interface HttpAnswer {
  status: number;
  json: unknown;
  text: string;
  headers: Headers;
  /** The unique user agent this call carried, to find its audit row. */
  userAgent: string;
}

/** One request to the console. A server-sent event stream is answered by its head alone. */
export async function http(method: string, path: string, options: HttpOptions = {}): Promise<HttpAnswer> {
  const url = new URL(path, consoleUrl());
  for (const [key, value] of Object.entries(options.query ?? {})) url.searchParams.set(key, value);
  const userAgent = `http-suite/${randomUUID()}`;
  const headers = new Headers({ "user-agent": userAgent });
  // Browsers name the page's origin on every state-changing call; the console refuses cookie calls without a match.
  const origin = options.origin === undefined ? new URL(consoleUrl()).origin : options.origin;
  if (origin !== null) headers.set("origin", origin);
  if (options.cookie) headers.set("cookie", options.cookie);
  if (options.bearer) headers.set("authorization", `Bearer ${options.bearer}`);
  let body: string | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined || options.contentType) headers.set("content-type", options.contentType ?? "application/json");
  const abort = new AbortController();
  const response = await fetch(url, { method, headers, body, redirect: "manual", signal: abort.signal });
  if (response.headers.get("content-type")?.startsWith("text/event-stream")) {
    abort.abort();
    return { status: response.status, json: null, text: "", headers: response.headers, userAgent };
  }
  const text = await response.text();
  return { status: response.status, json: jsonOrNull(text), text, headers: response.headers, userAgent };
}

/** The API's error body, parsed: fails the test when an error answer has another shape. */
const ErrorBodySchema = z.object({ error: z.object({ code: z.string(), message: z.string().min(1), details: z.unknown().optional() }) });

export function errorOf(answer: HttpAnswer): { code: string; message: string; details?: unknown } {
  const parsed = ErrorBodySchema.safeParse(answer.json);
  if (!parsed.success) throw new Error(`Expected the API's error shape, got ${answer.status}: ${answer.text.slice(0, 300) || "(empty body)"}`);
  return parsed.data.error;
}

function cookiesFrom(response: Response): Map<string, string> {
  const jar = new Map<string, string>();
  for (const header of response.headers.getSetCookie()) {
    const [pair] = header.split(";");
    const at = pair?.indexOf("=") ?? -1;
    if (pair && at > 0) jar.set(pair.slice(0, at), pair.slice(at + 1));
  }
  return jar;
}

function cookieHeader(jar: Map<string, string>): string {
  return [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
}

/** Signs in through next-auth's credentials endpoint, as the sign-in form does; returns the Cookie header. */
export async function signIn(email: string, password: string): Promise<string> {
  const csrfResponse = await fetch(new URL("/api/auth/csrf", consoleUrl()));
  const { csrfToken } = z.object({ csrfToken: z.string() }).parse(await csrfResponse.json());
  const jar = cookiesFrom(csrfResponse);
  const form = new URLSearchParams({ csrfToken, email, password, callbackUrl: consoleUrl(), json: "true" });
  const response = await fetch(new URL("/api/auth/callback/credentials", consoleUrl()), {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader(jar), "user-agent": "http-suite/sign-in", origin: new URL(consoleUrl()).origin },
    body: form.toString(),
    redirect: "manual",
  });
  for (const [name, value] of cookiesFrom(response)) jar.set(name, value);
  if (![...jar.keys()].some((name) => name.endsWith("session-token"))) {
    throw new Error(`Signing in ${email} gave no session cookie (status ${response.status}).`);
  }
  return cookieHeader(jar);
}

const SeededSchema = z.array(z.object({ role: z.string(), email: z.string(), password: z.string() }));

/** The Cookie header of the demo admin the start-up seed created. */
export async function seededAdminCookie(): Promise<string> {
  const admin = SeededSchema.parse(JSON.parse(inject("seededCredentials"))).find((credential) => credential.role === "admin");
  if (!admin) throw new Error("the start-up seed created no admin");
  return signIn(admin.email, admin.password);
}

export interface HttpUser {
  id: string;
  email: string;
  role: Role;
  cookie: string;
}

const CreatedUserSchema = z.object({ user: z.object({ id: z.string(), email: z.string() }) });

/** A new account made through the admin API, then signed in through the sign-in endpoint. */
export async function createUserOverHttp(adminCookie: string, role: Role): Promise<HttpUser> {
  const password = randomBytes(18).toString("base64url");
  const email = `${role}-${randomBytes(4).toString("hex")}@example.test`;
  const answer = await http("POST", "/api/users", { cookie: adminCookie, body: { email, name: `${role} via HTTP`, role, password } });
  if (answer.status !== 201) throw new Error(`creating a ${role} answered ${answer.status}: ${answer.text}`);
  const { user } = CreatedUserSchema.parse(answer.json);
  return { id: user.id, email: user.email, role, cookie: await signIn(email, password) };
}

/** Calls that must succeed while a suite builds its world. */
export function expectOk(answer: HttpAnswer): unknown {
  if (answer.status >= 300) throw new Error(`setup call failed with ${answer.status}: ${answer.text}`);
  return answer.json;
}
