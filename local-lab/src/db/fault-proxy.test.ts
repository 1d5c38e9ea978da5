import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TcpFaultProxy } from "./fault-proxy";

let echo: net.Server;
let echoPort = 0;
let proxy: TcpFaultProxy;

function connect(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: "127.0.0.1", port, noDelay: true });
    socket.once("connect", () => resolve(socket));
    socket.once("error", reject);
  });
}

function busyFor(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // Holds the event loop, as a busy lab process would.
  }
}

function roundTrip(socket: net.Socket, payload: string): Promise<{ reply: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    socket.once("data", (data) => resolve({ reply: data.toString(), ms: performance.now() - started }));
    socket.once("error", reject);
    socket.write(payload);
  });
}

function closed(socket: net.Socket): Promise<void> {
  return new Promise((resolve) => {
    if (socket.destroyed) resolve();
    socket.once("close", () => resolve());
  });
}

beforeAll(async () => {
  echo = net.createServer((socket) => socket.pipe(socket));
  await new Promise<void>((resolve) => echo.listen(0, "127.0.0.1", () => resolve()));
  const address = echo.address();
  echoPort = typeof address === "object" && address ? address.port : 0;
  proxy = new TcpFaultProxy({ host: "127.0.0.1", upstreamHost: "127.0.0.1", upstreamPort: echoPort });
  await proxy.start();
});

afterAll(async () => {
  await proxy.close();
  await new Promise<void>((resolve) => echo.close(() => resolve()));
});

describe("TCP fault proxy", () => {
  it("passes bytes both ways and counts the connections that reached upstream", async () => {
    const socket = await connect(proxy.port);
    expect((await roundTrip(socket, "hello")).reply).toBe("hello");
    expect(proxy.activeConnections).toBe(1);
    socket.destroy();
    await closed(socket);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(proxy.activeConnections).toBe(0);
  });

  it("adds latency each way and removes it again", async () => {
    const socket = await connect(proxy.port);
    const baseline = await roundTrip(socket, "a");
    proxy.setLatency(60, 0);
    const slowed = await roundTrip(socket, "b");
    proxy.setLatency(0, 0);
    const restored = await roundTrip(socket, "c");
    socket.destroy();
    // Both directions pass the proxy: one round trip carries the delay twice.
    expect(slowed.ms).toBeGreaterThanOrEqual(115);
    expect(slowed.ms).toBeLessThan(400);
    expect(restored.ms).toBeLessThan(baseline.ms + 30);
  });

  it("keeps byte order under jitter, also for chunks sent apart while the event loop is busy", async () => {
    const socket = await connect(proxy.port);
    proxy.setLatency(5, 5);
    const sent = Array.from({ length: 300 }, (_, index) => String(index % 10)).join("");
    let received = "";
    const done = new Promise<void>((resolve) => {
      socket.on("data", (data) => {
        received += data.toString();
        if (received.length >= sent.length) resolve();
      });
    });
    for (let index = 0; index < sent.length; index += 1) {
      socket.write(sent[index]!);
      // Separate chunks, each scheduled by the proxy at a different moment; a few of them
      // after the loop was held up, which is when timers of different lengths reorder.
      if (index % 3 === 0) await new Promise((resolve) => setImmediate(resolve));
      if (index % 50 === 0) busyFor(3);
    }
    await done;
    proxy.setLatency(0, 0);
    socket.destroy();
    expect(received).toBe(sent);
  });

  it("drops every connection and refuses new ones for the window, then accepts again", async () => {
    const socket = await connect(proxy.port);
    const gone = closed(socket);
    await proxy.refuse(300);
    await gone;
    expect(proxy.refusing).toBe(true);
    const refused = await connect(proxy.port).then(
      (unexpected) => {
        unexpected.destroy();
        return "connected";
      },
      (error: NodeJS.ErrnoException) => error.code,
    );
    expect(refused).toBe("ECONNREFUSED");
    await new Promise((resolve) => setTimeout(resolve, 450));
    expect(proxy.refusing).toBe(false);
    const again = await connect(proxy.port);
    expect((await roundTrip(again, "back")).reply).toBe("back");
    again.destroy();
  });

  it("ends a refusal window early on request", async () => {
    await proxy.refuse(60_000);
    await proxy.acceptAgain();
    const socket = await connect(proxy.port);
    expect((await roundTrip(socket, "early")).reply).toBe("early");
    socket.destroy();
  });
});
