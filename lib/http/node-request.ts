import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { env } from "@/lib/env";
import { NOTHING_ALLOWED_CSP, STRICT_TRANSPORT_SECURITY } from "./security-headers";

/**
 * A node request's head as the web Request the route wrappers take, for the listeners the
 * server entry hands requests to. The socket's address fills X-Forwarded-For, as Next's
 * server does; the host is a placeholder (the wrappers read only the path and the query).
 */
export function webRequestOf(req: IncomingMessage, body: Uint8Array<ArrayBuffer> | null = null): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  if (!headers.has("x-forwarded-for") && req.socket.remoteAddress) headers.set("x-forwarded-for", req.socket.remoteAddress);
  const method = req.method ?? "GET";
  return new Request(new URL(req.url ?? "/", "http://console.internal"), { method, headers, body: body && body.length > 0 ? body : null });
}

/** The id a listener's path pattern captured, decoded. A malformed escape is a malformed id: readParams answers 404 for it. */
export function pathIdOf(captured: string): string {
  try {
    return decodeURIComponent(captured);
  } catch {
    return captured;
  }
}

/** What proxy.ts gives every other API answer; the listeners' answers never pass through it. */
export function setApiSecurityHeaders(res: ServerResponse): void {
  res.setHeader("content-security-policy", NOTHING_ALLOWED_CSP);
  if (env().NEXTAUTH_URL.startsWith("https://")) res.setHeader("strict-transport-security", STRICT_TRANSPORT_SECURITY);
}

/** A listener's unexpected failure: logged, and answered as the API answers one, or the connection dropped mid-answer. */
export function answerUnexpectedFailure(req: IncomingMessage, res: ServerResponse, what: string, error: unknown): void {
  console.error(JSON.stringify({ level: "error", msg: `${what} failed`, url: req.url, error: error instanceof Error ? error.stack : String(error) }));
  if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ error: { code: "internal", message: "Something went wrong on the server; the error was logged." } }));
  else res.destroy();
}
