import { describe, expect, it } from "vitest";
import { GET as getMe } from "@/app/api/me/route";
import { DELETE as revokeToken } from "@/app/api/tokens/[id]/route";
import { GET as listTokens, POST as createToken } from "@/app/api/tokens/route";
import { db } from "@/lib/db/client";
import { callRoute, createTestUser, errorOf } from "@/test/fixtures";
import { useTestDatabase } from "@/test/database";
import { z } from "zod";

useTestDatabase();

const CreatedSchema = z.object({ token: z.string(), apiToken: z.object({ id: z.string(), name: z.string(), prefix: z.string() }) });

describe("API tokens", () => {
  it("are created by their owner, used as Bearer, listed without the secret, and revoked", async () => {
    const owner = await createTestUser("facilitator");
    const created = await callRoute(createToken, "POST", "/api/tokens", { cookie: owner.cookie, body: { name: "CI pipeline", expiresInDays: 30 } });
    expect(created.status).toBe(201);
    const { token, apiToken } = CreatedSchema.parse(created.json);
    expect(token).toMatch(/^gdc_[A-Za-z0-9_-]{40,}$/);
    expect(token.startsWith(apiToken.prefix)).toBe(true);

    const stored = await db().apiToken.findUniqueOrThrow({ where: { id: apiToken.id }, omit: { tokenHash: false } });
    expect(stored.tokenHash).not.toContain(token);
    expect(stored.tokenHash).toMatch(/^[0-9a-f]{64}$/);

    const me = await callRoute(getMe, "GET", "/api/me", { bearer: token });
    expect(me.status).toBe(200);
    expect(me.json).toMatchObject({ id: owner.id, role: "facilitator", via: "token" });

    const listed = await callRoute(listTokens, "GET", "/api/tokens", { bearer: token });
    expect(listed.status).toBe(200);
    expect(listed.text).not.toContain(token);
    expect(listed.text).toContain("CI pipeline");

    const revoked = await callRoute(revokeToken, "DELETE", `/api/tokens/${apiToken.id}`, { cookie: owner.cookie, params: { id: apiToken.id } });
    expect(revoked.status).toBe(200);
    const after = await callRoute(getMe, "GET", "/api/me", { bearer: token });
    expect(after.status).toBe(401);
    expect(errorOf(after.json).message).toMatch(/invalid, expired or revoked/);
  });

  it("cannot mint more tokens with a token (browser session only)", async () => {
    const owner = await createTestUser("facilitator");
    const { token } = CreatedSchema.parse((await callRoute(createToken, "POST", "/api/tokens", { cookie: owner.cookie, body: { name: "first" } })).json);
    const minted = await callRoute(createToken, "POST", "/api/tokens", { bearer: token, body: { name: "second" } });
    expect(minted.status).toBe(403);
    expect(await db().apiToken.count({ where: { userId: owner.id } })).toBe(1);
  });

  it("can only be revoked by their owner", async () => {
    const owner = await createTestUser("trainee");
    const stranger = await createTestUser("admin");
    const { token, apiToken } = CreatedSchema.parse((await callRoute(createToken, "POST", "/api/tokens", { cookie: owner.cookie, body: { name: "mine" } })).json);
    const attempt = await callRoute(revokeToken, "DELETE", `/api/tokens/${apiToken.id}`, { cookie: stranger.cookie, params: { id: apiToken.id } });
    expect(attempt.status).toBe(404);
    expect((await callRoute(getMe, "GET", "/api/me", { bearer: token })).status).toBe(200);
  });

  it("stop working when expired", async () => {
    const owner = await createTestUser("observer");
    const { token, apiToken } = CreatedSchema.parse((await callRoute(createToken, "POST", "/api/tokens", { cookie: owner.cookie, body: { name: "short" } })).json);
    await db().apiToken.update({ where: { id: apiToken.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await callRoute(getMe, "GET", "/api/me", { bearer: token })).status).toBe(401);
  });

  it("answer a malformed Authorization header with 401 and a message", async () => {
    const response = await callRoute(getMe, "GET", "/api/me", {});
    expect(response.status).toBe(401);
    const bad = await getMe(new Request("http://localhost/api/me", { headers: { authorization: "Token abc" } }), { params: Promise.resolve({}) });
    expect(bad.status).toBe(401);
    expect(errorOf(await bad.json()).message).toMatch(/Bearer/);
  });
});
