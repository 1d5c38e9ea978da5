/**
 * Blind mode on every channel a trainee has, against `next start` with a real fault on the
 * real local lab: the API, the live stream, the server-rendered page and every JavaScript
 * chunk the browser downloads. A blind trainee must learn of the fault only from the
 * target's own signals (detection time is scored), must never receive the scoring key, and
 * reads only their own team's entries.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { ANSWER_KEYS } from "@/lib/scoring/keys";
import { consoleUrl, createUserOverHttp, expectOk, http, seededAdminCookie, type HttpUser } from "./client";

const SCENARIO = "waf-misblock";
const SCENARIO_TITLE = "WAF misblock";
/** Words of the launch entry (its blast radius): they would tell the trainee what broke. */
const BLAST_RADIUS_WORDS = "answered 403 at the edge";

interface BlindWorld {
  facilitator: HttpUser;
  blue: HttpUser;
  red: HttpUser;
  gameDayId: string;
  runId: string;
}

const GameDaySchema = z.object({ gameDay: z.object({ id: z.string() }) });
const RunSchema = z.object({ run: z.object({ id: z.string() }) });
const TimelineSchema = z.object({ events: z.array(z.object({ kind: z.string(), body: z.string(), runId: z.string().nullable() })) });

async function waitFor<T>(read: () => Promise<T>, accept: (value: T) => boolean, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Everything the stream sends a viewer in `ms`: the opening state, then live frames. */
async function readStream(cookie: string, gameDayId: string, ms: number): Promise<string> {
  const abort = new AbortController();
  const response = await fetch(new URL(`/api/gamedays/${gameDayId}/stream`, consoleUrl()), { headers: { cookie, accept: "text/event-stream" }, signal: abort.signal });
  expect(response.status).toBe(200);
  const reader = response.body?.getReader();
  if (!reader) throw new Error("the stream has no body");
  const decoder = new TextDecoder();
  let text = "";
  const timer = setTimeout(() => abort.abort(), ms);
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } catch {
    // aborted: the window is over
  } finally {
    clearTimeout(timer);
  }
  return text;
}

describe("blind mode over HTTP", () => {
  let world: BlindWorld;

  beforeAll(async () => {
    const admin = await seededAdminCookie();
    const facilitator = await createUserOverHttp(admin, "facilitator");
    const blue = await createUserOverHttp(admin, "trainee");
    const red = await createUserOverHttp(admin, "trainee");
    const created = GameDaySchema.parse(expectOk(await http("POST", "/api/gamedays", { cookie: facilitator.cookie, body: { title: "Blind drill", environment: "local", blindMode: true, teams: ["Blue", "Red"] } })));
    const gameDayId = created.gameDay.id;
    for (const [user, team] of [
      [blue, "Blue"],
      [red, "Red"],
    ] as const) {
      expectOk(await http("POST", `/api/gamedays/${gameDayId}/participants`, { cookie: facilitator.cookie, body: { email: user.email, role: "trainee", team } }));
    }
    expectOk(await http("POST", `/api/gamedays/${gameDayId}/start`, { cookie: facilitator.cookie }));
    const launched = RunSchema.parse(
      expectOk(await http("POST", `/api/gamedays/${gameDayId}/runs`, { cookie: facilitator.cookie, body: { scenarioId: SCENARIO, durationSeconds: 60, idempotencyKey: "blind-http-run", confirmBlastRadius: true } })),
    );
    world = { facilitator, blue, red, gameDayId, runId: launched.run.id };
    // The fault is really in effect before anything is checked: the facilitator sees its injection.
    await waitFor(
      async () => TimelineSchema.parse((await http("GET", `/api/gamedays/${gameDayId}/timeline`, { cookie: facilitator.cookie })).json).events,
      (events) => events.some((event) => event.kind === "fault.injected"),
      "the injection",
    );
    expectOk(await http("POST", `/api/gamedays/${gameDayId}/timeline`, { cookie: blue.cookie, body: { kind: "hypothesis", body: "blue thinks the edge blocks us" } }));
    expectOk(await http("POST", `/api/gamedays/${gameDayId}/timeline`, { cookie: red.cookie, body: { kind: "hypothesis", body: "red thinks the database is slow" } }));
  });

  afterAll(async () => {
    if (world) await http("POST", `/api/runs/${world.runId}/stop`, { cookie: world.facilitator.cookie, body: { reason: "blind suite done" } });
  });

  it("the facilitator sees the run, its launch and its injection (so their absence below is redaction, not an empty game day)", async () => {
    const events = TimelineSchema.parse((await http("GET", `/api/gamedays/${world.gameDayId}/timeline`, { cookie: world.facilitator.cookie })).json).events;
    expect(events.map((event) => event.kind)).toEqual(expect.arrayContaining(["run.launched", "fault.injected"]));
    expect(JSON.stringify(events)).toContain(BLAST_RADIUS_WORDS);
    expect(JSON.stringify((await http("GET", `/api/gamedays/${world.gameDayId}/runs`, { cookie: world.facilitator.cookie })).json)).toContain(world.runId);
  });

  it("answers the trainee's API calls with no run, no fault timing and no scenario", async () => {
    const cookie = world.blue.cookie;
    expect((await http("GET", `/api/gamedays/${world.gameDayId}/runs`, { cookie })).json).toEqual({ runs: [] });
    expect((await http("GET", `/api/runs/${world.runId}`, { cookie })).status).toBe(404);
    const timeline = await http("GET", `/api/gamedays/${world.gameDayId}/timeline`, { cookie });
    const kinds = TimelineSchema.parse(timeline.json).events.map((event) => event.kind);
    for (const hidden of ["run.launched", "run.phase", "fault.injected", "fault.reverted", "run.stopped", "run.recovered"]) expect(kinds).not.toContain(hidden);
    for (const secret of [SCENARIO, SCENARIO_TITLE, BLAST_RADIUS_WORDS, world.runId]) expect(timeline.text).not.toContain(secret);
    const gameDay = await http("GET", `/api/gamedays/${world.gameDayId}`, { cookie });
    for (const secret of [SCENARIO, world.runId]) expect(gameDay.text).not.toContain(secret);
  });

  it("keeps another team's entries out of the trainee's timeline, and another team's entries beyond their pen", async () => {
    const timeline = (await http("GET", `/api/gamedays/${world.gameDayId}/timeline`, { cookie: world.blue.cookie })).text;
    expect(timeline).toContain("blue thinks the edge blocks us");
    expect(timeline).not.toContain("red thinks the database is slow");
    const blueEntry = z.object({ events: z.array(z.object({ id: z.string(), body: z.string() })) }).parse(JSON.parse(timeline)).events.find((event) => event.body === "blue thinks the edge blocks us");
    const rewrite = await http("POST", `/api/gamedays/${world.gameDayId}/timeline`, { cookie: world.red.cookie, body: { kind: "hypothesis", body: "red rewrites blue", correctsId: blueEntry?.id } });
    expect(rewrite.status).toBe(403);
    const step = await http("POST", `/api/gamedays/${world.gameDayId}/runbook/steps`, { cookie: world.red.cookie, body: { runbookId: SCENARIO, stepId: "detect-dashboard", status: "done" } });
    expect(step.status).toBe(201);
    const blueSees = (await http("GET", `/api/gamedays/${world.gameDayId}/timeline`, { cookie: world.blue.cookie })).text;
    expect(blueSees).not.toContain("red rewrites blue");
    expect(blueSees).not.toMatch(/runbook\.step/);
  });

  it("streams the trainee the target's signals but no run, fault timing, scenario or other team", async () => {
    const sent = await readStream(world.blue.cookie, world.gameDayId, 4000);
    expect(sent).toContain('"type":"metrics"');
    expect(sent).toContain("blue thinks the edge blocks us");
    expect(sent).not.toContain('"type":"run"');
    for (const secret of [SCENARIO, SCENARIO_TITLE, BLAST_RADIUS_WORDS, world.runId, "fault.injected", "run.launched", "red thinks the database is slow"]) expect(sent).not.toContain(secret);
    const facilitatorSees = await readStream(world.facilitator.cookie, world.gameDayId, 2000);
    expect(facilitatorSees).toContain(world.runId);
  });

  it("renders the trainee's page without the run, its launch or its timing", async () => {
    const page = await http("GET", `/gamedays/${world.gameDayId}`, { cookie: world.blue.cookie });
    expect(page.status).toBe(200);
    expect(page.text).toContain("responder-console");
    // The runbook list names every scenario on purpose (blind teams choose one); nothing names this run.
    for (const secret of [world.runId, BLAST_RADIUS_WORDS, "run.launched", "fault.injected", "red thinks the database is slow"]) expect(page.text).not.toContain(secret);
  });

  it("tells the trainee the exercise paused, but not the facilitator's reason, which may name the fault", async () => {
    const reason = "the waf misblock rule hurts real checkout traffic";
    expect((await http("POST", `/api/gamedays/${world.gameDayId}/halt`, { cookie: world.facilitator.cookie, body: { reason } })).status).toBe(200);
    const sent = await readStream(world.blue.cookie, world.gameDayId, 2000);
    expect(sent).toContain('"haltedAt":"');
    expect(sent).toContain("The facilitator paused the exercise.");
    expect(sent).not.toContain(reason);
    const gameDay = await http("GET", `/api/gamedays/${world.gameDayId}`, { cookie: world.blue.cookie });
    expect(gameDay.text).not.toContain(reason);
    const page = await http("GET", `/gamedays/${world.gameDayId}`, { cookie: world.blue.cookie });
    expect(page.text).not.toContain(reason);
    expect((await http("GET", `/api/gamedays/${world.gameDayId}`, { cookie: world.facilitator.cookie })).text).toContain(reason);
  });

  it("ships no scoring key in any JavaScript chunk a participant downloads", async () => {
    const page = await http("GET", `/gamedays/${world.gameDayId}`, { cookie: world.blue.cookie });
    const chunks = [...new Set([...page.text.matchAll(/\/_next\/static\/[^"'\s]+?\.js/g)].map((match) => match[0]))];
    expect(chunks.length).toBeGreaterThan(3);
    const secrets = ["hypothesisKeywords", ...Object.values(ANSWER_KEYS).flatMap((key) => (key.mitigation.kind === "hold" ? [key.mitigation.why] : []))];
    expect(secrets.length).toBeGreaterThan(1);
    for (const chunk of chunks) {
      const source = await (await fetch(new URL(chunk, consoleUrl()))).text();
      for (const secret of secrets) expect(source.includes(secret), `${chunk} carries "${secret.slice(0, 40)}"`).toBe(false);
    }
  });
});
