import "server-only";
import type { AuthedContext, PublicContext } from "./route";
import { withPublic, withRole } from "./route";
import { routeSpec, type RouteKey } from "./route-catalog";

/**
 * A route handler whose access rule comes from the route catalog:
 * `export const POST = route("POST /api/gamedays", async (ctx) => ...)`.
 */
export function route(key: RouteKey, handler: (context: AuthedContext) => Promise<Response>) {
  const spec = routeSpec(key);
  if (spec.access === "public") throw new Error(`${key} is public: use publicRoute()`);
  return withRole(spec.access, handler, { action: spec.action, sessionOnly: spec.sessionOnly });
}

export function publicRoute(key: RouteKey, handler: (context: PublicContext) => Promise<Response>) {
  if (routeSpec(key).access !== "public") throw new Error(`${key} is not public: use route()`);
  return withPublic(handler);
}
