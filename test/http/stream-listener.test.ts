/**
 * The live stream as the console's server entry serves it (scripts/console/server.mjs hands
 * `GET /api/gamedays/:id/stream` to lib/live/stream-listener.ts, not to Next's route
 * handler), over real HTTP: the same refusals in the API's error shape as every other
 * route, the opening state and live frames, resuming the timeline without repeats, and a
 * closed tab detaching from its game day's hub at once.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { LiveEvent } from "@/lib/live/events";
import { readEvents, type ReceivedEvent } from "@/test/sse";
import { consoleUrl, errorOf, expectOk, http } from "./client";
import { buildWorld, type World } from "./world";

const UNKNOWN_ID = "cunknowngamedayid000000000";
const HealthSchema = z.object({ live: z.object({ hubs: z.number(), viewers: z.number() }) });
const EntrySchema = z.object({ event: z.object({ id: z.string() }) });

let world: World;

function streamUrl(gameDayId: string, query: Record<string, string> = {}): URL {
  const url = new URL(`/api/gamedays/${gameDayId}/stream`, consoleUrl());
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  return url;
}

/** Opens a stream as a browser tab does; `close()` is the tab going away. */
async function openStream(credentials: { cookie?: string; bearer?: string }, gameDayId: string, init: { lastEventId?: string; query?: Record<string, string> } = {}) {
  const abort = new AbortController();
  const headers = new Headers({ accept: "text/event-stream" });
  if (credentials.cookie) headers.set("cookie", credentials.cookie);
  if (credentials.bearer) headers.set("authorization", `Bearer ${credentials.bearer}`);
  if (init.lastEventId) headers.set("last-event-id", init.lastEventId);
  const response = await fetch(streamUrl(gameDayId, init.query), { headers, signal: abort.signal });
  return { response, close: () => abort.abort() };
}

async function liveViewers(): Promise<number> {
  return HealthSchema.parse((await http("GET", "/api/health")).json).live.viewers;
}

async function waitFor<T>(read: () => Promise<T>, accept: (value: T) => boolean, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(value)})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const types = (received: ReceivedEvent[]) => received.map((entry) => entry.event.type);
const notesIn = (received: ReceivedEvent[]) =>
  received.flatMap((entry) => (entry.event.type === "timeline" && entry.event.event.kind === "note" ? [{ id: entry.id, body: entry.event.event.body }] : []));

describe("the live stream listener over HTTP", () => {
  beforeAll(async () => {
    world = await buildWorld("stream listener");
    expectOk(await http("POST", `/api/gamedays/${world.gameDayId}/start`, { cookie: world.users.facilitator.cookie }));
  });

  it("refuses a caller with no credentials, or a bad token, with 401 in the API's error shape", async () => {
    for (const credentials of [{}, { bearer: "gdc_not-a-real-token" }]) {
      const { response } = await openStream(credentials, world.gameDayId);
      expect(response.status).toBe(401);
      expect(response.headers.get("content-type")).toMatch(/^application\/json/);
      const body: unknown = await response.json();
      const error = errorOf({ status: 401, json: body, text: "", headers: response.headers, userAgent: "" });
      expect(error.code).toBe("unauthorized");
      expect(error.message).toMatch(/Sign in|token/);
    }
  });

  it("answers a bad window or an unknown query parameter with a message saying what to fix", async () => {
    for (const [query, message] of [
      [{ window: "30" }, /window must be at least 60 seconds/],
      [{ window: "ninety" }, /window/],
      [{ since: "yesterday" }, /since/],
    ] as const) {
      const answer = await http("GET", `/api/gamedays/${world.gameDayId}/stream`, { cookie: world.users.facilitator.cookie, query });
      expect(answer.status).toBe(422);
      const error = errorOf(answer);
      expect(error.code).toBe("unprocessable");
      expect(error.message).toMatch(message);
    }
  });

  it("hides a game day from who does not take part in it, an unknown one and a malformed id behind the same 404", async () => {
    for (const [cookie, id] of [
      [world.bystander.cookie, world.gameDayId],
      [world.users.facilitator.cookie, UNKNOWN_ID],
      [world.users.facilitator.cookie, "not%20an%20id"],
    ] as const) {
      const answer = await http("GET", `/api/gamedays/${id}/stream`, { cookie });
      expect(answer.status).toBe(404);
      expect(errorOf(answer).code).toBe("not_found");
    }
  });

  it("sends a participant hello, the game day and the live state, through a session or an API token, with the console's own headers", async () => {
    for (const credentials of [{ cookie: world.users.facilitator.cookie }, { bearer: world.traineeToken }]) {
      const { response, close } = await openStream(credentials, world.gameDayId);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
      expect(response.headers.get("cache-control")).toBe("no-cache, no-transform");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      const received = await readEvents(response, (events) => types(events).includes("metrics") && types(events).includes("fleet"), 20_000);
      close();
      const [hello] = received;
      expect(hello?.event).toMatchObject({ type: "hello", gameDayId: world.gameDayId, labKind: "local" } satisfies Partial<LiveEvent>);
      expect(types(received)).toEqual(expect.arrayContaining(["gameday", "metrics", "fleet"]));
    }
  });

  it("resumes after Last-Event-ID (or ?after=) without repeating a timeline entry", async () => {
    const cookie = world.users.facilitator.cookie;
    const bodies = [`first ${Date.now()}`, `second ${Date.now()}`, `third ${Date.now()}`];
    const ids: string[] = [];
    for (const body of bodies) ids.push(EntrySchema.parse(expectOk(await http("POST", `/api/gamedays/${world.gameDayId}/timeline`, { cookie, body: { kind: "note", body } }))).event.id);

    const whole = await openStream({ cookie }, world.gameDayId);
    const all = notesIn(await readEvents(whole.response, (events) => notesIn(events).length >= 3, 10_000));
    whole.close();
    expect(all.map((note) => note.body)).toEqual(bodies);
    expect(all.map((note) => note.id)).toEqual(ids);

    const resumed = await openStream({ cookie }, world.gameDayId, { lastEventId: ids[0] });
    const afterFirst = notesIn(await readEvents(resumed.response, (events) => notesIn(events).length >= 2, 10_000));
    resumed.close();
    expect(afterFirst.map((note) => note.body)).toEqual(bodies.slice(1));

    // Last-Event-ID wins over ?after=, as a browser's reconnect carries both.
    const both = await openStream({ cookie }, world.gameDayId, { lastEventId: ids[1], query: { after: ids[0] ?? "" } });
    const afterSecond = notesIn(await readEvents(both.response, (events) => notesIn(events).length >= 1 && types(events).includes("metrics"), 10_000));
    both.close();
    expect(afterSecond.map((note) => note.body)).toEqual(bodies.slice(2));

    // After the second entry by ?after= alone: the third, then a live one, each once.
    const live = `fourth ${Date.now()}`;
    const again = await openStream({ cookie }, world.gameDayId, { query: { after: ids[1] ?? "" } });
    expectOk(await http("POST", `/api/gamedays/${world.gameDayId}/timeline`, { cookie, body: { kind: "note", body: live } }));
    const tail = notesIn(await readEvents(again.response, (events) => notesIn(events).some((note) => note.body === live), 10_000));
    again.close();
    expect(tail.map((note) => note.body)).toEqual([bodies[2], live]);
  });

  it("detaches a viewer from its hub as soon as the tab closes", async () => {
    // The tabs of the tests above are closed by now; none may still hold a hub.
    const before = await waitFor(liveViewers, (viewers) => viewers === 0, "every earlier tab to be detached", 5000);
    const tabs = await Promise.all([0, 1, 2].map(() => openStream({ cookie: world.users.observer.cookie }, world.gameDayId)));
    for (const tab of tabs) expect(tab.response.status).toBe(200);
    await waitFor(liveViewers, (viewers) => viewers === before + 3, "three more viewers");
    for (const tab of tabs) tab.close();
    await waitFor(liveViewers, (viewers) => viewers === before, "the viewers to be detached", 5000);
  });
});
