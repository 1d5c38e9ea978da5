import "server-only";
import pg from "pg";
import { env } from "@/lib/env";

export const CHANNELS = { timeline: "gameday_timeline", frames: "gameday_live" } as const;
export type Channel = (typeof CHANNELS)[keyof typeof CHANNELS];

type Handler = () => void;

/**
 * One LISTEN connection per process for both live channels. Notifications carry
 * "<gameDayId>:<id>"; handlers are keyed by channel and game day and are told only that
 * something new exists (they read it from the table, so a missed or merged notification
 * loses nothing). After a reconnect every handler is called once to catch up.
 */
class Listener {
  private client: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private readonly handlers = new Map<string, Set<Handler>>();
  private retryTimer: NodeJS.Timeout | null = null;
  private closed = false;

  private key(channel: Channel, gameDayId: string): string {
    return `${channel}|${gameDayId}`;
  }

  async subscribe(channel: Channel, gameDayId: string, handler: Handler): Promise<() => void> {
    const key = this.key(channel, gameDayId);
    let set = this.handlers.get(key);
    if (!set) this.handlers.set(key, (set = new Set()));
    set.add(handler);
    this.closed = false;
    await this.ensureConnected();
    return () => {
      set.delete(handler);
      if (set.size === 0) this.handlers.delete(key);
    };
  }

  private ensureConnected(): Promise<void> {
    if (this.client) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: env().DATABASE_URL, application_name: "gameday-live-listener" });
    client.on("notification", (message) => {
      const separator = message.payload?.indexOf(":") ?? -1;
      if (separator < 0 || !message.payload) return;
      const handlers = this.handlers.get(this.key(message.channel as Channel, message.payload.slice(0, separator)));
      for (const handler of handlers ?? []) handler();
    });
    const lost = () => {
      if (this.client !== client) return;
      this.client = null;
      void client.end().catch(() => undefined);
      this.scheduleReconnect();
    };
    client.on("error", lost);
    client.on("end", lost);
    await client.connect();
    await client.query(`LISTEN ${CHANNELS.timeline}`);
    await client.query(`LISTEN ${CHANNELS.frames}`);
    this.client = client;
  }

  private scheduleReconnect(): void {
    if (this.closed || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.ensureConnected()
        .then(() => {
          for (const handlers of this.handlers.values()) for (const handler of handlers) handler();
        })
        .catch(() => this.scheduleReconnect());
    }, 1000);
    this.retryTimer.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }
}

const globalForListener = globalThis as { gamedayLiveListener?: Listener };

export function liveListener(): Listener {
  globalForListener.gamedayLiveListener ??= new Listener();
  return globalForListener.gamedayLiveListener;
}
