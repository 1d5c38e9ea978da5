/**
 * `POST /api/gamedays/:id/timeline` as the console's server entry serves it: handed to
 * lib/http/hot-route-listener.ts, not to Next. Every answer must be what Next gives for the
 * same wrapper: each refusal is compared, header by header, with the same refusal from a
 * sibling route Next still serves (`POST /api/gamedays/:id/remediations`, same access list,
 * same wrapper); a success carries the headers Next puts on the timeline's own GET. And the
 * entry and its audit row are both there, once.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { db } from "@/lib/db/client";
import { consoleUrl, createUserOverHttp, errorOf, http, seededAdminCookie, type HttpAnswer, type HttpOptions } from "./client";
import { auditRowsOf, buildWorld, type World } from "./world";

const UNKNOWN_ID = "cunknowngamedayid000000000";
const EntrySchema = z.object({ event: z.object({ id: z.string(), kind: z.literal("note"), body: z.string() }) });

/** Headers that describe one connection or one moment, not the answer. */
const PER_CONNECTION = new Set(["date", "connection", "keep-alive", "content-length", "transfer-encoding"]);

function answerHeaders(answer: HttpAnswer): Record<string, string> {
  return Object.fromEntries([...answer.headers].filter(([name]) => !PER_CONNECTION.has(name)));
}

let world: World;

const timeline = (options: HttpOptions, id = world.gameDayId) => http("POST", `/api/gamedays/${id}/timeline`, options);
const remediations = (options: HttpOptions, id = world.gameDayId) => http("POST", `/api/gamedays/${id}/remediations`, options);

describe("timeline appends served by the console's own listener", () => {
  beforeAll(async () => {
    world = await buildWorld("hot routes");
  });

  it("refuses exactly as Next refuses through the same wrapper: status, headers, error shape and message", async () => {
    const cookie = world.users.trainee.cookie;
    const cases: { what: string; options: () => HttpOptions; id?: string; status: number }[] = [
      { what: "no credentials", options: () => ({ body: { kind: "note", body: "x" } }), status: 401 },
      { what: "a bad bearer token", options: () => ({ bearer: "gdc_not-a-real-token", body: { kind: "note", body: "x" } }), status: 401 },
      { what: "a malformed Authorization header", options: () => ({ bearer: "two words", body: { kind: "note", body: "x" } }), status: 401 },
      { what: "a cookie call from another site", options: () => ({ cookie, origin: "https://evil.example", body: { kind: "note", body: "x" } }), status: 403 },
      { what: "an observer", options: () => ({ cookie: world.users.observer.cookie, body: { kind: "note", body: "x" } }), status: 403 },
      { what: "a form body", options: () => ({ cookie, rawBody: "kind=note", contentType: "application/x-www-form-urlencoded" }), status: 415 },
      { what: "malformed JSON", options: () => ({ cookie, rawBody: "{not json" }), status: 400 },
      { what: "an empty body", options: () => ({ cookie, rawBody: "" }), status: 400 },
      { what: "a body over 64 KB", options: () => ({ cookie, rawBody: JSON.stringify({ kind: "note", body: "x".repeat(70 * 1024) }) }), status: 413 },
      { what: "NUL in the body", options: () => ({ cookie, body: { kind: "note", body: "a\u0000b" } }), status: 422 },
      { what: "a malformed id", options: () => ({ cookie, body: { kind: "note", body: "x" } }), id: "not%20an%20id", status: 404 },
    ];
    for (const { what, options, id, status } of cases) {
      const ours = await timeline(options(), id);
      const nexts = await remediations(options(), id);
      expect({ what, status: ours.status }).toEqual({ what, status });
      expect({ what, status: nexts.status }).toEqual({ what, status });
      expect({ what, headers: answerHeaders(ours) }).toEqual({ what, headers: answerHeaders(nexts) });
      expect({ what, error: errorOf(ours) }).toEqual({ what, error: errorOf(nexts) });
      // Each refusal is audited once, as Next's is.
      expect({ what, rows: (await auditRowsOf(ours.userAgent)).length }).toEqual({ what, rows: (await auditRowsOf(nexts.userAgent)).length });
    }
  });

  it("hides an unknown game day, or one the caller does not take part in, behind the 404 Next gives the timeline's GET", async () => {
    const outsider = await createUserOverHttp(await seededAdminCookie(), "trainee");
    for (const [cookie, id] of [
      [world.users.trainee.cookie, UNKNOWN_ID],
      [outsider.cookie, world.gameDayId],
    ] as const) {
      const ours = await timeline({ cookie, body: { kind: "note", body: "x" } }, id);
      const nexts = await http("GET", `/api/gamedays/${id}/timeline`, { cookie });
      expect(ours.status).toBe(404);
      expect(nexts.status).toBe(404);
      expect(answerHeaders(ours)).toEqual(answerHeaders(nexts));
      expect(errorOf(ours)).toEqual(errorOf(nexts));
      expect(await auditRowsOf(ours.userAgent)).toHaveLength(1);
    }
  });

  it("answers a 422 for an invalid entry with the field to fix, in the API's error shape", async () => {
    const answer = await timeline({ cookie: world.users.trainee.cookie, body: { kind: "gossip", body: "x" } });
    expect(answer.status).toBe(422);
    expect(errorOf(answer)).toMatchObject({ code: "unprocessable", message: expect.stringMatching(/kind/) as unknown });
    expect(answer.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
  });

  it("stores an entry with its one audit row and answers 201 with the headers Next gives the timeline's GET; a retry answers 200", async () => {
    const body = { kind: "note", body: `through the listener ${Date.now()}`, entryKey: `hot-route-${Date.now()}` };
    const created = await timeline({ cookie: world.users.trainee.cookie, body });
    expect(created.status).toBe(201);
    const { event } = EntrySchema.parse(created.json);
    expect(event.body).toBe(body.body);
    const listed = await http("GET", `/api/gamedays/${world.gameDayId}/timeline`, { cookie: world.users.trainee.cookie });
    expect(listed.status).toBe(200);
    expect(answerHeaders(created)).toEqual(answerHeaders(listed));
    expect(await db().timelineEvent.count({ where: { id: BigInt(event.id) } })).toBe(1);
    const rows = await auditRowsOf(created.userAgent);
    expect(rows.map((row) => [row.action, row.targetId, row.actorId, (row.details as { status?: number }).status])).toEqual([["timeline.append", event.id, world.users.trainee.id, 201]]);

    const again = await timeline({ cookie: world.users.trainee.cookie, body });
    expect(again.status).toBe(200);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(EntrySchema.parse(again.json).event.id).toBe(event.id);
    expect((await auditRowsOf(again.userAgent)).map((row) => (row.details as { status?: number }).status)).toEqual([200]);
  });

  it("takes an API token as the route catalog allows", async () => {
    const answer = await timeline({ bearer: world.traineeToken, body: { kind: "note", body: "from automation" } });
    expect(answer.status).toBe(201);
    expect((await auditRowsOf(answer.userAgent)).map((row) => row.actorKind)).toEqual(["token"]);
  });

  it("leaves every other spelling of the path to Next", async () => {
    const url = new URL(`/api/gamedays/${world.gameDayId}/timeline/`, consoleUrl());
    const answer = await fetch(url, { method: "POST", redirect: "manual", headers: { "content-type": "application/json", cookie: world.users.trainee.cookie } });
    expect(answer.status).toBe(308);
    expect(answer.headers.get("location")).toBe(`/api/gamedays/${world.gameDayId}/timeline`);
  });
});
