import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { connect, type Socket } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { installLab } from "@/lib/lab";
import { createTestUser, type TestUser } from "@/test/fixtures";
import { useTestDatabase } from "@/test/database";
import { ScriptedLab } from "@/test/scripted-lab";
import { cadenceFor } from "./cadence";
import { MAX_BUFFERED_BYTES } from "./open-stream";
import { closeAllHubs, configureLiveHubs, hubFor } from "./registry";
import { liveStreamListener } from "./stream-listener";

useTestDatabase();

const lab = new ScriptedLab();
let server: Server;
let port = 0;

async function waitFor<T>(read: () => T, accept: (value: T) => boolean, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${String(value)})`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A raw client: sends the request and reads only when told, like a stalled or slow tab. */
function rawStream(user: TestUser, gameDayId: string): { socket: Socket; received: () => string; closed: Promise<void> } {
  const socket = connect(port, "127.0.0.1");
  let text = "";
  socket.on("data", (chunk: Buffer) => {
    if (text.length < 64 * 1024) text += chunk.toString("utf8");
  });
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  socket.write(`GET /api/gamedays/${gameDayId}/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${user.cookie}\r\nAccept: text/event-stream\r\n\r\n`);
  return { socket, received: () => text, closed };
}

describe("the node stream listener", () => {
  let facilitator: TestUser;
  let gameDayId: string;

  beforeAll(async () => {
    installLab(lab);
    configureLiveHubs({ lab: () => lab, cadence: cadenceFor("local", { tickMs: 200, metricsEveryMs: 200, fleetEveryMs: 200, alarmsEveryMs: 200, eventsEveryMs: 200, tracesEveryMs: 1000 }) });
    server = createServer((req, res) => {
      const id = liveStreamListener.match(req.url ?? "/");
      if (id === null) res.writeHead(404).end();
      else void liveStreamListener.serve(req, res, id);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });

  beforeEach(async () => {
    facilitator = await createTestUser("facilitator");
    const gameDay = await db().gameDay.create({
      data: {
        title: "Listener",
        environment: "local",
        status: "running",
        startedAt: new Date(),
        joinCode: Math.random().toString(36).slice(2, 8).toUpperCase(),
        createdById: facilitator.id,
        participants: { create: [{ userId: facilitator.id, role: "facilitator" }] },
      },
    });
    gameDayId = gameDay.id;
  });

  afterEach(async () => {
    await closeAllHubs();
  });

  afterAll(async () => {
    await liveStreamListener.shutdown();
    await new Promise((resolve) => server.close(resolve));
    installLab(undefined);
  });

  it("matches only stream addresses", () => {
    expect(liveStreamListener.match("/api/gamedays/abc123/stream")).toBe("abc123");
    expect(liveStreamListener.match("/api/gamedays/abc123/stream?window=60")).toBe("abc123");
    expect(liveStreamListener.match("/api/gamedays/abc123/streams")).toBeNull();
    expect(liveStreamListener.match("/api/gamedays/abc123")).toBeNull();
    expect(liveStreamListener.match("/api/gamedays/a%ZZ/stream")).toBe("a%ZZ");
  });

  it("detaches a viewer when its client goes away", async () => {
    const client = rawStream(facilitator, gameDayId);
    await waitFor(client.received, (text) => text.includes('"type":"hello"'), "the hello");
    const hub = hubFor(gameDayId);
    expect(hub.viewerCount).toBe(1);
    expect(liveStreamListener.openStreams()).toBe(1);
    client.socket.destroy();
    await waitFor(() => hub.viewerCount, (count) => count === 0, "the viewer to be detached");
    expect(liveStreamListener.openStreams()).toBe(0);
  });

  it("cuts off a viewer that stops reading once more than 4 MB wait for it, instead of buffering without bound", async () => {
    const client = rawStream(facilitator, gameDayId);
    await waitFor(client.received, (text) => text.includes('"type":"hello"'), "the hello");
    client.socket.pause();
    const hub = hubFor(gameDayId);
    const detail = "x".repeat(64 * 1024);
    // Far more than the cutoff plus what the kernel's socket buffers hold on loopback.
    for (let sent = 0; sent < 8 * MAX_BUFFERED_BYTES && hub.viewerCount > 0; sent += detail.length) {
      hub.broadcast({ type: "lab", at: new Date().toISOString(), reachable: true, detail, staleSources: [] });
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(hub.viewerCount).toBe(0);
    expect(liveStreamListener.openStreams()).toBe(0);
    client.socket.resume();
    await client.closed;
  });

  it("keeps a viewer that reads, however much is sent", async () => {
    const client = rawStream(facilitator, gameDayId);
    await waitFor(client.received, (text) => text.includes('"type":"hello"'), "the hello");
    const hub = hubFor(gameDayId);
    const detail = "x".repeat(64 * 1024);
    for (let sent = 0; sent < 2 * MAX_BUFFERED_BYTES; sent += detail.length) {
      hub.broadcast({ type: "lab", at: new Date().toISOString(), reachable: true, detail, staleSources: [] });
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(hub.viewerCount).toBe(1);
    client.socket.destroy();
    await waitFor(() => hub.viewerCount, (count) => count === 0, "the viewer to be detached");
  });
});
