import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { ROUTES, type RouteSpec } from "@/lib/api/route-catalog";

export const APP_DIR = path.resolve(import.meta.dirname, "../app");

/** `/api/gamedays/{id}` → `app/api/gamedays/[id]/route.ts` */
export function routeFileOf(apiPath: string): string {
  return path.join(APP_DIR, apiPath.replace(/\{(\w+)\}/g, "[$1]"), "route.ts");
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
