/**
 * The database as the lab presents it (Aurora's stand-in): status, which "instance" is the
 * writer, failover and failback, all acted out on the fault proxy in front of Postgres.
 */
import type { EventLog } from "../events";
import type { TcpFaultProxy } from "./fault-proxy";
import type { LabDatabase } from "./postgres";

const WRITERS = ["gameday-lab-db-instance-1", "gameday-lab-db-instance-2"] as const;

export class DatabaseControl {
  readonly identifier: string;
  private readonly proxy: TcpFaultProxy;
  private readonly database: LabDatabase;
  private readonly events: EventLog;
  private writerIndex = 0;
  private failingOverUntil: number | null = null;
  private windowTimer: NodeJS.Timeout | undefined;

  constructor(identifier: string, proxy: TcpFaultProxy, database: LabDatabase, events: EventLog) {
    this.identifier = identifier;
    this.proxy = proxy;
    this.database = database;
    this.events = events;
  }

  get writer(): string {
    return WRITERS[this.writerIndex] ?? WRITERS[0];
  }

  get status(): "available" | "failing-over" | "unavailable" {
    if (this.failingOverUntil !== null) return "failing-over";
    return this.proxy.refusing ? "unavailable" : "available";
  }

  get engine(): string {
    return `aurora-postgresql-compatible (local Postgres ${this.database.version})`;
  }

  /** Writer failover: every connection drops, new ones are refused for `refuseMs`, then the other instance serves. */
  async failover(refuseMs: number, why: string): Promise<void> {
    const from = this.writer;
    this.writerIndex = (this.writerIndex + 1) % WRITERS.length;
    this.failingOverUntil = Date.now() + refuseMs;
    if (this.windowTimer) clearTimeout(this.windowTimer);
    this.windowTimer = setTimeout(() => this.endWindow(), refuseMs);
    await this.proxy.refuse(refuseMs);
    this.events.emit("fault", null, `Started failover of DB cluster ${this.identifier} from ${from} to ${this.writer} (${why}); connections dropped, new ones refused for ${Math.round(refuseMs / 1000)} s`, {
      from,
      to: this.writer,
      refuseMs,
    });
  }

  private endWindow(): void {
    this.failingOverUntil = null;
    this.windowTimer = undefined;
    this.events.emit("fault", null, `Completed failover of DB cluster ${this.identifier}; ${this.writer} accepts connections`, { writer: this.writer });
  }

  /** Ends a refusal window early (the revert of a failover). */
  async acceptConnections(): Promise<void> {
    if (this.windowTimer) clearTimeout(this.windowTimer);
    this.windowTimer = undefined;
    const wasFailingOver = this.failingOverUntil !== null;
    this.failingOverUntil = null;
    await this.proxy.acceptAgain();
    if (wasFailingOver) this.events.emit("fault", null, `DB cluster ${this.identifier} accepts connections again (${this.writer})`, { writer: this.writer });
  }

  /** Fail back to the first instance: a short drop (`refuseMs`), then the original writer serves. */
  async failback(refuseMs: number): Promise<void> {
    if (this.writerIndex === 0 && this.status === "available") return;
    if (this.windowTimer) clearTimeout(this.windowTimer);
    const from = this.writer;
    this.writerIndex = 0;
    this.failingOverUntil = refuseMs > 0 ? Date.now() + refuseMs : null;
    if (refuseMs > 0) {
      await this.proxy.refuse(refuseMs);
      this.windowTimer = setTimeout(() => this.endWindow(), refuseMs);
    } else {
      await this.proxy.acceptAgain();
    }
    this.events.emit("fault", null, `Failing back DB cluster ${this.identifier} from ${from} to ${this.writer}`, { from, to: this.writer });
  }

  close(): void {
    if (this.windowTimer) clearTimeout(this.windowTimer);
  }
}
