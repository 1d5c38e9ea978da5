/**
 * The TCP fault proxy between the tasks and Postgres: the lab's stand-in for the network
 * path to Aurora. It can delay traffic (latency ± jitter), drop every connection, and refuse
 * new ones for a window by really closing its listener (clients get ECONNREFUSED), which is
 * what a writer failover looks like from the application.
 *
 * When idle (no latency set) bytes are written straight through, so the proxy costs well
 * under a millisecond per round trip (bench/lab-proxy-overhead.ts measures it).
 */
import net from "node:net";

interface Connection {
  client: net.Socket;
  upstream: net.Socket;
  connected: boolean;
}

export interface FaultProxyOptions {
  host: string;
  upstreamHost: string;
  upstreamPort: number;
}

export class TcpFaultProxy {
  private readonly options: FaultProxyOptions;
  private server: net.Server | undefined;
  private boundPort = 0;
  private readonly connections = new Set<Connection>();
  private latencyMs = 0;
  private jitterMs = 0;
  private refuseTimer: NodeJS.Timeout | undefined;
  private refusingUntil: number | null = null;
  private reopening: Promise<void> | undefined;
  private closed = false;

  constructor(options: FaultProxyOptions) {
    this.options = options;
  }

  get port(): number {
    return this.boundPort;
  }

  /** Connections that reached Postgres (what RDS reports as DatabaseConnections). */
  get activeConnections(): number {
    let count = 0;
    for (const connection of this.connections) if (connection.connected) count += 1;
    return count;
  }

  get refusing(): boolean {
    return this.refusingUntil !== null;
  }

  get latency(): { latencyMs: number; jitterMs: number } {
    return { latencyMs: this.latencyMs, jitterMs: this.jitterMs };
  }

  async start(port = 0): Promise<number> {
    this.boundPort = await this.listen(port);
    return this.boundPort;
  }

  private createServer(): net.Server {
    return net.createServer({ noDelay: true }, (client) => this.accept(client));
  }

  private listen(port: number): Promise<number> {
    const server = this.createServer();
    return new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, this.options.host, () => {
        server.off("error", reject);
        this.server = server;
        const address = server.address();
        resolve(typeof address === "object" && address ? address.port : port);
      });
    });
  }

  private accept(client: net.Socket): void {
    const upstream = net.connect({ host: this.options.upstreamHost, port: this.options.upstreamPort, noDelay: true });
    const connection: Connection = { client, upstream, connected: false };
    this.connections.add(connection);
    upstream.once("connect", () => {
      connection.connected = true;
    });
    const finish = () => {
      if (!this.connections.delete(connection)) return;
      client.destroy();
      upstream.destroy();
    };
    for (const socket of [client, upstream]) {
      socket.on("error", finish);
      socket.on("close", finish);
    }
    this.forward(client, upstream);
    this.forward(upstream, client);
  }

  /** Copies bytes one way, delayed when latency is set, preserving order and backpressure. */
  private forward(from: net.Socket, to: net.Socket): void {
    // Delayed chunks wait in one queue with one timer for its head: timers of different
    // lengths are not guaranteed to fire in due order, and a TCP stream must stay a stream.
    const queue: { chunk: Buffer; dueAt: number }[] = [];
    let lastDueAt = 0;
    let timer: NodeJS.Timeout | null = null;
    let ended = false;
    const write = (chunk: Buffer) => {
      if (to.destroyed) return;
      if (!to.write(chunk)) {
        from.pause();
        to.once("drain", () => from.resume());
      }
    };
    const release = () => {
      timer = null;
      while (queue.length > 0 && queue[0]!.dueAt <= Date.now()) write(queue.shift()!.chunk);
      if (queue.length > 0) timer = setTimeout(release, queue[0]!.dueAt - Date.now());
      else if (ended) to.end();
    };
    from.on("data", (chunk: Buffer) => {
      if (this.latencyMs === 0 && this.jitterMs === 0 && queue.length === 0) return write(chunk);
      const jitter = this.jitterMs > 0 ? (Math.random() * 2 - 1) * this.jitterMs : 0;
      lastDueAt = Math.max(lastDueAt, Date.now() + Math.max(0, this.latencyMs + jitter));
      queue.push({ chunk, dueAt: lastDueAt });
      timer ??= setTimeout(release, queue[0]!.dueAt - Date.now());
    });
    from.on("end", () => {
      ended = true;
      if (queue.length === 0) to.end();
    });
  }

  setLatency(latencyMs: number, jitterMs = 0): void {
    this.latencyMs = Math.max(0, latencyMs);
    this.jitterMs = Math.max(0, jitterMs);
  }

  /** Destroys every open connection; clients see the connection reset. */
  dropAll(): number {
    const dropped = this.connections.size;
    for (const connection of [...this.connections]) {
      this.connections.delete(connection);
      connection.client.destroy();
      connection.upstream.destroy();
    }
    return dropped;
  }

  /**
   * Drops every connection and stops listening for `durationMs`, then listens again on the
   * same port. Resolves once the listener is closed (new connections are refused from then).
   */
  async refuse(durationMs: number): Promise<void> {
    if (this.refuseTimer) clearTimeout(this.refuseTimer);
    this.refusingUntil = Date.now() + durationMs;
    const server = this.server;
    this.server = undefined;
    this.dropAll();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    this.refuseTimer = setTimeout(() => {
      void this.acceptAgain();
    }, durationMs);
  }

  /** Ends a refusal window now (the writer is back). Resolves once the port listens again. */
  async acceptAgain(): Promise<void> {
    if (this.refuseTimer) clearTimeout(this.refuseTimer);
    this.refuseTimer = undefined;
    this.refusingUntil = null;
    if (this.server || this.closed) return;
    this.reopening ??= this.reopen().finally(() => {
      this.reopening = undefined;
    });
    await this.reopening;
  }

  private async reopen(): Promise<void> {
    // Another process could grab the port in between; retry briefly rather than give up the path to the DB.
    for (let attempt = 0; attempt < 50 && !this.server && !this.closed; attempt += 1) {
      try {
        await this.listen(this.boundPort);
        if (this.closed) await this.close();
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.refuseTimer) clearTimeout(this.refuseTimer);
    this.dropAll();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
