import "server-only";
import type { Principal } from "./principal";
import { sha256 } from "./secrets";

/**
 * How long a resolved session cookie is trusted without asking the database again. Each API
 * call otherwise decrypts next-auth's cookie and reads the session and its user: at a
 * thousand timeline entries a second that is most of the console's work. A sign-out, a
 * disabled account or a role change in THIS process forgets the session at once; on another
 * console instance the revoked session can still act for up to this long (plus the time its
 * own request takes).
 */
export const SESSION_TRUST_MS = 2000;
const MAX_REMEMBERED = 10_000;

interface Remembered {
  principal: Principal;
  /** sha256 of the server-side session token, as sessions are stored. */
  tokenHash: string;
  until: number;
}

const globalForSessions = globalThis as { gamedaySessionCache?: Map<string, Remembered> };

function cache(): Map<string, Remembered> {
  return (globalForSessions.gamedaySessionCache ??= new Map<string, Remembered>());
}

/** The cookie is the key, hashed, so the map never holds a usable credential. */
function keyOf(cookie: string): string {
  return sha256(cookie);
}

export function rememberedSession(cookie: string, now = Date.now()): Principal | null {
  const key = keyOf(cookie);
  const found = cache().get(key);
  if (!found) return null;
  if (found.until > now) return found.principal;
  cache().delete(key);
  return null;
}

/** Remembers a live session, never past its own expiry. */
export function rememberSession(cookie: string, tokenHash: string, principal: Principal, expiresAt: Date, now = Date.now()): void {
  const sessions = cache();
  if (sessions.size >= MAX_REMEMBERED) sessions.clear();
  sessions.set(keyOf(cookie), { principal, tokenHash, until: Math.min(now + SESSION_TRUST_MS, expiresAt.getTime()) });
}

/** After a sign-out: the session stops working in this process immediately. */
export function forgetSessionByTokenHash(tokenHash: string): void {
  for (const [key, remembered] of cache()) if (remembered.tokenHash === tokenHash) cache().delete(key);
}

/** After a user's sessions are revoked (disabled, role changed, signed out everywhere). */
export function forgetSessionsOf(userId: string): void {
  for (const [key, remembered] of cache()) if (remembered.principal.userId === userId) cache().delete(key);
}
