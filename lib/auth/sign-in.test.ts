import { describe, expect, it } from "vitest";
import { GET as getMe } from "@/app/api/me/route";
import { authenticateRequest } from "@/lib/auth/authenticate";
import { LOCKOUT_THRESHOLD, signInWithPassword, IP_FAILURE_LIMIT } from "@/lib/auth/sign-in";
import { SESSION_TRUST_MS } from "@/lib/auth/session-cache";
import { SESSION_IDLE_TIMEOUT_MS, resolveSession, revokeSession } from "@/lib/auth/sessions";
import { db } from "@/lib/db/client";
import { updateUser } from "@/lib/users/update-user";
import { TEST_PASSWORD, callRoute, createTestUser, errorOf, sessionCookieFor } from "@/test/fixtures";
import { useTestDatabase } from "@/test/database";

useTestDatabase();

const origin = { ip: "10.0.0.1", userAgent: "vitest" };

describe("sign-in", () => {
  it("succeeds with the right password and opens a server-side session", async () => {
    const user = await createTestUser("trainee");
    const result = await signInWithPassword({ email: user.email.toUpperCase(), password: TEST_PASSWORD }, origin);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.user).toMatchObject({ id: user.id, role: "trainee" });
    const session = await resolveSession(result.sessionToken);
    expect(session.ok).toBe(true);
    const stored = await db().session.findMany({ where: { userId: user.id }, omit: { tokenHash: false } });
    expect(stored.every((row) => row.tokenHash !== result.sessionToken && /^[0-9a-f]{64}$/.test(row.tokenHash))).toBe(true);
    expect(await db().auditLog.count({ where: { action: "auth.sign-in", actorId: user.id } })).toBe(1);
  });

  it("fails with a wrong password or unknown email, the same way", async () => {
    const user = await createTestUser("trainee");
    const wrong = await signInWithPassword({ email: user.email, password: "not the password at all" }, origin);
    const unknown = await signInWithPassword({ email: "nobody@example.test", password: TEST_PASSWORD }, origin);
    expect(wrong).toEqual({ ok: false, reason: "invalid" });
    expect(unknown).toEqual({ ok: false, reason: "invalid" });
    expect(await db().loginAttempt.count({ where: { email: user.email, success: false } })).toBe(1);
  });

  it(`locks the account after ${LOCKOUT_THRESHOLD} failures, even for the right password, until the lock expires`, async () => {
    const user = await createTestUser("facilitator");
    const now = new Date();
    for (let attempt = 0; attempt < LOCKOUT_THRESHOLD; attempt += 1) {
      expect(await signInWithPassword({ email: user.email, password: "wrong password value" }, { ...origin, ip: `10.0.1.${attempt}` }, now)).toMatchObject({ ok: false, reason: "invalid" });
    }
    const locked = await signInWithPassword({ email: user.email, password: TEST_PASSWORD }, origin, now);
    expect(locked).toMatchObject({ ok: false, reason: "locked" });
    expect(await db().auditLog.count({ where: { action: "auth.lockout", targetId: user.id } })).toBe(1);

    const later = new Date(now.getTime() + 16 * 60 * 1000);
    const afterLock = await signInWithPassword({ email: user.email, password: TEST_PASSWORD }, origin, later);
    expect(afterLock.ok).toBe(true);
  });

  it("rate-limits an address that keeps failing across accounts", async () => {
    const ip = "10.9.9.9";
    for (let attempt = 0; attempt < IP_FAILURE_LIMIT; attempt += 1) {
      await signInWithPassword({ email: `probe${attempt}@example.test`, password: "guessing password" }, { ip, userAgent: null });
    }
    const user = await createTestUser("observer");
    const limited = await signInWithPassword({ email: user.email, password: TEST_PASSWORD }, { ip, userAgent: null });
    expect(limited).toMatchObject({ ok: false, reason: "rate-limited" });
  });

  it("refuses a disabled user", async () => {
    const user = await createTestUser("trainee");
    await db().user.update({ where: { id: user.id }, data: { disabled: true } });
    expect(await signInWithPassword({ email: user.email, password: TEST_PASSWORD }, origin)).toMatchObject({ ok: false, reason: "disabled" });
  });
});

describe("sessions", () => {
  it("are revoked on the server by sign-out: the same cookie stops working", async () => {
    const user = await createTestUser("facilitator");
    const before = await callRoute(getMe, "GET", "/api/me", { cookie: user.cookie });
    expect(before.status).toBe(200);
    expect(before.json).toMatchObject({ id: user.id, via: "session" });

    expect(await revokeSession(user.sessionToken)).toBe(true);
    const after = await callRoute(getMe, "GET", "/api/me", { cookie: user.cookie });
    expect(after.status).toBe(401);
    expect(errorOf(after.json).code).toBe("unauthorized");
  });

  it("stop working at once when the user is disabled or changes role, though this process remembered them", async () => {
    const admin = await createTestUser("admin");
    for (const change of [{ disabled: true }, { role: "observer" as const }]) {
      const user = await createTestUser("trainee");
      const request = () => new Request("http://localhost/api/me", { headers: { cookie: user.cookie } });
      expect(await authenticateRequest(request())).toMatchObject({ userId: user.id, role: "trainee" });
      await updateUser(admin.id, user.id, change);
      expect(await authenticateRequest(request())).toBeNull();
    }
  });

  it("expire after 30 idle minutes", async () => {
    const user = await createTestUser("trainee");
    const request = () => new Request("http://localhost/api/me", { headers: { cookie: user.cookie } });
    expect(await authenticateRequest(request())).toMatchObject({ userId: user.id });

    await db().session.updateMany({ where: { userId: user.id }, data: { lastSeenAt: new Date(Date.now() - SESSION_IDLE_TIMEOUT_MS - 1000) } });
    // A change made behind this process's back (here, straight in the database) is seen once
    // the process stops trusting what it resolved a moment ago.
    await new Promise((resolve) => setTimeout(resolve, SESSION_TRUST_MS + 50));
    expect(await authenticateRequest(request())).toBeNull();
    const session = await resolveSession(user.sessionToken);
    expect(session).toMatchObject({ ok: false });
  });

  it("stay alive while used, and expire at the absolute limit regardless", async () => {
    const user = await createTestUser("trainee");
    const now = Date.now();
    await db().session.updateMany({ where: { userId: user.id }, data: { lastSeenAt: new Date(now - 20 * 60 * 1000) } });
    expect((await resolveSession(user.sessionToken)).ok).toBe(true);
    const touched = await db().session.findFirstOrThrow({ where: { userId: user.id } });
    expect(touched.lastSeenAt.getTime()).toBeGreaterThan(now - 60 * 1000);

    await db().session.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(now - 1000) } });
    expect(await resolveSession(user.sessionToken)).toEqual({ ok: false, reason: "expired" });
  });

  it("reject a cookie forged with another secret", async () => {
    const user = await createTestUser("admin");
    const forged = (await sessionCookieFor(user, user.sessionToken)).replace(/=.*/, "=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..forged.token.value");
    expect(await authenticateRequest(new Request("http://localhost/", { headers: { cookie: forged } }))).toBeNull();
  });
});
