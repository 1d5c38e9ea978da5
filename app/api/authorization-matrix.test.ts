/**
 * Calls every route with every role, with an API token, and with no credentials, and checks
 * each answer against the access policy written out below (independently of the route
 * catalog the handlers read, so a change to either shows up here).
 */
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import type { Role } from "@/lib/auth/roles";
import { ALL_ROLES } from "@/lib/auth/roles";
import { db } from "@/lib/db/client";
import { apiTokenFor, callRoute, createTestUser, errorOf, type CallOptions, type TestUser } from "@/test/fixtures";
import { useTestDatabase } from "@/test/database";
import { loadHandler, routeFileOf, routeFilesOnDisk, routeSpecs } from "@/test/routes";

useTestDatabase();

type Policy = "public" | "any" | readonly Role[];

const POLICY: Record<string, Policy> = {
  "GET /api/health": "public",
  "GET /api/openapi.json": "public",
  "GET /api/me": "any",
  "GET /api/tokens": "any",
  "POST /api/tokens": "any",
  "DELETE /api/tokens/{id}": "any",
  "GET /api/users": ["admin"],
  "POST /api/users": ["admin"],
  "PATCH /api/users/{id}": ["admin"],
  "GET /api/audit": ["admin"],
  "GET /api/gamedays": "any",
  "POST /api/gamedays": ["admin", "facilitator"],
  "POST /api/gamedays/join": "any",
  "GET /api/gamedays/{id}": "any",
  "GET /api/gamedays/{id}/stream": "any",
  "PATCH /api/gamedays/{id}": ["admin", "facilitator"],
  "POST /api/gamedays/{id}/start": ["admin", "facilitator"],
  "POST /api/gamedays/{id}/end": ["admin", "facilitator"],
  "POST /api/gamedays/{id}/teams": ["admin", "facilitator"],
  "POST /api/gamedays/{id}/participants": ["admin", "facilitator"],
  "GET /api/gamedays/{id}/scenarios": "any",
  "POST /api/gamedays/{id}/scenarios": ["admin", "facilitator"],
  "DELETE /api/planned-scenarios/{id}": ["admin", "facilitator"],
  "POST /api/gamedays/{id}/preflight": ["admin", "facilitator"],
  "GET /api/gamedays/{id}/runs": "any",
  "POST /api/gamedays/{id}/runs": ["admin", "facilitator"],
  "GET /api/runs/{id}": "any",
  "POST /api/runs/{id}/stop": ["admin", "facilitator"],
  "POST /api/gamedays/{id}/halt": ["admin", "facilitator"],
  "POST /api/gamedays/{id}/halt/lift": ["admin", "facilitator"],
  "POST /api/gamedays/{id}/remediations": ["admin", "facilitator", "trainee"],
  "GET /api/gamedays/{id}/timeline": "any",
  "POST /api/gamedays/{id}/timeline": ["admin", "facilitator", "trainee"],
  "GET /api/scenarios": "any",
};

const SESSION_ONLY = new Set(["POST /api/tokens"]);

interface World {
  users: Record<Role, TestUser>;
  gameDayId: string;
  joinCode: string;
  bystanderId: string;
  tokenId: string;
}

let counter = 0;
function sample(key: string, world: World): CallOptions {
  counter += 1;
  switch (key) {
    case "POST /api/tokens":
      return { body: { name: `matrix ${counter}` } };
    case "DELETE /api/tokens/{id}":
      return { params: { id: world.tokenId } };
    case "POST /api/users":
      return { body: { email: `matrix-${counter}@example.test`, name: "Matrix user", role: "observer", password: "a long enough password" } };
    case "PATCH /api/users/{id}":
      return { params: { id: world.bystanderId }, body: { name: `Renamed ${counter}` } };
    case "POST /api/gamedays":
      return { body: { title: `Matrix game day ${counter}`, environment: "local" } };
    case "POST /api/gamedays/join":
      return { body: { code: world.joinCode } };
    case "GET /api/gamedays/{id}":
      return { params: { id: world.gameDayId } };
    default:
      return {};
  }
}

function pathOf(specPath: string, options: CallOptions): string {
  return specPath.replace(/\{(\w+)\}/g, (_match, name: string) => options.params?.[name] ?? "missing");
}

describe("authorisation matrix", () => {
  let world: World;

  beforeAll(async () => {
    const users = Object.fromEntries(await Promise.all(ALL_ROLES.map(async (role) => [role, await createTestUser(role)] as const))) as Record<Role, TestUser>;
    const bystander = await createTestUser("observer");
    const gameDay = await db().gameDay.create({
      data: {
        title: "Matrix",
        environment: "local",
        joinCode: "MATRX2",
        createdById: users.facilitator.id,
        participants: {
          create: [
            { userId: users.facilitator.id, role: "facilitator" },
            { userId: users.trainee.id, role: "trainee" },
            { userId: users.observer.id, role: "observer" },
          ],
        },
      },
    });
    const token = await db().apiToken.create({ data: { userId: bystander.id, name: "bystander", prefix: "gdc_xxxx", tokenHash: "0".repeat(64) } });
    world = { users, gameDayId: gameDay.id, joinCode: gameDay.joinCode, bystanderId: bystander.id, tokenId: token.id };
  });

  it("has a written policy for exactly the routes in the catalog", () => {
    expect(Object.keys(POLICY).sort()).toEqual(routeSpecs.map((spec) => `${spec.method} ${spec.path}`).sort());
  });

  it("covers every route file on disk, and every method each file exports", () => {
    const catalogFiles = new Set(routeSpecs.map((spec) => routeFileOf(spec.path)));
    for (const file of routeFilesOnDisk()) {
      expect(catalogFiles.has(file), `${file} is not in the route catalog`).toBe(true);
      const exported = [...readFileSync(file, "utf8").matchAll(/export const (GET|POST|PATCH|PUT|DELETE)\b/g)].map((match) => match[1]);
      const listed = routeSpecs.filter((spec) => routeFileOf(spec.path) === file).map((spec) => spec.method);
      expect(exported.sort()).toEqual([...listed].sort());
    }
  });

  for (const spec of routeSpecs) {
    const key = `${spec.method} ${spec.path}`;
    describe(key, () => {
      it("answers callers without credentials as the policy says", async () => {
        const handler = await loadHandler(spec);
        const options = sample(key, world);
        const response = await callRoute(handler, spec.method, pathOf(spec.path, options), options);
        if (POLICY[key] === "public") {
          expect(response.status).toBe(200);
        } else {
          expect(response.status).toBe(401);
          expect(errorOf(response.json).code).toBe("unauthorized");
        }
      });

      for (const role of ALL_ROLES) {
        it(`answers a ${role} as the policy says`, async () => {
          const handler = await loadHandler(spec);
          const options = sample(key, world);
          const response = await callRoute(handler, spec.method, pathOf(spec.path, options), { ...options, cookie: world.users[role].cookie });
          const policy = POLICY[key];
          const allowed = policy === "public" || policy === "any" || (policy?.includes(role) ?? false);
          if (allowed) {
            expect([401, 403], `${role} should be allowed: ${response.text}`).not.toContain(response.status);
            expect(response.status).toBeLessThan(500);
          } else {
            expect(response.status).toBe(403);
            expect(errorOf(response.json).message).toMatch(/role/);
          }
        });
      }

      if (POLICY[key] !== "public") {
        it(`answers an API token ${SESSION_ONLY.has(key) ? "with 403 (session only)" : "like its owner's session"}`, async () => {
          const handler = await loadHandler(spec);
          const owner = world.users.admin;
          const options = sample(key, world);
          const response = await callRoute(handler, spec.method, pathOf(spec.path, options), { ...options, bearer: await apiTokenFor(owner) });
          if (SESSION_ONLY.has(key)) expect(response.status).toBe(403);
          else expect([401, 403]).not.toContain(response.status);
        });
      }
    });
  }
});
