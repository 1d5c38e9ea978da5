/**
 * Every HTTP route of the console in one table: who may call it, what it takes and returns.
 * Route handlers take their access rule from here (`route()` in ./handler.ts), the OpenAPI
 * document is generated from it, and the authorisation tests walk it, so the three cannot
 * drift apart.
 */
import { z } from "zod";
import { CreateApiTokenSchema } from "@/lib/auth/schemas";
import type { Role } from "@/lib/auth/roles";
import { CreateGameDaySchema, JoinGameDaySchema } from "@/lib/gameday/schemas";
import { CreateUserSchema, UpdateUserSchema } from "@/lib/users/schemas";

export type Access = "public" | "any" | readonly Role[];
export type HttpMethod = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

export interface RouteSpec {
  method: HttpMethod;
  /** OpenAPI-style path, e.g. `/api/gamedays/{id}`. */
  path: string;
  summary: string;
  tag: string;
  access: Access;
  /** Audit action name for state-changing routes. */
  action: string;
  sessionOnly?: boolean;
  body?: z.ZodType;
  query?: z.ZodType;
  /** Content types other than JSON this route answers with. */
  produces?: string[];
}

const ADMIN = ["admin"] as const satisfies readonly Role[];
const FACILITATORS = ["admin", "facilitator"] as const satisfies readonly Role[];

export const AuditQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1, "limit must be at least 1").max(500, "limit must be at most 500").default(100),
    before: z.coerce.bigint({ error: "before must be an audit row id" }).optional(),
    actorId: z.string().max(64).optional(),
  })
  .strict();

export const ROUTES = [
  { method: "GET", path: "/api/health", summary: "Liveness: database reachable, lab kind and reachability", tag: "meta", access: "public", action: "health.read" },
  { method: "GET", path: "/api/openapi.json", summary: "This API's OpenAPI 3.1 description", tag: "meta", access: "public", action: "openapi.read" },
  { method: "GET", path: "/api/me", summary: "The caller: user, role and how they authenticated", tag: "auth", access: "any", action: "me.read" },
  { method: "GET", path: "/api/tokens", summary: "The caller's API tokens (never the secret)", tag: "auth", access: "any", action: "token.list" },
  { method: "POST", path: "/api/tokens", summary: "Create an API token for the caller; the secret is shown once", tag: "auth", access: "any", action: "token.create", sessionOnly: true, body: CreateApiTokenSchema },
  { method: "DELETE", path: "/api/tokens/{id}", summary: "Revoke one of the caller's API tokens", tag: "auth", access: "any", action: "token.revoke" },
  { method: "GET", path: "/api/users", summary: "All users", tag: "users", access: ADMIN, action: "user.list" },
  { method: "POST", path: "/api/users", summary: "Create a user", tag: "users", access: ADMIN, action: "user.create", body: CreateUserSchema },
  { method: "PATCH", path: "/api/users/{id}", summary: "Rename, change role, disable or enable a user", tag: "users", access: ADMIN, action: "user.update", body: UpdateUserSchema },
  { method: "GET", path: "/api/audit", summary: "The audit log, newest first", tag: "audit", access: ADMIN, action: "audit.list", query: AuditQuerySchema },
  { method: "GET", path: "/api/gamedays", summary: "Game days the caller takes part in (admins: all)", tag: "gamedays", access: "any", action: "gameday.list" },
  { method: "POST", path: "/api/gamedays", summary: "Plan a new game day; the caller becomes its facilitator", tag: "gamedays", access: FACILITATORS, action: "gameday.create", body: CreateGameDaySchema },
  { method: "POST", path: "/api/gamedays/join", summary: "Join a game day with its join code", tag: "gamedays", access: "any", action: "gameday.join", body: JoinGameDaySchema },
  { method: "GET", path: "/api/gamedays/{id}", summary: "One game day with its teams and participants", tag: "gamedays", access: "any", action: "gameday.read" },
  {
    method: "GET",
    path: "/api/gamedays/{id}/stream",
    summary: "Server-sent events: metrics, alarms, fleet, traces, runs and the timeline of a game day, live (resume with Last-Event-ID)",
    tag: "live",
    access: "any",
    action: "gameday.stream",
    produces: ["text/event-stream"],
  },
] as const satisfies readonly RouteSpec[];

export type RouteKey = `${(typeof ROUTES)[number]["method"]} ${(typeof ROUTES)[number]["path"]}`;

export function routeSpec(key: RouteKey): RouteSpec {
  const spec = (ROUTES as readonly RouteSpec[]).find((entry) => `${entry.method} ${entry.path}` === key);
  if (!spec) throw new Error(`Route ${key} is not in the route catalog`);
  return spec;
}
