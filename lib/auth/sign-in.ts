import "server-only";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db/client";
import { spendPasswordCheck, verifyPassword } from "./password";
import type { Role } from "./roles";
import { createSession, type RequestOrigin } from "./sessions";

export const SignInSchema = z.object({
  email: z.email("email must be an email address").max(254).transform((email) => email.toLowerCase()),
  password: z.string({ error: "password is required" }).min(1, "password is required").max(200, "password is too long"),
});
export type SignInInput = z.input<typeof SignInSchema>;

/** Consecutive failures that lock an account, and for how long. */
export const LOCKOUT_THRESHOLD = 5;
export const LOCKOUT_DURATION_MS = 15 * 60 * 1000;
/** Failed attempts from one address before it must wait, whatever the accounts. */
export const IP_FAILURE_LIMIT = 20;
export const IP_FAILURE_WINDOW_MS = 10 * 60 * 1000;

export type SignInResult =
  | { ok: true; sessionToken: string; user: { id: string; email: string; name: string; role: Role } }
  | { ok: false; reason: "invalid" | "locked" | "rate-limited" | "disabled"; retryAfterSeconds?: number };

export async function signInWithPassword(input: SignInInput, origin: RequestOrigin, now = new Date()): Promise<SignInResult> {
  const parsed = SignInSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: "invalid" };
  const { email, password } = parsed.data;

  if (origin.ip) {
    const recentFailures = await db().loginAttempt.count({
      where: { ip: origin.ip, success: false, at: { gt: new Date(now.getTime() - IP_FAILURE_WINDOW_MS) } },
    });
    if (recentFailures >= IP_FAILURE_LIMIT) {
      // The address may try again once enough of its failures have left the window to bring it under the limit.
      const windowStart = new Date(now.getTime() - IP_FAILURE_WINDOW_MS);
      const freeing = await db().loginAttempt.findFirst({
        where: { ip: origin.ip, success: false, at: { gt: windowStart } },
        orderBy: { at: "asc" },
        skip: recentFailures - IP_FAILURE_LIMIT,
        select: { at: true },
      });
      const retryAt = (freeing?.at.getTime() ?? now.getTime()) + IP_FAILURE_WINDOW_MS;
      await recordAudit({ actor: null, action: "auth.sign-in.rate-limited", targetType: "user", ...origin, details: { email } });
      return { ok: false, reason: "rate-limited", retryAfterSeconds: Math.max(1, Math.ceil((retryAt - now.getTime()) / 1000)) };
    }
  }

  const user = await db().user.findUnique({ where: { email }, omit: { passwordHash: false } });
  const recordAttempt = (success: boolean) => db().loginAttempt.create({ data: { email, ip: origin.ip, success, at: now } });

  if (user?.lockedUntil && user.lockedUntil > now) {
    await recordAttempt(false);
    await recordAudit({ actor: null, action: "auth.sign-in.locked", targetType: "user", targetId: user.id, ...origin, details: { email } });
    return { ok: false, reason: "locked", retryAfterSeconds: Math.ceil((user.lockedUntil.getTime() - now.getTime()) / 1000) };
  }

  const passwordMatches = user ? await verifyPassword(password, user.passwordHash) : await spendPasswordCheck(password);
  if (!user || !passwordMatches) {
    await recordAttempt(false);
    if (user) {
      const updated = await db().user.update({ where: { id: user.id }, data: { failedLoginCount: { increment: 1 } } });
      if (updated.failedLoginCount >= LOCKOUT_THRESHOLD) {
        await db().user.update({
          where: { id: user.id },
          data: { failedLoginCount: 0, lockedUntil: new Date(now.getTime() + LOCKOUT_DURATION_MS) },
        });
        await recordAudit({ actor: null, action: "auth.lockout", targetType: "user", targetId: user.id, ...origin, details: { email } });
      }
    }
    await recordAudit({ actor: null, action: "auth.sign-in.failed", targetType: "user", targetId: user?.id, ...origin, details: { email } });
    return { ok: false, reason: "invalid" };
  }

  if (user.disabled) {
    await recordAttempt(false);
    return { ok: false, reason: "disabled" };
  }

  await db().user.update({ where: { id: user.id }, data: { failedLoginCount: 0, lockedUntil: null } });
  await recordAttempt(true);
  const { token, sessionId } = await createSession(user.id, origin, now);
  await recordAudit({
    actor: { userId: user.id, email: user.email, via: "session" },
    action: "auth.sign-in",
    targetType: "session",
    targetId: sessionId,
    ...origin,
  });
  return { ok: true, sessionToken: token, user: { id: user.id, email: user.email, name: user.name, role: user.role } };
}
