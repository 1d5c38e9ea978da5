import "server-only";
import type { IncomingMessage } from "node:http";

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
