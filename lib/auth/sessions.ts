import "server-only";
import { db } from "@/lib/db/client";
import { randomSecret, sha256 } from "./secrets";
import { forgetSessionByTokenHash, forgetSessionsOf } from "./session-cache";

export const SESSION_IDLE_TIMEOUT_MS = 30 * 60 * 1000;
export const SESSION_ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60 * 1000;
/** lastSeenAt is refreshed at most this often, so reads do not turn into writes. */
const TOUCH_INTERVAL_MS = 30 * 1000;

export interface RequestOrigin {
  ip: string | null;
  userAgent: string | null;
}

export async function createSession(userId: string, origin: RequestOrigin, now = new Date()): Promise<{ token: string; sessionId: string }> {
  const token = randomSecret("gds_");
  const session = await db().session.create({
    data: {
      userId,
      tokenHash: sha256(token),
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + SESSION_ABSOLUTE_TIMEOUT_MS),
      ip: origin.ip,
      userAgent: origin.userAgent,
    },
  });
  return { token, sessionId: session.id };
}

export type SessionEnd = "revoked" | "expired" | "idle" | "unknown" | "user-disabled";

/**
 * The live session behind a session token, or why there is none. Every request passes here,
 * so sign-out, idle timeout and absolute expiry take effect immediately.
 */
export async function resolveSession(token: string, now = new Date()) {
  const session = await db().session.findUnique({
    where: { tokenHash: sha256(token) },
    include: { user: true },
  });
  if (!session) return { ok: false as const, reason: "unknown" as SessionEnd };
  if (session.revokedAt) return { ok: false as const, reason: "revoked" as SessionEnd };
  if (session.expiresAt <= now) return { ok: false as const, reason: "expired" as SessionEnd };
  if (now.getTime() - session.lastSeenAt.getTime() > SESSION_IDLE_TIMEOUT_MS) {
    await db().session.update({ where: { id: session.id }, data: { revokedAt: now } });
    return { ok: false as const, reason: "idle" as SessionEnd };
  }
  if (session.user.disabled) return { ok: false as const, reason: "user-disabled" as SessionEnd };
  if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await db().session.update({ where: { id: session.id }, data: { lastSeenAt: now } });
  }
  return { ok: true as const, session, user: session.user };
}

export async function revokeSession(token: string, now = new Date()): Promise<boolean> {
  const { count } = await db().session.updateMany({
    where: { tokenHash: sha256(token), revokedAt: null },
    data: { revokedAt: now },
  });
  forgetSessionByTokenHash(sha256(token));
  return count > 0;
}

export async function revokeUserSessions(userId: string, now = new Date()): Promise<number> {
  const { count } = await db().session.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: now } });
  forgetSessionsOf(userId);
  return count;
}
