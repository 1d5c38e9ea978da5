/**
 * The console's defences over real HTTP against `next start`: security headers on every
 * kind of answer (pages with a per-request script nonce, JSON, errors, the event stream,
 * downloads, static files, next-auth's own endpoints), cross-site request refusal for
 * cookie-authenticated changes (and the bearer-token exemption), cross-site sign-in and
 * sign-out, and the sign-in rate limits through next-auth's credentials endpoint, each
 * client seen from its own loopback address.
 */
import { request as httpRequest } from "node:http";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { db } from "@/lib/db/client";
import { IP_FAILURE_LIMIT, LOCKOUT_THRESHOLD } from "@/lib/auth/sign-in";
import { consoleUrl, createUserOverHttp, errorOf, expectOk, http, seededAdminCookie, type HttpAnswer } from "./client";
import { auditRowsOf, buildWorld, domainRowCounts, type World } from "./world";

const EVIL = "http://evil.example";

function expectBaseHeaders(answer: HttpAnswer, what: string): void {
  const header = (name: string) => answer.headers.get(name) ?? "";
  expect(header("x-content-type-options"), what).toBe("nosniff");
  expect(header("referrer-policy"), what).toBe("same-origin");
  expect(header("x-frame-options"), what).toBe("DENY");
  expect(header("permissions-policy"), what).toMatch(/camera=\(\).*microphone=\(\).*geolocation=\(\)/);
  expect(header("cross-origin-opener-policy"), what).toBe("same-origin");
  expect(header("cross-origin-resource-policy"), what).toBe("same-origin");
  const csp = header("content-security-policy");
  expect(csp, `${what} has no Content-Security-Policy`).not.toBe("");
  for (const directive of ["frame-ancestors 'none'", "base-uri", "form-action"]) expect(csp, what).toContain(directive);
  expect(answer.headers.get("x-powered-by"), what).toBeNull();
}

function directive(csp: string, name: string): string {
  return csp.split(";").map((part) => part.trim()).find((part) => part.startsWith(`${name} `)) ?? "";
}

/** A page: scripts only by nonce (no 'unsafe-inline'), and every script tag carries this answer's nonce. */
function expectPagePolicy(answer: HttpAnswer, what: string): string {
  expectBaseHeaders(answer, what);
  const csp = answer.headers.get("content-security-policy") ?? "";
  const scripts = directive(csp, "script-src");
  expect(scripts, what).toMatch(/'nonce-[A-Za-z0-9+/=]{16,}'/);
  expect(scripts, what).not.toContain("'unsafe-inline'");
  expect(scripts, what).not.toContain("'unsafe-eval'");
  expect(directive(csp, "object-src"), what).toBe("object-src 'none'");
  expect(directive(csp, "form-action"), what).toBe("form-action 'self'");
  const nonce = /'nonce-([^']+)'/.exec(scripts)?.[1] ?? "";
  const tags = [...answer.text.matchAll(/<script\b[^>]*>/g)].map((match) => match[0]);
  expect(tags.length, `${what} has no scripts`).toBeGreaterThan(0);
  for (const tag of tags) expect(tag, `${what}: a script without this answer's nonce`).toContain(`nonce="${nonce}"`);
  return nonce;
}

/** Anything that is not a page: a policy that allows nothing at all. */
function expectInertPolicy(answer: HttpAnswer, what: string): void {
  expectBaseHeaders(answer, what);
  expect(directive(answer.headers.get("content-security-policy") ?? "", "default-src"), what).toBe("default-src 'none'");
}

describe("security over HTTP", () => {
  let world: World;

  beforeAll(async () => {
    world = await buildWorld("Security");
  });

  describe("headers", () => {
    it("pages carry a nonce policy, a fresh nonce each time, stamped on every script", async () => {
      const signInPage = await http("GET", "/signin");
      expect(signInPage.status).toBe(200);
      const first = expectPagePolicy(signInPage, "/signin");
      const second = expectPagePolicy(await http("GET", "/signin"), "/signin again");
      expect(second).not.toBe(first);
      for (const path of ["/", `/gamedays/${world.gameDayId}`, `/gamedays/${world.gameDayId}/report`, "/admin/audit"]) {
        const page = await http("GET", path, { cookie: world.users.admin.cookie });
        expect(page.status, path).toBe(200);
        expectPagePolicy(page, path);
      }
      const missing = await http("GET", "/no-such-page", { cookie: world.users.admin.cookie });
      expect(missing.status).toBe(404);
      expectPagePolicy(missing, "a page that is not found");
    });

    it("API answers, errors, the event stream, downloads, next-auth and static files carry them too", async () => {
      const admin = world.users.admin.cookie;
      const answers: [string, HttpAnswer, number][] = [
        ["JSON", await http("GET", "/api/health"), 200],
        ["an API error", await http("GET", "/api/me"), 401],
        ["a refused change", await http("POST", "/api/gamedays", { cookie: admin, body: [] }), 422],
        ["the event stream", await http("GET", `/api/gamedays/${world.gameDayId}/stream`, { cookie: admin }), 200],
        ["a Markdown download", await http("GET", `/api/gamedays/${world.gameDayId}/report`, { cookie: admin, query: { format: "md" } }), 200],
        ["a PDF download", await http("GET", `/api/gamedays/${world.gameDayId}/report`, { cookie: admin, query: { format: "pdf" } }), 200],
        ["next-auth's CSRF endpoint", await http("GET", "/api/auth/csrf"), 200],
        ["the favicon", await http("GET", "/favicon.svg"), 200],
      ];
      const signInPage = await http("GET", "/signin");
      const script = /<script[^>]+src="(\/_next\/static\/[^"]+)"/.exec(signInPage.text)?.[1];
      expect(script, "the sign-in page loads no static script").toBeDefined();
      answers.push(["a static script", await http("GET", script ?? ""), 200]);
      for (const [what, answer, status] of answers) {
        expect(answer.status, `${what}: ${answer.text.slice(0, 200)}`).toBe(status);
        expectInertPolicy(answer, what);
      }
      expect(answers[3]?.[1].headers.get("content-type")).toMatch(/^text\/event-stream/);
      expect(answers[5]?.[1].text.startsWith("%PDF")).toBe(true);
    });

    it("JSON never carries markup as is, even when an error quotes the caller's input", async () => {
      const answer = await http("POST", "/api/gamedays", { cookie: world.users.admin.cookie, body: { title: "Valid title", environment: "local", "<script>alert(1)</script>": 1 } });
      expect(answer.status).toBe(422);
      expect(errorOf(answer).message).toContain("<script>alert(1)</script>");
      expect(answer.text).not.toContain("<script>");
      expect(answer.text).toContain("\\u003cscript\\u003e");
    });
  });

  describe("cross-site requests", () => {
    const refusals: { name: string; headers: { origin?: string | null; extra?: Record<string, string> } }[] = [
      { name: "another site's Origin", headers: { origin: EVIL } },
      { name: "Origin null (a sandboxed frame)", headers: { origin: "null" } },
      { name: "another port of the same host", headers: { origin: "http://127.0.0.1:1" } },
    ];

    it("a change carried by the session cookie from another site is refused with 403, audited, and writes nothing", async () => {
      const admin = world.users.admin;
      const calls: [string, string, unknown][] = [
        ["POST", "/api/gamedays", { title: "Forged game day", environment: "local" }],
        ["PATCH", `/api/gamedays/${world.gameDayId}`, { title: "Forged title" }],
        ["DELETE", `/api/tokens/${world.bystanderTokenId}`, undefined],
        ["POST", "/api/tokens", { name: "forged token" }],
      ];
      for (const [method, path, body] of calls) {
        for (const refusal of refusals) {
          const what = `${method} ${path} with ${refusal.name}`;
          const before = await domainRowCounts();
          const answer = await http(method, path, { cookie: method === "DELETE" ? world.bystander.cookie : admin.cookie, body, origin: refusal.headers.origin });
          expect(answer.status, `${what}: ${answer.text}`).toBe(403);
          expect(errorOf(answer).message, what).toMatch(/Cross-site request refused.*console's own pages at http:\/\/127\.0\.0\.1:\d+.*Bearer/);
          expect(await domainRowCounts(), what).toEqual(before);
          const rows = await auditRowsOf(answer.userAgent);
          expect(rows, what).toHaveLength(1);
          expect(rows[0]?.actorId, what).toBe(method === "DELETE" ? world.bystander.id : admin.id);
          expect(rows[0]?.details, what).toMatchObject({ method, status: 403 });
        }
      }
    });

    it("without an Origin, Sec-Fetch-Site and then Referer decide", async () => {
      const cookie = world.users.admin.cookie;
      for (const [headers, expected] of [
        [{ "sec-fetch-site": "cross-site" }, 403],
        [{ "sec-fetch-site": "same-site" }, 403],
        [{ referer: `${EVIL}/page` }, 403],
        [{ "sec-fetch-site": "same-origin" }, 201],
        [{ referer: `${consoleUrl()}/gamedays` }, 201],
      ] as const) {
        const answer = await rawPost("/api/gamedays", cookie, headers, { title: `Header check ${Object.values(headers).join(" ")}`.slice(0, 100), environment: "local" });
        expect(answer.status, `${JSON.stringify(headers)}: ${answer.text}`).toBe(expected);
      }
    });

    it("the console's own origin works, and a bearer token works with any or no Origin", async () => {
      const own = await http("POST", "/api/gamedays", { cookie: world.users.admin.cookie, body: { title: "Same-origin game day", environment: "local" } });
      expect(own.status, own.text).toBe(201);
      for (const origin of [null, EVIL]) {
        const scripted = await http("POST", "/api/gamedays", { bearer: world.adminToken, origin, body: { title: `Automation game day ${origin ?? "no origin"}`, environment: "local" } });
        expect(scripted.status, scripted.text).toBe(201);
      }
      // Reads are never refused: following a link from another site must still show the page's data.
      expect((await http("GET", "/api/me", { cookie: world.users.admin.cookie, origin: EVIL })).status).toBe(200);
    });

    it("next-auth's sign-in refuses a cross-site POST even with a valid CSRF token, and without one", async () => {
      const user = await createUserOverHttp(await seededAdminCookie(), "observer");
      const csrf = await fetch(new URL("/api/auth/csrf", consoleUrl()));
      const { csrfToken } = z.object({ csrfToken: z.string() }).parse(await csrf.json());
      const cookie = csrf.headers.getSetCookie().map((header) => header.split(";")[0]).join("; ");
      const forged = await fetch(new URL("/api/auth/callback/credentials", consoleUrl()), {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", origin: EVIL, cookie },
        body: new URLSearchParams({ csrfToken, email: user.email, password: "irrelevant", json: "true" }).toString(),
        redirect: "manual",
      });
      expect(forged.status).toBe(403);
      expect(forged.headers.getSetCookie().some((header) => header.includes("session-token"))).toBe(false);
      // A cross-site form never gets the SameSite=Lax CSRF cookie: next-auth itself refuses it.
      const noToken = await fetch(new URL("/api/auth/callback/credentials", consoleUrl()), {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ email: user.email, password: "irrelevant", json: "true" }).toString(),
        redirect: "manual",
      });
      expect(noToken.headers.getSetCookie().some((header) => header.includes("session-token") && !header.includes("session-token=;"))).toBe(false);
      expect(await noToken.text()).toContain("csrf=true");
    });

    it("next-auth's sign-out refuses a cross-site POST: the session stays valid until the person signs out", async () => {
      const user = await createUserOverHttp(await seededAdminCookie(), "observer");
      const csrf = await fetch(new URL("/api/auth/csrf", consoleUrl()), { headers: { cookie: user.cookie } });
      const { csrfToken } = z.object({ csrfToken: z.string() }).parse(await csrf.json());
      const csrfCookie = csrf.headers.getSetCookie().map((header) => header.split(";")[0]).join("; ");
      const cookie = [user.cookie, csrfCookie].filter(Boolean).join("; ");
      const signOut = (origin: string) =>
        fetch(new URL("/api/auth/signout", consoleUrl()), {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", origin, cookie },
          body: new URLSearchParams({ csrfToken, json: "true" }).toString(),
          redirect: "manual",
        });
      expect((await signOut(EVIL)).status).toBe(403);
      expect((await http("GET", "/api/me", { cookie: user.cookie })).status).toBe(200);
      expect((await signOut(new URL(consoleUrl()).origin)).status).toBeLessThan(400);
      expect((await http("GET", "/api/me", { cookie: user.cookie })).status).toBe(401);
    });
  });

  describe("the client's address", () => {
    it("is the connection's, whatever X-Forwarded-For the client sends: audit rows and rate limits cannot be pointed elsewhere", async () => {
      const title = `Spoofed address ${Date.now()}`;
      const answer = await requestFrom("127.0.0.31", "POST", "/api/gamedays", {
        cookie: world.users.admin.cookie,
        origin: consoleUrl(),
        "x-forwarded-for": "203.0.113.77",
        "x-real-ip": "203.0.113.78",
        "content-type": "application/json",
      }, JSON.stringify({ title, environment: "local" }));
      expect(answer.status, answer.text).toBe(201);
      const created = await db().gameDay.findFirstOrThrow({ where: { title } });
      const audited = await db().auditLog.findMany({ where: { action: "gameday.create", targetId: created.id } });
      expect(audited.map((row) => row.ip)).toEqual(["127.0.0.31"]);
    });
  });

  describe("sign-in rate limits through next-auth", () => {
    it(`locks an account after ${LOCKOUT_THRESHOLD} wrong passwords: the right one is refused with when to retry, audited; other accounts are unaffected`, async () => {
      const admin = await seededAdminCookie();
      const victim = await createPasswordUser(admin);
      const neighbour = await createPasswordUser(admin);
      const client = "127.0.0.21";
      for (let attempt = 0; attempt < LOCKOUT_THRESHOLD; attempt += 1) {
        expect((await signInFrom(client, victim.email, "wrong password, attempt")).error).toBe("invalid");
      }
      const refused = await signInFrom(client, victim.email, victim.password);
      expect(refused.sessionCookie).toBe(false);
      expect(refused.error).toMatch(/^locked:\d+$/);
      const retrySeconds = Number(refused.error?.split(":")[1]);
      expect(retrySeconds).toBeGreaterThan(14 * 60);
      expect(retrySeconds).toBeLessThanOrEqual(15 * 60);
      const page = await http("GET", `/signin?error=${encodeURIComponent(refused.error ?? "")}`);
      expect(page.text).toMatch(/locked.*try again in 15 minutes/);
      const audited = await db().auditLog.findMany({ where: { action: "auth.sign-in.locked", targetId: victim.id } });
      expect(audited).toHaveLength(1);
      expect(audited[0]?.ip).toBe(client);
      expect((await db().auditLog.findMany({ where: { action: "auth.lockout", targetId: victim.id } })).length).toBe(1);
      // The same client, another account: not locked.
      expect((await signInFrom(client, neighbour.email, neighbour.password)).sessionCookie).toBe(true);
    }, 120_000);

    it(`makes an address wait after ${IP_FAILURE_LIMIT} failures whatever the accounts; other addresses are unaffected`, async () => {
      const admin = await seededAdminCookie();
      const user = await createPasswordUser(admin);
      const attacker = "127.0.0.22";
      for (let attempt = 0; attempt < IP_FAILURE_LIMIT; attempt += 1) {
        expect((await signInFrom(attacker, `nobody-${attempt}@example.test`, "guessing a password")).error).toBe("invalid");
      }
      const refused = await signInFrom(attacker, user.email, user.password);
      expect(refused.sessionCookie).toBe(false);
      expect(refused.error).toMatch(/^rate-limited:\d+$/);
      const page = await http("GET", `/signin?error=${encodeURIComponent(refused.error ?? "")}`);
      expect(page.text).toMatch(/from your address.*try again in \d+ minutes?/);
      const audited = await db().auditLog.findMany({ where: { action: "auth.sign-in.rate-limited", ip: attacker } });
      expect(audited.length).toBeGreaterThanOrEqual(1);
      // Another client signs in to the same account at once.
      expect((await signInFrom("127.0.0.23", user.email, user.password)).sessionCookie).toBe(true);
    }, 180_000);
  });
});

async function createPasswordUser(adminCookie: string): Promise<{ id: string; email: string; password: string }> {
  const password = `pw-${Math.random().toString(36).slice(2)}-long-enough`;
  const email = `limit-${Math.random().toString(36).slice(2, 10)}@example.test`;
  const answer = await http("POST", "/api/users", { cookie: adminCookie, body: { email, name: "Rate limit check", role: "observer", password } });
  const { user } = z.object({ user: z.object({ id: z.string() }) }).parse(expectOk(answer));
  return { id: user.id, email, password };
}

interface RawAnswer {
  status: number;
  text: string;
  setCookies: string[];
}

/** One request from a chosen loopback address, so the server sees a distinct client (127.0.0.0/8 is all local). */
function requestFrom(localAddress: string, method: string, path: string, headers: Record<string, string>, body?: string): Promise<RawAnswer> {
  const url = new URL(path, consoleUrl());
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest({ host: url.hostname, port: url.port, path: url.pathname + url.search, method, headers, localAddress }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => {
        const setCookie = response.headers["set-cookie"] ?? [];
        resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8"), setCookies: setCookie });
      });
    });
    outgoing.on("error", reject);
    if (body !== undefined) outgoing.write(body);
    outgoing.end();
  });
}

/** Signs in through next-auth's credentials endpoint as the sign-in form does, from `localAddress`. */
async function signInFrom(localAddress: string, email: string, password: string): Promise<{ sessionCookie: boolean; error: string | null }> {
  const csrf = await requestFrom(localAddress, "GET", "/api/auth/csrf", {});
  const { csrfToken } = z.object({ csrfToken: z.string() }).parse(JSON.parse(csrf.text));
  const cookie = csrf.setCookies.map((header) => header.split(";")[0]).join("; ");
  const body = new URLSearchParams({ csrfToken, email, password, json: "true" }).toString();
  const answer = await requestFrom(localAddress, "POST", "/api/auth/callback/credentials", { "content-type": "application/x-www-form-urlencoded", cookie, origin: new URL(consoleUrl()).origin, "content-length": String(Buffer.byteLength(body)) }, body);
  const { url } = z.object({ url: z.string() }).parse(JSON.parse(answer.text));
  return {
    sessionCookie: answer.setCookies.some((header) => /session-token=[^;]+/.test(header)),
    error: new URL(url, consoleUrl()).searchParams.get("error"),
  };
}

/** A POST with exactly these headers (no Origin unless given), as an older browser might send it. */
async function rawPost(path: string, cookie: string, headers: Record<string, string>, body: unknown): Promise<{ status: number; text: string }> {
  const text = JSON.stringify(body);
  const answer = await requestFrom("127.0.0.1", "POST", path, { ...headers, cookie, "content-type": "application/json", "content-length": String(Buffer.byteLength(text)) }, text);
  return { status: answer.status, text: answer.text };
}
