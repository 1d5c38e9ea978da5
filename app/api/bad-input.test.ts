/**
 * Bad input on every route that takes input: a 4xx with a message that says what to fix,
 * never a 500, and nothing written (only the audit row recording the refused call).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { callRoute, createTestUser, errorOf, type CallOptions, type TestUser } from "@/test/fixtures";
import { useTestDatabase } from "@/test/database";
import { loadHandler, routeSpecs } from "@/test/routes";

useTestDatabase();

async function domainRowCounts() {
  const client = db();
  return {
    users: await client.user.count(),
    sessions: await client.session.count(),
    tokens: await client.apiToken.count(),
    gameDays: await client.gameDay.count(),
    teams: await client.team.count(),
    participants: await client.participant.count(),
    runs: await client.run.count(),
    timeline: await client.timelineEvent.count(),
  };
}

const UNKNOWN_ID = "c".repeat(25);

interface BadCase {
  name: string;
  options: CallOptions;
  status: number;
  message: RegExp;
}

/** Cases every JSON-body route must refuse. */
const COMMON_BODY_CASES: BadCase[] = [
  { name: "malformed JSON", options: { rawBody: "{not json" }, status: 400, message: /not valid JSON/ },
  { name: "empty body", options: { rawBody: "" , contentType: "application/json" }, status: 400, message: /empty/ },
  { name: "form-encoded body", options: { rawBody: "a=b", contentType: "application/x-www-form-urlencoded" }, status: 415, message: /JSON/ },
  { name: "a JSON array", options: { body: [] }, status: 422, message: /Invalid input/ },
  { name: "an oversized body", options: { body: { title: "x".repeat(70 * 1024) } }, status: 413, message: /at most 64 KB/ },
];

const ROUTE_CASES: Record<string, BadCase[]> = {
  "POST /api/tokens": [
    { name: "missing name", options: { body: {} }, status: 422, message: /name/ },
    { name: "expiry out of range", options: { body: { name: "x", expiresInDays: 9999 } }, status: 422, message: /expiresInDays must be at most 365/ },
    { name: "unknown field", options: { body: { name: "x", scope: "all" } }, status: 422, message: /scope|Unrecognized/i },
  ],
  "POST /api/users": [
    { name: "short password", options: { body: { email: "new@example.test", name: "New", role: "trainee", password: "short" } }, status: 422, message: /at least 12 characters/ },
    { name: "bad email", options: { body: { email: "not-an-email", name: "New", role: "trainee", password: "long enough password" } }, status: 422, message: /email/ },
    { name: "unknown role", options: { body: { email: "new@example.test", name: "New", role: "root", password: "long enough password" } }, status: 422, message: /role must be one of/ },
  ],
  "PATCH /api/users/{id}": [
    { name: "nothing to change", options: { params: { id: "TARGET" }, body: {} }, status: 422, message: /at least one/ },
    { name: "unknown user", options: { params: { id: UNKNOWN_ID }, body: { name: "x" } }, status: 404, message: /No user/ },
    { name: "malformed id", options: { params: { id: "../../etc" }, body: { name: "x" } }, status: 404, message: /malformed/ },
  ],
  "POST /api/gamedays": [
    { name: "missing title", options: { body: { environment: "local" } }, status: 422, message: /title/ },
    { name: "bad environment", options: { body: { title: "Valid title", environment: "gcp" } }, status: 422, message: /environment must be 'local' or 'aws'/ },
    { name: "duplicate teams", options: { body: { title: "Valid title", environment: "local", teams: ["Red", "red"] } }, status: 422, message: /unique/ },
    { name: "bad schedule", options: { body: { title: "Valid title", environment: "local", scheduledFor: "tomorrow" } }, status: 422, message: /ISO 8601/ },
  ],
  "POST /api/gamedays/join": [
    { name: "malformed code", options: { body: { code: "12" } }, status: 422, message: /6-character join code/ },
    { name: "unknown code", options: { body: { code: "ZZZZZZ" } }, status: 404, message: /No game day has that join code/ },
  ],
  "GET /api/gamedays/{id}": [
    { name: "unknown id", options: { params: { id: UNKNOWN_ID } }, status: 404, message: /No game day/ },
    { name: "malformed id", options: { params: { id: "DROP TABLE" } }, status: 404, message: /malformed/ },
  ],
  "DELETE /api/tokens/{id}": [{ name: "unknown id", options: { params: { id: UNKNOWN_ID } }, status: 404, message: /No API token/ }],
  "GET /api/audit": [
    { name: "limit not a number", options: { query: { limit: "lots" } }, status: 422, message: /limit/ },
    { name: "unknown filter", options: { query: { sort: "asc" } }, status: 422, message: /sort|Unrecognized/i },
  ],
};

describe("bad input", () => {
  let admin: TestUser;
  let targetId: string;

  beforeAll(async () => {
    admin = await createTestUser("admin");
    targetId = (await createTestUser("trainee")).id;
  });

  it("has cases for every route that takes a body, path id or query", () => {
    const takesInput = routeSpecs.filter((spec) => spec.body || spec.query || spec.path.includes("{"));
    for (const spec of takesInput) expect(ROUTE_CASES[`${spec.method} ${spec.path}`], `${spec.method} ${spec.path}`).toBeDefined();
  });

  for (const spec of routeSpecs) {
    const key = `${spec.method} ${spec.path}`;
    const cases = [...(spec.body ? COMMON_BODY_CASES : []), ...(ROUTE_CASES[key] ?? [])];
    if (cases.length === 0) continue;
    describe(key, () => {
      for (const badCase of cases) {
        it(`refuses ${badCase.name} with ${badCase.status} and writes nothing`, async () => {
          const handler = await loadHandler(spec);
          const defaultParams: Record<string, string> = spec.path.includes("{id}") ? { id: "TARGET" } : {};
          const params: Record<string, string> = Object.fromEntries(
            Object.entries(badCase.options.params ?? defaultParams).map(([name, value]) => [name, value === "TARGET" ? targetId : value]),
          );
          const path = spec.path.replace(/\{(\w+)\}/g, (_match, name: string) => encodeURIComponent(params[name] ?? ""));
          const before = await domainRowCounts();
          const response = await callRoute(handler, spec.method, path, { ...badCase.options, params, cookie: admin.cookie });
          expect(response.status, response.text).toBe(badCase.status);
          expect(errorOf(response.json).message).toMatch(badCase.message);
          expect(await domainRowCounts()).toEqual(before);
        });
      }
    });
  }

  it("records refused state-changing calls in the audit log", async () => {
    const handler = await loadHandler({ method: "POST", path: "/api/gamedays" });
    await callRoute(handler, "POST", "/api/gamedays", { cookie: admin.cookie, body: { environment: "local" } });
    const row = await db().auditLog.findFirstOrThrow({ where: { action: "gameday.create", actorId: admin.id }, orderBy: { id: "desc" } });
    expect(row.details).toMatchObject({ status: 422, method: "POST" });
    expect(row.ip).toBe("127.0.0.1");
  });
});
