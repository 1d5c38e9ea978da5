/**
 * Benchmarks drive the console like a browser would: sign in with the demo facilitator's
 * password through next-auth's credentials flow and keep the session cookie.
 */
import { z } from "zod";

export class ConsoleSession {
  private constructor(
    readonly baseUrl: string,
    readonly cookie: string,
  ) {}

  static async signIn(baseUrl: string, email: string, password: string): Promise<ConsoleSession> {
    const csrfResponse = await fetch(`${baseUrl}/api/auth/csrf`);
    const { csrfToken } = z.object({ csrfToken: z.string() }).parse(await csrfResponse.json());
    const csrfCookie = csrfResponse.headers.getSetCookie().map((entry) => entry.split(";")[0]).join("; ");
    const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie },
      body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
    });
    const session = response.headers.getSetCookie().find((entry) => entry.includes("session-token="));
    if (!session) throw new Error(`sign-in as ${email} failed (HTTP ${response.status})`);
    return new ConsoleSession(baseUrl, session.split(";")[0] ?? "");
  }

  async call<S extends z.ZodType>(path: string, schema: S, init: { method?: string; body?: unknown } = {}): Promise<z.infer<S>> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method: init.method ?? (init.body === undefined ? "GET" : "POST"),
      headers: { cookie: this.cookie, ...(init.body === undefined ? {} : { "content-type": "application/json" }) },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${init.method ?? "GET"} ${path}: HTTP ${response.status} ${text}`);
    return schema.parse(JSON.parse(text));
  }

  /** Opens the game day's event stream; `onEvent` gets each parsed message. */
  async stream(gameDayId: string, onEvent: (data: unknown, receivedAt: number) => void, signal: AbortSignal, window = 60): Promise<void> {
    await this.streamRaw(gameDayId, (data, receivedAt) => onEvent(JSON.parse(data), receivedAt), signal, window);
  }

  /**
   * Opens the game day's event stream; `onData` gets each message's data unparsed, so a
   * thousand viewers in one benchmark process can look at a prefix instead of parsing it all.
   */
  async streamRaw(gameDayId: string, onData: (data: string, receivedAt: number) => void, signal: AbortSignal, window = 60): Promise<void> {
    const response = await fetch(`${this.baseUrl}/api/gamedays/${gameDayId}/stream?window=${window}`, { headers: { cookie: this.cookie, accept: "text/event-stream" }, signal });
    if (!response.ok || !response.body) throw new Error(`stream: HTTP ${response.status}`);
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    void (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          const receivedAt = Date.now();
          buffer += decoder.decode(value, { stream: true });
          let boundary = buffer.indexOf("\n\n");
          while (boundary >= 0) {
            const block = buffer.slice(0, boundary);
            buffer = buffer.slice(boundary + 2);
            boundary = buffer.indexOf("\n\n");
            const data = block
              .split("\n")
              .filter((line) => line.startsWith("data: "))
              .map((line) => line.slice(6))
              .join("");
            if (data) onData(data, receivedAt);
          }
        }
      } catch {
        // aborted
      }
    })();
  }
}

/** Resident memory of a process and its descendants, from /proc (Linux). */
export async function rssOfTree(pid: number): Promise<number> {
  const { readFileSync, readdirSync } = await import("node:fs");
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // process ended while reading
    }
  }
  let total = 0;
  const pending = [pid];
  while (pending.length) {
    const current = pending.pop() as number;
    try {
      const status = readFileSync(`/proc/${current}/status`, "utf8");
      total += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
    } catch {
      // gone
    }
    pending.push(...(children.get(current) ?? []));
  }
  return total;
}
