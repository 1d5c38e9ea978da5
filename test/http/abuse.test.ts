/**
 * Abuse over real HTTP against `next start`, property-based: for every route in the catalog
 * that takes input, fast-check generates garbage by construction (wrong types, missing and
 * unknown fields, bodies of a megabyte, text beyond every limit, NUL and lone surrogates,
 * absurd numbers, SQL and markup, malformed ids) and every answer must be a 4xx in the API's
 * error shape whose message says what to fix, with nothing written, exactly one audit row
 * for a state-changing call, and no markup echoed back. Then the same across tenants: the
 * ids of another game day, in the path or in a body, are refused. Then every console page
 * with hostile query strings and path ids: never a 5xx, never the payload unescaped.
 *
 * A failure prints fast-check's seed and path; rerun with ABUSE_SEED=<seed> to replay it.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { routeSpecs } from "@/test/routes";
import type { RouteSpec } from "@/lib/api/route-catalog";
import { errorOf, expectOk, http, type HttpAnswer, type HttpOptions, type HttpUser } from "./client";
import { auditRowsOf, buildWorld, domainRowCounts, type World } from "./world";
import { HOSTILE_STRINGS, SCRIPT_PAYLOADS, UNSTORABLE_STRINGS, hostileId, hostileString, spoiledBody, type Body, type SpoiledBody } from "./abuse-inputs";

const SEED = Number(process.env.ABUSE_SEED ?? 20261206);
/** Runs per route and property: the file stays around a minute and a half on two busy cores. */
const RUNS = Number(process.env.ABUSE_RUNS ?? 8);

const GENERIC_500 = "Something went wrong on the server; the error was logged.";

function assertProperty<T>(arbitrary: fc.Arbitrary<T>, predicate: (value: T) => Promise<void>, numRuns = RUNS): Promise<void> {
  return fc.assert(fc.asyncProperty(arbitrary, predicate), { seed: SEED, numRuns, endOnFailure: true, verbose: 1 });
}

const keyOf = (spec: RouteSpec) => `${spec.method} ${spec.path}`;

/** Every answer to garbage: a 4xx in the API's shape, a message a person can act on, no markup echoed. */
function expectHelpfulRefusal(answer: HttpAnswer, what: string): { code: string; message: string } {
  expect(answer.status, `${what} answered ${answer.status}: ${answer.text.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
  expect(answer.status, `${what} answered ${answer.status}: ${answer.text.slice(0, 300)}`).toBeLessThan(500);
  const error = errorOf(answer);
  expect(error.message).not.toBe(GENERIC_500);
  expect(error.message.length, `${what}: "${error.message}" does not say what to fix`).toBeGreaterThanOrEqual(15);
  expectNoMarkupEchoed(answer, what);
  return error;
}

/** An API answer is JSON: no markup at all may appear in it as is (the console writes `<` as \u003c). */
function expectNoMarkupEchoed(answer: HttpAnswer, what: string): void {
  expectNoPayloadEchoed(answer, what);
  expect(answer.text.toLowerCase().includes("<script"), `${what} echoed a script tag`).toBe(false);
}

/** A page has its own scripts; what must never appear is a payload as markup, or a javascript: link. */
function expectNoPayloadEchoed(answer: HttpAnswer, what: string): void {
  for (const payload of SCRIPT_PAYLOADS.filter((candidate) => candidate.includes("<"))) expect(answer.text.includes(payload), `${what} echoed ${payload}`).toBe(false);
  // Inside a real tag only: the page's own data (JSON in its scripts) may quote the text harmlessly.
  expect(/<[a-z][^<>]*\s(?:href|src|action|formaction)\s*=\s*["']?\s*javascript:/i.test(answer.text), `${what} has a javascript: link`).toBe(false);
}

async function expectNothingWritten(before: Awaited<ReturnType<typeof domainRowCounts>>, what: string): Promise<void> {
  expect(await domainRowCounts(), `${what} wrote to a domain table`).toEqual(before);
}

async function expectAuditedOnce(method: string, answer: HttpAnswer, what: string): Promise<void> {
  const rows = await auditRowsOf(answer.userAgent);
  if (method === "GET") expect(rows, `${what} is a read`).toHaveLength(0);
  else expect(rows.map((row) => row.details), `${what} must leave one audit row`).toEqual([expect.objectContaining({ method, status: answer.status })]);
}

describe("abuse over HTTP", () => {
  let world: World;
  let other: World;
  let runId = "";
  let otherTimelineId = "";
  const valid: Record<string, Body> = {};

  function pathOf(spec: RouteSpec, id: string): string {
    return spec.path.replace("{id}", encodeURIComponent(id));
  }

  /** The world's own row each route acts on, so garbage is the only thing wrong with a call. */
  function ownIdFor(spec: RouteSpec): string {
    if (spec.path.startsWith("/api/runs/")) return runId;
    if (spec.path.startsWith("/api/teams/")) return world.teamId;
    if (spec.path.startsWith("/api/users/")) return world.bystander.id;
    if (spec.path.startsWith("/api/tokens/")) return world.bystanderTokenId;
    return world.gameDayId;
  }

  /** Admins reach every route but the trainees' own; those are called as the world's trainee. */
  function callerFor(spec: RouteSpec): HttpUser {
    return spec.access === "any" || spec.access === "public" || spec.access.includes("admin") ? world.users.admin : world.users.trainee;
  }

  async function call(spec: RouteSpec, path: string, options: HttpOptions, what: string, caller = callerFor(spec)): Promise<HttpAnswer> {
    const before = await domainRowCounts();
    const answer = await http(spec.method, path, { ...options, cookie: caller.cookie });
    expectHelpfulRefusal(answer, what);
    await expectNothingWritten(before, what);
    await expectAuditedOnce(spec.method, answer, what);
    return answer;
  }

  beforeAll(async () => {
    world = await buildWorld("Abuse");
    other = await buildWorld("Abuse other");
    const facilitator = world.users.facilitator.cookie;
    expectOk(await http("POST", `/api/gamedays/${world.gameDayId}/start`, { cookie: facilitator }));
    const launched = await http("POST", `/api/gamedays/${world.gameDayId}/runs`, {
      cookie: facilitator,
      body: { scenarioId: "waf-misblock", durationSeconds: 60, idempotencyKey: "abuse-http-run", confirmBlastRadius: true },
    });
    runId = z.object({ run: z.object({ id: z.string() }) }).parse(expectOk(launched)).run.id;
    expectOk(await http("POST", `/api/gamedays/${other.gameDayId}/start`, { cookie: other.users.facilitator.cookie }));
    const note = await http("POST", `/api/gamedays/${other.gameDayId}/timeline`, { cookie: other.users.trainee.cookie, body: { kind: "note", body: "the other game day's note" } });
    otherTimelineId = z.object({ event: z.object({ id: z.string() }) }).parse(expectOk(note)).event.id;

    Object.assign(valid, {
      "POST /api/tokens": { name: "abuse token" },
      "POST /api/users": { email: "abuse-valid@example.test", name: "Abuse user", role: "observer", password: "a long enough password" },
      "PATCH /api/users/{id}": { name: "Renamed by abuse" },
      "POST /api/gamedays": { title: "Abuse game day", environment: "local" },
      "POST /api/gamedays/join": { code: world.joinCode },
      "PATCH /api/gamedays/{id}": { title: "Renamed game day" },
      "POST /api/gamedays/{id}/teams": { name: "Green" },
      "POST /api/gamedays/{id}/participants": { email: world.bystander.email, role: "observer" },
      "POST /api/gamedays/{id}/scenarios": { scenarioId: "cpu-stress" },
      "POST /api/gamedays/{id}/runs": { scenarioId: "cpu-stress", idempotencyKey: "abuse-valid-0001", confirmBlastRadius: true },
      "POST /api/runs/{id}/stop": { reason: "abuse check" },
      "POST /api/gamedays/{id}/halt": { reason: "abuse check" },
      "POST /api/gamedays/{id}/halt/lift": { reason: "all clear" },
      "POST /api/gamedays/{id}/remediations": { action: { type: "scale-service", service: "api", desiredCount: 2 }, note: "abuse check" },
      "POST /api/gamedays/{id}/timeline": { kind: "note", body: "abuse note" },
      "PATCH /api/teams/{id}": { remediationAllowed: true },
      "POST /api/gamedays/{id}/runbook": { runbookId: "cpu-stress" },
      "POST /api/gamedays/{id}/runbook/steps": { runbookId: "cpu-stress", stepId: "diagnose-cpu", status: "done" },
      "POST /api/runs/{id}/score/decisions": { teamId: world.teamId, capability: "detect", rating: "S", reason: "abuse check of a rating" },
      "POST /api/runs/{id}/score/total": { teamId: world.teamId, total: 50, reason: "abuse check of a total" },
      "PATCH /api/gamedays/{id}/report": { summary: "Abuse summary" },
    });
  });

  afterAll(async () => {
    if (runId) await http("POST", `/api/runs/${runId}/stop`, { cookie: world.users.facilitator.cookie, body: { reason: "abuse suite done" } });
  });

  it("has a valid body to spoil for every route that takes one", () => {
    for (const spec of routeSpecs.filter((candidate) => candidate.body)) {
      const body = valid[keyOf(spec)];
      expect(body, keyOf(spec)).toBeDefined();
      expect(spec.body?.safeParse(body).success, `${keyOf(spec)}: the valid body no longer parses`).toBe(true);
    }
  });

  describe("spoiled JSON bodies", () => {
    for (const spec of routeSpecs.filter((candidate) => candidate.body)) {
      it(`${keyOf(spec)} refuses every spoiled body`, async () => {
        const base = valid[keyOf(spec)] ?? {};
        const required = Object.keys(base).filter((field) => !spec.body?.safeParse(Object.fromEntries(Object.entries(base).filter(([key]) => key !== field))).success);
        await assertProperty(spoiledBody(base, required), async (spoiled: SpoiledBody) => {
          const what = `${keyOf(spec)} with ${spoiled.how}`;
          const answer = await call(spec, pathOf(spec, ownIdFor(spec)), { body: spoiled.body, rawBody: spoiled.rawBody, contentType: spoiled.contentType }, what);
          const error = errorOf(answer);
          if (answer.status === 422 && spoiled.field) expect(error.message, `${what}: the message should name the field`).toContain(spoiled.field);
          if (spoiled.how.includes("byte body")) expect(answer.status, what).toBe(413);
        });
      }, 120_000);
    }
  });

  describe("hostile path ids", () => {
    for (const spec of routeSpecs.filter((candidate) => candidate.path.includes("{id}"))) {
      it(`${keyOf(spec)} answers a hostile id with 404 and writes nothing`, async () => {
        const base = valid[keyOf(spec)];
        await assertProperty(hostileId, async (id) => {
          const what = `${keyOf(spec)} with id ${JSON.stringify(id).slice(0, 80)}`;
          const answer = await call(spec, pathOf(spec, id), base ? { body: base } : {}, what);
          expect(answer.status, what).toBe(404);
        });
      }, 120_000);
    }
  });

  describe("hostile query strings", () => {
    const INVALID_NUMBERS = ["-1", "0", "1e999", "NaN", "Infinity", "1.5", "99999999999999999999", "abc", ...SCRIPT_PAYLOADS, "1; DROP TABLE x"];
    const GARBAGE_QUERIES: Record<string, fc.Arbitrary<Record<string, string>>> = {
      "GET /api/audit": fc.oneof(
        fc.constantFrom(...INVALID_NUMBERS).map((limit) => ({ limit })),
        fc.constantFrom("abc", "1.5", "NaN", "1e3", ...SCRIPT_PAYLOADS, "' OR 1=1 --").map((before) => ({ before })),
        hostileString.map((text) => ({ actorId: text.padEnd(65, "x") })),
      ),
      "GET /api/gamedays/{id}/timeline": fc.oneof(fc.constantFrom(...INVALID_NUMBERS).map((limit) => ({ limit })), hostileString.map((after) => ({ after: `${after}x` }))),
      "GET /api/gamedays/{id}/stream": fc.oneof(fc.constantFrom(...INVALID_NUMBERS).map((window) => ({ window })), hostileString.map((after) => ({ after: `${after}x` }))),
      "GET /api/gamedays/{id}/report": fc.oneof(
        fc.constantFrom(...INVALID_NUMBERS).map((version) => ({ version })),
        hostileString.map((format) => ({ format: `${format}x` })),
        hostileString.map((draft) => ({ draft: `${draft}x` })),
      ),
    };
    for (const spec of routeSpecs.filter((candidate) => candidate.query)) {
      it(`${keyOf(spec)} refuses garbage and unknown parameters with 422`, async () => {
        const garbage = GARBAGE_QUERIES[keyOf(spec)];
        expect(garbage, `no garbage for ${keyOf(spec)}`).toBeDefined();
        const queries = fc.oneof(
          garbage ?? fc.constant({}),
          fc.tuple(hostileString, hostileString).map(([name, value]) => ({ [`x${name}`]: value })),
          fc.constantFrom(...UNSTORABLE_STRINGS.filter((text) => !/[\uD800-\uDFFF]/.test(text))).map((text) => ({ after: text })),
        );
        await assertProperty(queries, async (query) => {
          const what = `${keyOf(spec)}?${new URLSearchParams(query).toString().slice(0, 120)}`;
          const answer = await call(spec, pathOf(spec, ownIdFor(spec)), { query }, what);
          expect(answer.status, what).toBe(422);
        });
      }, 120_000);
    }
  });

  describe("another game day's things", () => {
    /** Calls a member of the first game day makes on the second one's rows: all must be refused. */
    const FOREIGN_CALLS = [
      "GET /api/gamedays/{id}",
      "PATCH /api/gamedays/{id}",
      "POST /api/gamedays/{id}/teams",
      "POST /api/gamedays/{id}/participants",
      "GET /api/gamedays/{id}/scenarios",
      "POST /api/gamedays/{id}/scenarios",
      "POST /api/gamedays/{id}/preflight",
      "GET /api/gamedays/{id}/runs",
      "POST /api/gamedays/{id}/halt",
      "POST /api/gamedays/{id}/remediations",
      "GET /api/gamedays/{id}/timeline",
      "POST /api/gamedays/{id}/timeline",
      "POST /api/gamedays/{id}/runbook",
      "POST /api/gamedays/{id}/runbook/steps",
      "GET /api/gamedays/{id}/stream",
      "GET /api/gamedays/{id}/scores",
      "POST /api/gamedays/{id}/scores/reveal",
      "GET /api/gamedays/{id}/report",
      "PATCH /api/gamedays/{id}/report",
      "GET /api/gamedays/{id}/report/versions",
      "PATCH /api/teams/{id}",
      "GET /api/teams/{id}/history",
    ];

    it("a facilitator, trainee or observer of one game day can neither read nor change another's", async () => {
      for (const key of FOREIGN_CALLS) {
        const spec = routeSpecs.find((candidate) => keyOf(candidate) === key);
        if (!spec) throw new Error(`${key} is not in the catalog`);
        for (const role of ["facilitator", "trainee", "observer"] as const) {
          const id = spec.path.startsWith("/api/teams/") ? other.teamId : other.gameDayId;
          const what = `${role} of the first game day: ${key} on the second`;
          const answer = await call(spec, pathOf(spec, id), valid[key] ? { body: valid[key] } : {}, what, world.users[role]);
          expect([403, 404], `${what}: ${answer.text.slice(0, 200)}`).toContain(answer.status);
        }
      }
    }, 180_000);

    it("a body naming another game day's team or timeline entry is refused", async () => {
      const spec = (key: string) => {
        const found = routeSpecs.find((candidate) => keyOf(candidate) === key);
        if (!found) throw new Error(`${key} left the catalog`);
        return found;
      };
      const cases: [RouteSpec, string, Body, HttpUser][] = [
        [spec("POST /api/runs/{id}/score/decisions"), runId, { ...valid["POST /api/runs/{id}/score/decisions"], teamId: other.teamId }, world.users.facilitator],
        [spec("POST /api/runs/{id}/score/total"), runId, { ...valid["POST /api/runs/{id}/score/total"], teamId: other.teamId }, world.users.facilitator],
        [spec("PATCH /api/gamedays/{id}/report"), world.gameDayId, { starred: [otherTimelineId] }, world.users.facilitator],
        [spec("POST /api/gamedays/{id}/timeline"), world.gameDayId, { kind: "note", body: "a correction of another game day's entry", correctsId: otherTimelineId }, world.users.trainee],
      ];
      for (const [route, id, body, caller] of cases) {
        const what = `${keyOf(route)} naming another game day's row: ${JSON.stringify(body).slice(0, 100)}`;
        const answer = await call(route, pathOf(route, id), { body }, what, caller);
        expect([404, 422], what).toContain(answer.status);
      }
    }, 120_000);
  });

  describe("text the database cannot store", () => {
    it("a NUL or a lone surrogate in any text field of any body is refused with 422 naming the field", async () => {
      for (const route of routeSpecs.filter((candidate) => candidate.body)) {
        const base = valid[keyOf(route)] ?? {};
        const field = Object.keys(base).find((name) => typeof base[name] === "string");
        if (!field) continue;
        for (const text of ["a\u0000b", "lone \uD800"]) {
          const what = `${keyOf(route)} with ${JSON.stringify(text)} in ${field}`;
          const answer = await call(route, pathOf(route, ownIdFor(route)), { body: { ...base, [field]: `${String(base[field])}${text}` } }, what);
          expect(answer.status, what).toBe(422);
          expect(errorOf(answer).message, what).toContain(field);
        }
      }
    }, 120_000);

    it("a NUL in a path id is answered 404 and its refusal is still audited", async () => {
      for (const route of routeSpecs.filter((candidate) => candidate.path.includes("{id}") && candidate.method !== "GET")) {
        const answer = await call(route, pathOf(route, "a\u0000b"), valid[keyOf(route)] ? { body: valid[keyOf(route)] } : {}, `${keyOf(route)} with a NUL id`);
        expect(answer.status).toBe(404);
      }
    }, 120_000);
  });

  describe("console pages", () => {
    const PAGES = ["/", "/join", "/settings/tokens", "/admin/users", "/admin/audit", "/gamedays/{id}", "/gamedays/{id}/report", "/gamedays/{id}/scoring", "/teams/{id}", "/signin"];

    async function getPage(path: string, cookie: string): Promise<HttpAnswer> {
      return http("GET", path, { cookie });
    }

    function expectSafePage(answer: HttpAnswer, what: string): void {
      expect(answer.status, `${what} answered ${answer.status}`).toBeLessThan(500);
      expectNoPayloadEchoed(answer, what);
    }

    it("never echo a hostile query string unescaped, never answer 5xx", async () => {
      const query = fc.dictionary(fc.constantFrom("denied", "version", "callbackUrl", "error", "tab", "q", "after"), fc.constantFrom(...HOSTILE_STRINGS, ...SCRIPT_PAYLOADS.map((payload) => `/${payload}`)), { minKeys: 1, maxKeys: 3 });
      await assertProperty(
        fc.tuple(fc.constantFrom(...PAGES), query),
        async ([page, params]) => {
          const path = page.replace("{id}", page.startsWith("/teams") ? world.teamId : world.gameDayId);
          const answer = await getPage(`${path}?${new URLSearchParams(params).toString()}`, world.users.admin.cookie);
          expectSafePage(answer, `${path} with ${JSON.stringify(params).slice(0, 120)}`);
        },
        PAGES.length * 3,
      );
    }, 180_000);

    it("answer a hostile path id with a page that is not found, never 5xx, never the payload", async () => {
      const withId = PAGES.filter((page) => page.includes("{id}"));
      await assertProperty(
        fc.tuple(fc.constantFrom(...withId), hostileId),
        async ([page, id]) => {
          const path = page.replace("{id}", encodeURIComponent(id));
          const answer = await getPage(path, world.users.admin.cookie);
          expectSafePage(answer, `${path.slice(0, 120)}`);
          expect(answer.status, `${path} answered ${answer.status}`).toBe(404);
          expect(answer.text, `${path} did not show the not-found page`).toContain("This page could not be found");
        },
        withId.length * 4,
      );
    }, 180_000);

    it("the sign-in page sends a signed-in person back only to the console itself", async () => {
      const offsite = ["//evil.example/", "/\\evil.example/", "/\\/evil.example", "https://evil.example/", "/%5Cevil.example", "\\\\evil.example", "/\t/evil.example", "javascript:alert(1)"];
      await assertProperty(fc.constantFrom(...offsite), async (callbackUrl) => {
        const answer = await http("GET", `/signin?${new URLSearchParams({ callbackUrl }).toString()}`, { cookie: world.users.admin.cookie });
        expect(answer.status, answer.text.slice(0, 200)).toBeLessThan(400);
        const location = answer.headers.get("location");
        if (location) expect(new URL(location, "http://console.invalid").host, `callbackUrl ${callbackUrl} led to ${location}`).toMatch(/^(console\.invalid|127\.0\.0\.1:\d+)$/);
      }, offsite.length * 2);
    }, 60_000);
  });
});
