import "server-only";
import type { NextAuthOptions, User } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { recordAudit } from "@/lib/audit/record-audit";
import { env } from "@/lib/env";
import { clientIp, userAgent } from "@/lib/http/request-context";
import { sessionCookieName, usesSecureCookies } from "./cookies";
import { RoleSchema } from "./roles";
import { SESSION_ABSOLUTE_TIMEOUT_MS, revokeSession } from "./sessions";
import { signInWithPassword } from "./sign-in";
import { signInErrorCode } from "./sign-in-errors";

function headersFrom(raw: Record<string, unknown> | undefined): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw ?? {})) {
    if (typeof value === "string") headers.set(name, value);
  }
  return headers;
}

/**
 * next-auth v4's Credentials provider only issues JWT sessions. The JWT (encrypted by
 * next-auth) carries the id of a server-side session record, which every request checks,
 * so sign-out and expiry are enforced on the server, not by the cookie's lifetime.
 */
export function authOptions(): NextAuthOptions {
  const secure = usesSecureCookies();
  const cookie = (name: string, httpOnly = true) => ({
    name: `${secure ? "__Secure-" : ""}gameday.${name}`,
    options: { httpOnly, sameSite: "lax" as const, path: "/", secure },
  });
  return {
    secret: env().NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge: SESSION_ABSOLUTE_TIMEOUT_MS / 1000 },
    jwt: { maxAge: SESSION_ABSOLUTE_TIMEOUT_MS / 1000 },
    pages: { signIn: "/signin", error: "/signin" },
    useSecureCookies: secure,
    cookies: {
      sessionToken: { name: sessionCookieName(), options: cookie("session-token").options },
      callbackUrl: cookie("callback-url"),
      csrfToken: { name: `${secure ? "__Host-" : ""}gameday.csrf-token`, options: cookie("csrf-token").options },
      pkceCodeVerifier: cookie("pkce.code_verifier"),
      state: cookie("state"),
      nonce: cookie("nonce"),
    },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, request): Promise<User | null> {
          const headers = headersFrom(request.headers);
          const result = await signInWithPassword(
            { email: credentials?.email ?? "", password: credentials?.password ?? "" },
            { ip: clientIp(headers), userAgent: userAgent(headers) },
          );
          if (!result.ok) throw new Error(signInErrorCode(result.reason, result.retryAfterSeconds));
          return { ...result.user, sessionToken: result.sessionToken };
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          token.sid = user.sessionToken;
          token.role = user.role;
        }
        return token;
      },
      session({ session, token }) {
        const role = RoleSchema.safeParse(token.role);
        if (session.user && token.sub && role.success) {
          session.user = { ...session.user, id: token.sub, role: role.data };
        }
        return session;
      },
    },
    events: {
      async signOut({ token }) {
        if (typeof token.sid === "string" && (await revokeSession(token.sid))) {
          await recordAudit({
            actor: token.sub && token.email ? { userId: token.sub, email: token.email, via: "session" } : null,
            action: "auth.sign-out",
            targetType: "user",
            targetId: token.sub,
          });
        }
      },
    },
  };
}
