import "server-only";
import pg from "pg";
import { env } from "@/lib/env";

/**
 * Elects the one poller of a game day across console instances: a session-level Postgres
 * advisory lock held on a dedicated connection. If the holder dies, its connection closes,
 * the lock is released and another instance takes over on its next attempt.
 */
export class PollerLock {
  private client: pg.Client | null = null;

  constructor(private readonly gameDayId: string) {}

  get held(): boolean {
    return this.client !== null;
  }

  async tryAcquire(): Promise<boolean> {
    if (this.client) return true;
    const client = new pg.Client({ connectionString: env().DATABASE_URL, application_name: "gameday-live-poller" });
    client.on("error", () => {
      // A broken connection releases the lock server-side; the hub notices on its next check.
      if (this.client === client) this.client = null;
    });
    await client.connect();
    const result = await client.query<{ acquired: boolean }>("SELECT pg_try_advisory_lock(hashtext($1)) AS acquired", [`live-poller:${this.gameDayId}`]);
    if (result.rows[0]?.acquired) {
      this.client = client;
      return true;
    }
    await client.end();
    return false;
  }

  /** Still ours? (A dropped connection means another instance may hold it now.) */
  async verify(): Promise<boolean> {
    if (!this.client) return false;
    try {
      await this.client.query("SELECT 1");
      return true;
    } catch {
      this.client = null;
      return false;
    }
  }

  async release(): Promise<void> {
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }
}
