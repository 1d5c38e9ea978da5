import { randomBytes } from "node:crypto";
import { encode } from "next-auth/jwt";
import { z } from "zod";
import type { NextRouteContext } from "@/lib/api/route";
import { sessionCookieName } from "@/lib/auth/cookies";
import { createApiToken } from "@/lib/auth/api-tokens";
import { hashPassword } from "@/lib/auth/password";
import type { Principal } from "@/lib/auth/principal";
import type { Role } from "@/lib/auth/roles";
import { createSession } from "@/lib/auth/sessions";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { jsonOrNull } from "@/test/json";

export const TEST_PASSWORD = "correct horse battery staple";
let cachedHash: Promise<string> | undefined;

export interface TestUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** Cookie header of a live browser session for this user. */
  cookie: string;
  sessionToken: string;
  principal: Principal;
}

export async function sessionCookieFor(user: { id: string; email: string; name: string; role: Role }, sessionToken: string): Promise<string> {
  const jwt = await encode({
    token: { sub: user.id, email: user.email, name: user.name, role: user.role, sid: sessionToken },
    secret: env().NEXTAUTH_SECRET,
  });
  return `${sessionCookieName()}=${jwt}`;
}

export async function createTestUser(role: Role, overrides: { email?: string; name?: string } = {}): Promise<TestUser> {
  cachedHash ??= hashPassword(TEST_PASSWORD);
  const suffix = randomBytes(4).toString("hex");
  const user = await db().user.create({
    data: {
      email: overrides.email ?? `${role}-${suffix}@example.test`,
      name: overrides.name ?? `${role} ${suffix}`,
      role,
      passwordHash: await cachedHash,
    },
  });
  const { token, sessionId } = await createSession(user.id, { ip: "127.0.0.1", userAgent: "vitest" });
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role,
    sessionToken: token,
    cookie: await sessionCookieFor(user, token),
    principal: { userId: user.id, email: user.email, name: user.name, role, via: "session", credentialId: sessionId },
  };
}

/** A running, sighted game day on the local lab with a facilitator and a trainee taking part. */
export async function createRunningGameDay(title: string, joinCode: string, facilitator: TestUser, trainee: TestUser): Promise<string> {
  const gameDay = await db().gameDay.create({
    data: { title, environment: "local", status: "running", blindMode: false, joinCode, createdById: facilitator.id },
  });
  await db().participant.createMany({
    data: [
      { gameDayId: gameDay.id, userId: facilitator.id, role: "facilitator" },
      { gameDayId: gameDay.id, userId: trainee.id, role: "trainee" },
    ],
  });
  return gameDay.id;
}

export async function apiTokenFor(user: TestUser, name = "test token"): Promise<string> {
  return (await createApiToken(user.id, { name })).token;
}

export interface CallOptions {
  cookie?: string;
  bearer?: string;
  body?: unknown;
  /** Raw body text, sent as-is (for malformed JSON tests). */
  rawBody?: string;
  contentType?: string;
  params?: Record<string, string>;
  query?: Record<string, string>;
}

type RouteHandler = (request: Request, context: NextRouteContext) => Promise<Response>;

/**
 * Calls a route handler the way Next does, with a real Request; like Next, a call without
 * path parameters gets a context whose params resolve to undefined.
 */
export async function callRoute(handler: RouteHandler, method: string, path: string, options: CallOptions = {}) {
  const url = new URL(`http://localhost:3000${path}`);
  for (const [key, value] of Object.entries(options.query ?? {})) url.searchParams.set(key, value);
  const headers = new Headers({ "x-forwarded-for": "127.0.0.1", "user-agent": "vitest" });
  if (options.cookie) headers.set("cookie", options.cookie);
  if (options.bearer) headers.set("authorization", `Bearer ${options.bearer}`);
  let body: string | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers.set("content-type", options.contentType ?? "application/json");
  const response = await handler(new Request(url, { method, headers, body }), { params: Promise.resolve(options.params) });
  const text = await response.text();
  return { status: response.status, json: jsonOrNull(text), text, headers: response.headers };
}

/** The error body of an API error response, for assertions. */
const ErrorBodySchema = z.object({ error: z.object({ code: z.string(), message: z.string().min(1), details: z.unknown().optional() }) });

export function errorOf(json: unknown): { code: string; message: string; details?: unknown } {
  return ErrorBodySchema.parse(json).error;
}
