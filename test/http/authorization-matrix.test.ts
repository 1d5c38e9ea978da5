/**
 * Every route × every caller (no credentials, each role's browser session, an API token)
 * over real HTTP against `next start`, checked against the access policy written out below
 * (independently of the route catalog the handlers read, so a change to either shows up
 * here): the status, the API's error shape, never a 5xx, and for every state-changing call,
 * allowed or refused, exactly one audit row naming the caller and the answer.
 */
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { ALL_ROLES, type Role } from "@/lib/auth/roles";
import { routeFileOf, routeFilesOnDisk, routeSpecs } from "@/test/routes";
import { errorOf, http, type HttpAnswer, type HttpOptions } from "./client";
import { auditRowsOf, buildWorld, type World } from "./world";

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
  "PATCH /api/teams/{id}": ["admin", "facilitator"],
  "POST /api/gamedays/{id}/runbook": ["trainee"],
  "POST /api/gamedays/{id}/runbook/steps": ["trainee"],
  "GET /api/runs/{id}/score": "any",
  "POST /api/runs/{id}/score/decisions": ["admin", "facilitator"],
  "POST /api/runs/{id}/score/total": ["admin", "facilitator"],
  "GET /api/gamedays/{id}/scores": "any",
  "POST /api/gamedays/{id}/scores/reveal": ["admin", "facilitator"],
  "GET /api/teams/{id}/history": ["admin", "facilitator"],
  "GET /api/gamedays/{id}/report": "any",
  "PATCH /api/gamedays/{id}/report": ["admin", "facilitator"],
  "POST /api/gamedays/{id}/report/final": ["admin", "facilitator"],
  "GET /api/gamedays/{id}/report/versions": "any",
};

const SESSION_ONLY = new Set(["POST /api/tokens"]);
const READ_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

let counter = 0;

/** A request each route can take; ids point into the world so access is decided on real rows. */
function sample(key: string, world: World): { path: string; options: HttpOptions } {
  counter += 1;
  const ids: Record<string, string> = { id: world.gameDayId };
  let options: HttpOptions = {};
  switch (key) {
    case "POST /api/tokens":
      options = { body: { name: `matrix ${counter}` } };
      break;
    case "DELETE /api/tokens/{id}":
      ids.id = world.bystanderTokenId;
      break;
    case "POST /api/users":
      options = { body: { email: `matrix-${counter}-${Date.now()}@example.test`, name: "Matrix user", role: "observer", password: "a long enough password" } };
      break;
    case "PATCH /api/users/{id}":
      ids.id = world.bystander.id;
      options = { body: { name: `Renamed ${counter}` } };
      break;
    case "POST /api/gamedays":
      options = { body: { title: `Matrix game day ${counter}`, environment: "local" } };
      break;
    case "POST /api/gamedays/join":
      options = { body: { code: world.joinCode } };
      break;
    case "POST /api/runs/{id}/score/decisions":
      options = { body: { teamId: world.teamId, capability: "detect", rating: "S", reason: "matrix check of a rating decision" } };
      break;
    case "POST /api/runs/{id}/score/total":
      options = { body: { teamId: world.teamId, total: 50, reason: "matrix check of a total override" } };
      break;
    case "PATCH /api/teams/{id}":
      ids.id = world.teamId;
      options = { body: { remediationAllowed: true } };
      break;
    case "POST /api/gamedays/{id}/runbook":
      options = { body: { runbookId: "cpu-stress" } };
      break;
    case "POST /api/gamedays/{id}/runbook/steps":
      options = { body: { runbookId: "cpu-stress", stepId: "diagnose-cpu", status: "done" } };
      break;
    case "PATCH /api/gamedays/{id}/report":
      options = { body: { summary: `Matrix check ${counter} of the report's summary` } };
      break;
  }
  const spec = routeSpecs.find((candidate) => `${candidate.method} ${candidate.path}` === key);
  const path = (spec?.path ?? "").replace(/\{(\w+)\}/g, (_match, name: string) => encodeURIComponent(ids[name] ?? "missing"));
  return { path, options };
}

interface Caller {
  label: string;
  userId: string | null;
}

async function expectAudited(key: string, answer: HttpAnswer, caller: Caller): Promise<void> {
  const [method] = key.split(" ");
  const rows = await auditRowsOf(answer.userAgent);
  if (READ_METHODS.has(method ?? "")) {
    expect(rows, `${key} is a read: nothing to audit`).toHaveLength(0);
    return;
  }
  expect(rows, `${key} by ${caller.label} (${answer.status}) must leave exactly one audit row`).toHaveLength(1);
  const [row] = rows;
  expect(row?.actorId ?? null).toBe(caller.userId);
  expect(row?.details).toMatchObject({ method, status: answer.status });
}

function expectNoServerError(key: string, caller: Caller, answer: HttpAnswer): void {
  expect(answer.status, `${key} by ${caller.label} answered ${answer.status}: ${answer.text.slice(0, 300)}`).toBeLessThan(500);
  if (answer.status >= 400) errorOf(answer);
}

describe("authorisation matrix over HTTP", () => {
  let world: World;

  beforeAll(async () => {
    world = await buildWorld("Matrix");
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
      it("answers a caller without credentials as the policy says", async () => {
        const { path, options } = sample(key, world);
        const caller: Caller = { label: "no credentials", userId: null };
        const answer = await http(spec.method, path, options);
        expectNoServerError(key, caller, answer);
        if (POLICY[key] === "public") {
          expect(answer.status).toBe(200);
        } else {
          expect(answer.status).toBe(401);
          expect(errorOf(answer).code).toBe("unauthorized");
        }
        await expectAudited(key, answer, caller);
      });

      for (const role of ALL_ROLES) {
        it(`answers a ${role} as the policy says`, async () => {
          const { path, options } = sample(key, world);
          const user = world.users[role];
          const caller: Caller = { label: role, userId: user.id };
          const answer = await http(spec.method, path, { ...options, cookie: user.cookie });
          expectNoServerError(key, caller, answer);
          const policy = POLICY[key];
          const allowed = policy === "public" || policy === "any" || (policy?.includes(role) ?? false);
          if (allowed) {
            expect([401, 403], `${role} should be allowed: ${answer.text}`).not.toContain(answer.status);
          } else {
            expect(answer.status).toBe(403);
            expect(errorOf(answer).message).toMatch(/role/);
          }
          if (policy !== "public") await expectAudited(key, answer, caller);
        });
      }

      if (POLICY[key] !== "public") {
        it(`answers an API token ${SESSION_ONLY.has(key) ? "with 403 (session only)" : "like its owner's session"}`, async () => {
          const { path, options } = sample(key, world);
          // The admin's token, or the trainee's on the routes only trainees may call.
          const policy = POLICY[key];
          const asTrainee = Array.isArray(policy) && !policy.includes("admin");
          const caller: Caller = asTrainee ? { label: "trainee's API token", userId: world.users.trainee.id } : { label: "admin's API token", userId: world.users.admin.id };
          const answer = await http(spec.method, path, { ...options, bearer: asTrainee ? world.traineeToken : world.adminToken });
          expectNoServerError(key, caller, answer);
          if (SESSION_ONLY.has(key)) expect(answer.status).toBe(403);
          else expect([401, 403]).not.toContain(answer.status);
          await expectAudited(key, answer, caller);
        });
      }
    });
  }
});
