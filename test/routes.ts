import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import type { NextRouteContext } from "@/lib/api/route";
import { ROUTES, type RouteSpec } from "@/lib/api/route-catalog";

export const APP_DIR = path.resolve(import.meta.dirname, "../app");

type RouteHandler = (request: Request, context: NextRouteContext) => Promise<Response>;

/** `/api/gamedays/{id}` → `app/api/gamedays/[id]/route.ts` */
export function routeFileOf(apiPath: string): string {
  return path.join(APP_DIR, apiPath.replace(/\{(\w+)\}/g, "[$1]"), "route.ts");
}

export async function loadHandler(spec: Pick<RouteSpec, "method" | "path">): Promise<RouteHandler> {
  const routeModule = (await import(/* @vite-ignore */ routeFileOf(spec.path))) as Record<string, RouteHandler | undefined>;
  const handler = routeModule[spec.method];
  if (!handler) throw new Error(`${routeFileOf(spec.path)} does not export ${spec.method}`);
  return handler;
}

/** Every route.ts under app/api, except next-auth's own. */
export function routeFilesOnDisk(dir = path.join(APP_DIR, "api")): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) {
      if (entry === "[...nextauth]") continue;
      files.push(...routeFilesOnDisk(full));
    } else if (entry === "route.ts") files.push(full);
  }
  return files;
}

export const routeSpecs = ROUTES as readonly RouteSpec[];
