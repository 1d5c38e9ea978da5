/**
 * Bad input on every route that takes input, over real HTTP against `next start`: a 4xx in
 * the API's error shape with a message that says what to fix, never a 5xx, nothing written
 * to any domain table, and the refused call in the audit log.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { routeSpecs } from "@/test/routes";
import { errorOf, expectOk, http, type HttpOptions } from "./client";
import { auditRowsOf, buildWorld, domainRowCounts, type World } from "./world";

const UNKNOWN_ID = "c".repeat(25);

interface BadCase {
  name: string;
  options: HttpOptions & { params?: Record<string, string> };
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
    { name: "unknown lab pace", options: { body: { title: "Valid title", environment: "local", labPace: "slow" } }, status: 422, message: /labPace must be one of: realistic, fast/ },
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
  "PATCH /api/gamedays/{id}": [
    { name: "nothing to change", options: { params: { id: "GAMEDAY" }, body: {} }, status: 422, message: /at least one/ },
    { name: "unknown game day", options: { params: { id: UNKNOWN_ID }, body: { title: "Renamed day" } }, status: 404, message: /No game day/ },
    { name: "unknown lab pace", options: { params: { id: "GAMEDAY" }, body: { labPace: "ludicrous" } }, status: 422, message: /labPace must be one of: realistic, fast/ },
    { name: "team log sharing not a boolean", options: { params: { id: "GAMEDAY" }, body: { shareTeamLogs: "yes" } }, status: 422, message: /shareTeamLogs must be true or false/ },
  ],
  "POST /api/gamedays/{id}/start": [{ name: "unknown game day", options: { params: { id: UNKNOWN_ID } }, status: 404, message: /No game day/ }],
  "POST /api/gamedays/{id}/end": [{ name: "unknown game day", options: { params: { id: UNKNOWN_ID } }, status: 404, message: /No game day/ }],
  "POST /api/gamedays/{id}/teams": [
    { name: "blank team name", options: { params: { id: "GAMEDAY" }, body: { name: "  " } }, status: 422, message: /team names cannot be empty/ },
    { name: "unknown game day", options: { params: { id: UNKNOWN_ID }, body: { name: "Green" } }, status: 404, message: /No game day/ },
  ],
  "POST /api/gamedays/{id}/participants": [
    { name: "unknown role", options: { params: { id: "GAMEDAY" }, body: { email: "someone@example.test", role: "boss" } }, status: 422, message: /role/ },
    { name: "no such account", options: { params: { id: "GAMEDAY" }, body: { email: "nobody@example.test", role: "observer" } }, status: 422, message: /No active user has the email/ },
  ],
  "GET /api/gamedays/{id}/scenarios": [{ name: "unknown game day", options: { params: { id: UNKNOWN_ID } }, status: 404, message: /No game day/ }],
  "POST /api/gamedays/{id}/scenarios": [
    { name: "parameters beyond the limits", options: { params: { id: "GAMEDAY" }, body: { scenarioId: "network-latency", params: { delayMs: 5000 } } }, status: 422, message: /params\.delayMs: delayMs must be at most 2000 ms/ },
    { name: "an unknown scenario", options: { params: { id: "GAMEDAY" }, body: { scenarioId: "delete-prod" } }, status: 422, message: /Unknown scenarioId 'delete-prod'/ },
    { name: "an unbounded duration", options: { params: { id: "GAMEDAY" }, body: { scenarioId: "cpu-stress", durationSeconds: 86_400 } }, status: 422, message: /between 30 and 900/ },
  ],
  "DELETE /api/planned-scenarios/{id}": [{ name: "unknown planned scenario", options: { params: { id: UNKNOWN_ID } }, status: 404, message: /No planned scenario/ }],
  "POST /api/gamedays/{id}/preflight": [{ name: "unknown game day", options: { params: { id: UNKNOWN_ID } }, status: 404, message: /No game day/ }],
  "GET /api/gamedays/{id}/runs": [{ name: "unknown game day", options: { params: { id: UNKNOWN_ID } }, status: 404, message: /No game day/ }],
  "POST /api/gamedays/{id}/runs": [
    { name: "an unconfirmed blast radius", options: { params: { id: "GAMEDAY" }, body: { scenarioId: "cpu-stress", idempotencyKey: "launch-0001" } }, status: 422, message: /confirm the blast radius/ },
    { name: "a malformed idempotency key", options: { params: { id: "GAMEDAY" }, body: { scenarioId: "cpu-stress", idempotencyKey: "x", confirmBlastRadius: true } }, status: 422, message: /idempotencyKey must be 8–64/ },
    {
      name: "parameters beyond the limits",
      options: { params: { id: "GAMEDAY" }, body: { scenarioId: "ecs-task-termination", params: { percent: 150 }, idempotencyKey: "launch-0002", confirmBlastRadius: true } },
      status: 422,
      message: /params\.percent: percent must be at most 100/,
    },
  ],
  "GET /api/runs/{id}": [{ name: "unknown run", options: { params: { id: UNKNOWN_ID } }, status: 404, message: /No run/ }],
  "POST /api/runs/{id}/stop": [
    { name: "no reason", options: { params: { id: "RUN" }, body: {} }, status: 422, message: /reason is required/ },
    { name: "unknown run", options: { params: { id: UNKNOWN_ID }, body: { reason: "customers hurt" } }, status: 404, message: /No run/ },
  ],
  "POST /api/gamedays/{id}/halt": [
    { name: "a reason too short to explain", options: { params: { id: "GAMEDAY" }, body: { reason: "no" } }, status: 422, message: /reason must say why/ },
    { name: "the FIS safety lever on the local lab", options: { params: { id: "GAMEDAY" }, body: { reason: "runaway", engageSafetyLever: true } }, status: 422, message: /exists only in AWS/ },
  ],
  "POST /api/gamedays/{id}/halt/lift": [
    { name: "lifting a halt that is not engaged", options: { params: { id: "GAMEDAY" }, body: { reason: "all clear" } }, status: 409, message: /not halted/ },
    { name: "unknown game day", options: { params: { id: UNKNOWN_ID }, body: { reason: "all clear" } }, status: 404, message: /No game day/ },
  ],
  "POST /api/gamedays/{id}/remediations": [
    { name: "an unknown action", options: { params: { id: "GAMEDAY" }, body: { action: { type: "delete-cluster" } } }, status: 422, message: /action/ },
    { name: "scaling beyond the limit", options: { params: { id: "GAMEDAY" }, body: { action: { type: "scale-service", service: "api", desiredCount: 500 } } }, status: 422, message: /desiredCount/ },
  ],
  "GET /api/gamedays/{id}/timeline": [
    { name: "a cursor that is not an id", options: { params: { id: "GAMEDAY" }, query: { after: "yesterday" } }, status: 422, message: /after: must be a timeline event id/ },
    { name: "unknown game day", options: { params: { id: UNKNOWN_ID } }, status: 404, message: /No game day/ },
  ],
  "POST /api/gamedays/{id}/timeline": [
    { name: "an unknown kind", options: { params: { id: "GAMEDAY" }, body: { kind: "gossip", body: "hello" } }, status: 422, message: /kind must be one of/ },
    { name: "an empty entry", options: { params: { id: "GAMEDAY" }, body: { kind: "note", body: " " } }, status: 422, message: /body is required/ },
    { name: "an entryKey with spaces", options: { params: { id: "GAMEDAY" }, body: { kind: "note", body: "hello", entryKey: "my key" } }, status: 422, message: /entryKey must be 8 to 100 letters/ },
  ],
  "PATCH /api/teams/{id}": [
    { name: "a permission that is not a boolean", options: { params: { id: "TEAM" }, body: { remediationAllowed: "yes" } }, status: 422, message: /remediationAllowed must be true or false/ },
    { name: "an unknown team", options: { params: { id: UNKNOWN_ID }, body: { remediationAllowed: false } }, status: 404, message: /No team/ },
  ],
  "POST /api/gamedays/{id}/runbook": [
    { name: "an unknown runbook", options: { params: { id: "GAMEDAY" }, body: { runbookId: "fix-everything" } }, status: 422, message: /runbookId must be one of/ },
    { name: "an unknown game day", options: { params: { id: UNKNOWN_ID }, body: { runbookId: "cpu-stress" } }, status: 404, message: /No game day/ },
  ],
  "POST /api/gamedays/{id}/runbook/steps": [
    { name: "a step the runbook does not have", options: { params: { id: "GAMEDAY" }, body: { runbookId: "cpu-stress", stepId: "reboot-the-internet", status: "done" } }, status: 422, message: /has no step 'reboot-the-internet'/ },
    { name: "an unknown status", options: { params: { id: "GAMEDAY" }, body: { runbookId: "cpu-stress", stepId: "diagnose-cpu", status: "maybe" } }, status: 422, message: /status must be done, skipped or todo/ },
  ],
  "GET /api/gamedays/{id}/stream": [
    { name: "a metric window beyond an hour", options: { params: { id: "GAMEDAY" }, query: { window: "86400" } }, status: 422, message: /window must be at most 3600 seconds/ },
    { name: "unknown game day", options: { params: { id: UNKNOWN_ID } }, status: 404, message: /No game day/ },
  ],
  "GET /api/runs/{id}/score": [
    { name: "unknown run", options: { params: { id: UNKNOWN_ID } }, status: 404, message: /No run/ },
    { name: "malformed id", options: { params: { id: "not a run" } }, status: 404, message: /malformed/ },
  ],
  "POST /api/runs/{id}/score/decisions": [
    { name: "an unknown capability", options: { params: { id: "RUN" }, body: { teamId: UNKNOWN_ID, capability: "luck", rating: "P", reason: "they were lucky today" } }, status: 422, message: /capability must be one of/ },
    { name: "no reason", options: { params: { id: "RUN" }, body: { teamId: UNKNOWN_ID, capability: "detect", rating: "P" } }, status: 422, message: /reason is required/ },
    { name: "a rating outside P/S/M/U", options: { params: { id: "RUN" }, body: { teamId: UNKNOWN_ID, capability: "detect", rating: "A+", reason: "they were very good" } }, status: 422, message: /rating must be one of P, S, M, U/ },
    { name: "a team of no game day", options: { params: { id: "RUN" }, body: { teamId: UNKNOWN_ID, capability: "detect", rating: "P", reason: "they were very good" } }, status: 422, message: /teamId does not name a team/ },
    { name: "unknown run", options: { params: { id: UNKNOWN_ID }, body: { teamId: UNKNOWN_ID, capability: "detect", rating: "P", reason: "they were very good" } }, status: 404, message: /No run/ },
  ],
  "POST /api/runs/{id}/score/total": [
    { name: "a total above 100", options: { params: { id: "RUN" }, body: { teamId: UNKNOWN_ID, total: 150, reason: "they were very good" } }, status: 422, message: /total must be at most 100/ },
    { name: "a reason too short to explain", options: { params: { id: "RUN" }, body: { teamId: UNKNOWN_ID, total: 50, reason: "meh" } }, status: 422, message: /reason must say why/ },
    { name: "unknown run", options: { params: { id: UNKNOWN_ID }, body: { teamId: UNKNOWN_ID, total: 50, reason: "they were very good" } }, status: 404, message: /No run/ },
  ],
  "GET /api/gamedays/{id}/scores": [{ name: "unknown game day", options: { params: { id: UNKNOWN_ID } }, status: 404, message: /No game day/ }],
  "POST /api/gamedays/{id}/scores/reveal": [{ name: "unknown game day", options: { params: { id: UNKNOWN_ID } }, status: 404, message: /No game day/ }],
  "GET /api/teams/{id}/history": [
    { name: "unknown team", options: { params: { id: UNKNOWN_ID } }, status: 404, message: /No team/ },
    { name: "malformed id", options: { params: { id: "not a team" } }, status: 404, message: /malformed/ },
  ],
  "GET /api/gamedays/{id}/report": [
    { name: "an unknown format", options: { params: { id: "GAMEDAY" }, query: { format: "docx" } }, status: 422, message: /format must be one of: json, md, pdf/ },
    { name: "a version that is not a number", options: { params: { id: "GAMEDAY" }, query: { version: "latest" } }, status: 422, message: /version must be a whole number/ },
    { name: "a version below 1", options: { params: { id: "GAMEDAY" }, query: { version: "0" } }, status: 422, message: /version must be at least 1/ },
    { name: "an unknown query parameter", options: { params: { id: "GAMEDAY" }, query: { theme: "dark" } }, status: 422, message: /theme|Unrecognized/i },
    { name: "a version that was never made final", options: { params: { id: "GAMEDAY" }, query: { version: "7" } }, status: 404, message: /no version 7/ },
    { name: "unknown game day", options: { params: { id: UNKNOWN_ID } }, status: 404, message: /No game day/ },
    { name: "malformed id", options: { params: { id: "not a game day" } }, status: 404, message: /malformed/ },
  ],
  "PATCH /api/gamedays/{id}/report": [
    { name: "a starred entry that is not a timeline id", options: { params: { id: "GAMEDAY" }, body: { starred: ["first"] } }, status: 422, message: /starred entries are timeline event ids/ },
    { name: "an action item without an owner", options: { params: { id: "GAMEDAY" }, body: { actionItems: [{ issue: "Slow alarm", action: "Shorten its period" }] } }, status: 422, message: /owner is required/ },
    { name: "an action item due on no date", options: { params: { id: "GAMEDAY" }, body: { actionItems: [{ issue: "Slow alarm", action: "Shorten its period", owner: "Ops", due: "soon" }] } }, status: 422, message: /due must be a date/ },
    { name: "an unknown status", options: { params: { id: "GAMEDAY" }, body: { actionItems: [{ issue: "Slow alarm", action: "Shorten its period", owner: "Ops", status: "maybe" }] } }, status: 422, message: /status must be one of/ },
    { name: "unknown field", options: { params: { id: "GAMEDAY" }, body: { final: true } }, status: 422, message: /final|Unrecognized/i },
    { name: "unknown game day", options: { params: { id: UNKNOWN_ID }, body: { summary: "Words" } }, status: 404, message: /No game day/ },
  ],
  "POST /api/gamedays/{id}/report/final": [
    { name: "a game day that has not ended", options: { params: { id: "GAMEDAY" } }, status: 409, message: /once the game day has ended/ },
    { name: "unknown game day", options: { params: { id: UNKNOWN_ID } }, status: 404, message: /No game day/ },
  ],
  "GET /api/gamedays/{id}/report/versions": [{ name: "unknown game day", options: { params: { id: UNKNOWN_ID } }, status: 404, message: /No game day/ }],
};

const RunSchema = z.object({ run: z.object({ id: z.string() }) });

describe("bad input over HTTP", () => {
  let world: World;
  const placeholders: Record<string, string> = {};

  beforeAll(async () => {
    world = await buildWorld("Bad input");
    const facilitator = world.users.facilitator.cookie;
    placeholders.TARGET = world.users.trainee.id;
    placeholders.GAMEDAY = world.gameDayId;
    placeholders.TEAM = world.teamId;
    expectOk(await http("POST", `/api/gamedays/${world.gameDayId}/start`, { cookie: facilitator }));
    // A real run on the local lab, so the run routes refuse bad input about a row that exists.
    const launched = await http("POST", `/api/gamedays/${world.gameDayId}/runs`, {
      cookie: facilitator,
      body: { scenarioId: "waf-misblock", durationSeconds: 60, idempotencyKey: "bad-input-http-run", confirmBlastRadius: true },
    });
    placeholders.RUN = RunSchema.parse(expectOk(launched)).run.id;
  });

  afterAll(async () => {
    if (placeholders.RUN) await http("POST", `/api/runs/${placeholders.RUN}/stop`, { cookie: world.users.facilitator.cookie, body: { reason: "bad-input suite done" } });
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
        it(`refuses ${badCase.name} with ${badCase.status}, writes nothing and audits the refusal`, async () => {
          const defaultParams: Record<string, string> = spec.path.includes("{id}") ? { id: "TARGET" } : {};
          const params = Object.fromEntries(Object.entries(badCase.options.params ?? defaultParams).map(([name, value]) => [name, placeholders[value] ?? value]));
          const path = spec.path.replace(/\{(\w+)\}/g, (_match, name: string) => encodeURIComponent(params[name] ?? ""));
          const before = await domainRowCounts();
          // Admins reach every route but the trainees' own; those are called as the world's trainee.
          const caller = spec.access === "any" || spec.access === "public" || spec.access.includes("admin") ? world.users.admin : world.users.trainee;
          const answer = await http(spec.method, path, { ...badCase.options, cookie: caller.cookie });
          expect(answer.status, answer.text).toBe(badCase.status);
          expect(errorOf(answer).message).toMatch(badCase.message);
          expect(await domainRowCounts()).toEqual(before);
          const audited = await auditRowsOf(answer.userAgent);
          if (spec.method === "GET") expect(audited).toHaveLength(0);
          else expect(audited.map((row) => row.details)).toEqual([expect.objectContaining({ method: spec.method, status: badCase.status })]);
        });
      }
    });
  }
});
