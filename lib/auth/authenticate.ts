import "server-only";
import { decode } from "next-auth/jwt";
import { ApiError } from "@/lib/api/errors";
import { env } from "@/lib/env";
import { authenticateApiToken } from "./api-tokens";
import { readCookie, sessionCookieName } from "./cookies";
import type { Principal } from "./principal";
import { rememberedSession, rememberSession } from "./session-cache";
import { resolveSession } from "./sessions";
import { sha256 } from "./secrets";

/** The server-side session token inside next-auth's encrypted session cookie, if any. */
export async function sessionTokenFromCookieHeader(cookieHeader: string | null): Promise<string | null> {
  const cookie = readCookie(cookieHeader, sessionCookieName());
  if (!cookie) return null;
  try {
    const jwt = await decode({ token: cookie, secret: env().NEXTAUTH_SECRET });
    return typeof jwt?.sid === "string" ? jwt.sid : null;
  } catch {
    return null;
  }
}

/** The session cookie's owner; a live session is remembered briefly (lib/auth/session-cache.ts), a refusal never. */
export async function principalFromSessionCookie(cookieHeader: string | null): Promise<Principal | null> {
  const cookie = readCookie(cookieHeader, sessionCookieName());
  if (!cookie) return null;
  const remembered = rememberedSession(cookie);
  if (remembered) return remembered;
  const token = await sessionTokenFromCookieHeader(cookieHeader);
  if (!token) return null;
  const resolved = await resolveSession(token);
  if (!resolved.ok) return null;
  const { user, session } = resolved;
  const principal: Principal = { userId: user.id, email: user.email, name: user.name, role: user.role, via: "session", credentialId: session.id };
  rememberSession(cookie, sha256(token), principal, session.expiresAt);
  return principal;
}

/**
 * Who sent this request: an `Authorization: Bearer` API token, else the session cookie.
 * A bearer header that does not resolve is an error, not an anonymous call, so automation
 * with a revoked token fails loudly.
 */
export async function authenticateRequest(request: Request): Promise<Principal | null> {
  const authorization = request.headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match?.[1]) throw new ApiError("unauthorized", "Authorization header must be 'Bearer <api token>'.");
    const record = await authenticateApiToken(match[1]);
    if (!record) throw new ApiError("unauthorized", "API token is invalid, expired or revoked.");
    return { userId: record.user.id, email: record.user.email, name: record.user.name, role: record.user.role, via: "token", credentialId: record.id };
  }
  return principalFromSessionCookie(request.headers.get("cookie"));
}
