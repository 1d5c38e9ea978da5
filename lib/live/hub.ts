import "server-only";
import { db } from "@/lib/db/client";
import { watchDatabase } from "@/lib/db/status";
import { runViewOf } from "@/lib/gameday/list-runs";
import type { Lab } from "@/lib/lab/types";
import { redactTimelineEvent, type TimelineViewer } from "@/lib/timeline/redact";
import type { TimelineEventView } from "@/lib/timeline/schemas";
import { toTimelineView } from "@/lib/timeline/view";
import type { Cadence } from "./cadence";
import { PollerLock } from "./election";
import { encodeLiveEvent } from "./encode";
import type { LiveEvent } from "./events";
import { FramePayloadSchema, type Frame } from "./frames";
import { applyFrame, emptyHubState, stateEvents, type HubState } from "./hub-state";
import { CHANNELS, liveListener } from "./listener";
import { GameDayPoller } from "./poller";
import { forBlindViewer, readGameDayEvent } from "./read-game-day";

/** One connected browser tab. */
export interface Viewer extends TimelineViewer {
  readonly windowSeconds: number;
  /** The newest timeline id this viewer has received. */
  lastTimelineId: bigint;
  /** Timeline events that arrive while the backlog is being sent wait here (null once caught up). */
  pending: TimelineEventView[] | null;
  /** Queues bytes; false when the viewer is gone or too far behind (it is then dropped). */
  send(bytes: Uint8Array): boolean;
}

function encodeTimeline(view: TimelineEventView, viewer: Viewer): Uint8Array | null {
  const visible = redactTimelineEvent(view, viewer);
  return visible ? encodeLiveEvent({ type: "timeline", event: visible }, view.id) : null;
}

const GAME_DAY_KINDS = new Set(["gameday.started", "gameday.ended", "halt.engaged", "halt.lifted"]);
const ELECTION_INTERVAL_MS = 2000;
const HEARTBEAT_MS = 15_000;
const IDLE_GRACE_MS = 5000;

export interface HubOptions {
  lab: () => Lab;
  cadence: Cadence;
}

/**
 * A game day's live hub in this console instance. It rebuilds the upstream state from the
 * frames the elected poller writes, fans frames and timeline events out to every viewer
 * (serialised once per audience, not per viewer), and takes part in the poller election
 * while anyone (a viewer, or the supervisor for a running game day) holds it.
 */
export class GameDayHub {
  readonly state: HubState;
  private readonly viewers = new Set<Viewer>();
  private holders = 0;
  private active: Promise<void> | null = null;
  private idleTimer: NodeJS.Timeout | null = null;
  private timers: NodeJS.Timeout[] = [];
  private unsubscribe: (() => void)[] = [];
  private readonly lock: PollerLock;
  private poller: GameDayPoller | null = null;
  private timelineCursor = 0n;
  /** The state snapshot, serialised once for every viewer that connects within the same second. */
  private stateCache: { key: string; bytes: Uint8Array[] } | null = null;
  private framesBusy: Promise<void> = Promise.resolve();
  private timelineBusy: Promise<void> = Promise.resolve();

  constructor(
    readonly gameDayId: string,
    private readonly options: HubOptions,
  ) {
    this.state = emptyHubState(options.cadence.periodSeconds, options.cadence.windowSeconds);
    this.lock = new PollerLock(gameDayId);
  }

  get cadence(): Cadence {
    return this.options.cadence;
  }

  get labKind(): Lab["kind"] {
    return this.options.lab().kind;
  }

  get isPolling(): boolean {
    return this.poller !== null;
  }

  /** Upstream calls this instance's poller has made, by lab method. */
  get upstreamCalls(): ReadonlyMap<string, number> {
    return this.poller?.upstreamCalls ?? new Map();
  }

  get viewerCount(): number {
    return this.viewers.size;
  }

  /** Keeps the hub active; resolves once it has loaded its state and listens. */
  retain(): Promise<void> {
    this.holders += 1;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    this.active ??= this.activate();
    return this.active;
  }

  release(): void {
    this.holders = Math.max(0, this.holders - 1);
    if (this.holders > 0 || this.idleTimer) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (this.holders === 0) void this.deactivate();
    }, IDLE_GRACE_MS);
    this.idleTimer.unref();
  }

  private async activate(): Promise<void> {
    await this.loadFrames(true);
    const newest = await db().timelineEvent.findFirst({ where: { gameDayId: this.gameDayId }, orderBy: { id: "desc" }, select: { id: true } });
    this.timelineCursor = newest?.id ?? 0n;
    this.unsubscribe.push(
      await liveListener().subscribe(CHANNELS.frames, this.gameDayId, () => this.onFrames()),
      await liveListener().subscribe(CHANNELS.timeline, this.gameDayId, () => this.onTimeline()),
      watchDatabase((status) => this.broadcast({ type: "database", at: status.since, reachable: status.reachable, detail: status.detail })),
    );
    const elect = () => void this.elect().catch(() => undefined);
    elect();
    this.timers.push(setInterval(elect, ELECTION_INTERVAL_MS), setInterval(() => this.broadcast({ type: "heartbeat", at: new Date().toISOString() }), HEARTBEAT_MS));
    for (const timer of this.timers) timer.unref();
  }

  /** Stops polling, listening and timers; viewers must be gone. */
  async deactivate(): Promise<void> {
    const activation = this.active;
    if (!activation) return;
    await activation.catch(() => undefined);
    this.active = null;
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    for (const stop of this.unsubscribe) stop();
    this.unsubscribe = [];
    this.poller?.stop();
    this.poller = null;
    await this.lock.release();
  }

  private async elect(): Promise<void> {
    if (this.active === null) return;
    if (this.poller) {
      if (await this.lock.verify()) return;
      this.poller.stop();
      this.poller = null;
      return;
    }
    if (await this.lock.tryAcquire()) {
      if (this.active === null) {
        await this.lock.release();
        return;
      }
      this.poller = new GameDayPoller(this.gameDayId, this.options.lab(), this.options.cadence);
      this.poller.start();
    }
  }

  private onFrames(): void {
    this.framesBusy = this.framesBusy.then(() => this.loadFrames(false)).catch(() => undefined);
  }

  private async loadFrames(initial: boolean): Promise<void> {
    const windowStart = new Date(Date.now() - this.options.cadence.windowSeconds * 1000);
    const rows = initial
      ? await db().$queryRaw<{ id: bigint; at: Date; payload: unknown }[]>`
          SELECT id, at, payload FROM (
            SELECT DISTINCT ON (type) id, at, payload FROM "LiveFrame"
            WHERE "gameDayId" = ${this.gameDayId} AND type <> 'metrics' ORDER BY type, id DESC
          ) latest
          UNION ALL
          SELECT id, at, payload FROM "LiveFrame" WHERE "gameDayId" = ${this.gameDayId} AND type = 'metrics' AND at >= ${windowStart}
          ORDER BY id`
      : await db().liveFrame.findMany({ where: { gameDayId: this.gameDayId, id: { gt: this.state.lastFrameId } }, orderBy: { id: "asc" }, select: { id: true, at: true, payload: true } });
    const now = Date.now();
    for (const row of rows) {
      const parsed = FramePayloadSchema.safeParse(row.payload);
      if (!parsed.success) continue;
      const frame: Frame = { id: row.id, at: row.at, payload: parsed.data };
      const event = applyFrame(this.state, frame, now);
      if (event && !initial) this.broadcast(event);
    }
  }

  private onTimeline(): void {
    this.timelineBusy = this.timelineBusy.then(() => this.loadTimeline()).catch(() => undefined);
  }

  private async loadTimeline(): Promise<void> {
    const rows = await db().timelineEvent.findMany({ where: { gameDayId: this.gameDayId, id: { gt: this.timelineCursor } }, orderBy: { id: "asc" }, take: 1000 });
    if (rows.length === 0) return;
    const runIds = new Set<string>();
    let gameDayChanged = false;
    for (const row of rows) {
      this.timelineCursor = row.id;
      this.deliverTimeline(toTimelineView(row));
      if (row.runId) runIds.add(row.runId);
      if (GAME_DAY_KINDS.has(row.kind)) gameDayChanged = true;
    }
    for (const runId of runIds) await this.broadcastRun(runId);
    if (gameDayChanged) {
      const gameDay = await readGameDayEvent(this.gameDayId);
      if (gameDay) this.broadcastGameDay(gameDay);
    }
    if (rows.length === 1000) await this.loadTimeline();
  }

  private deliverTimeline(view: TimelineEventView): void {
    const id = BigInt(view.id);
    const audiences = new Map<string, Uint8Array | null>();
    for (const viewer of this.viewers) {
      if (viewer.pending) {
        viewer.pending.push(view);
        continue;
      }
      if (id <= viewer.lastTimelineId) continue;
      const audience = `${viewer.blind}:${viewer.onlyTeam ?? "*"}`;
      if (!audiences.has(audience)) audiences.set(audience, encodeTimeline(view, viewer));
      this.sendTimeline(viewer, id, audiences.get(audience) ?? null);
    }
  }

  /** Advances the viewer's cursor even past an entry it may not see, so resuming skips it too. */
  private sendTimeline(viewer: Viewer, id: bigint, bytes: Uint8Array | null): void {
    viewer.lastTimelineId = id;
    if (bytes) this.sendTo(viewer, bytes);
  }

  /** Run updates go to everyone but blind trainees: a run's phases would tell them when the fault hit. */
  private async broadcastRun(runId: string): Promise<void> {
    const sighted = [...this.viewers].filter((viewer) => !viewer.blind);
    if (sighted.length === 0) return;
    const bytes = encodeLiveEvent({ type: "run", run: await runViewOf(runId) });
    for (const viewer of sighted) this.sendTo(viewer, bytes);
  }

  /** The game day's status to everyone, its halt reason only to those who may know the fault. */
  private broadcastGameDay(event: Parameters<typeof forBlindViewer>[0]): void {
    const sighted = encodeLiveEvent(event);
    const blind = encodeLiveEvent(forBlindViewer(event));
    for (const viewer of this.viewers) this.sendTo(viewer, viewer.blind ? blind : sighted);
  }

  /** Sends one event, serialised once, to every viewer. */
  broadcast(event: LiveEvent): void {
    if (this.viewers.size === 0) return;
    const bytes = encodeLiveEvent(event);
    for (const viewer of this.viewers) this.sendTo(viewer, bytes);
  }

  private sendTo(viewer: Viewer, bytes: Uint8Array): void {
    if (!viewer.send(bytes)) this.viewers.delete(viewer);
  }

  /**
   * Attaches a viewer: the current state at once (nothing can interleave: this part is
   * synchronous), then the timeline after its cursor, then live events in order.
   */
  async attach(viewer: Viewer, opening: LiveEvent[]): Promise<void> {
    viewer.pending = [];
    this.viewers.add(viewer);
    for (const event of opening) this.sendTo(viewer, encodeLiveEvent(event));
    for (const bytes of this.encodedState(viewer.windowSeconds)) this.sendTo(viewer, bytes);
    for (;;) {
      const rows = await db().timelineEvent.findMany({ where: { gameDayId: this.gameDayId, id: { gt: viewer.lastTimelineId } }, orderBy: { id: "asc" }, take: 1000 });
      for (const row of rows) this.sendTimeline(viewer, row.id, encodeTimeline(toTimelineView(row), viewer));
      if (rows.length < 1000) break;
    }
    const waiting = viewer.pending;
    viewer.pending = null;
    for (const view of waiting) {
      if (BigInt(view.id) > viewer.lastTimelineId) this.sendTimeline(viewer, BigInt(view.id), encodeTimeline(view, viewer));
    }
  }

  private encodedState(windowSeconds: number): Uint8Array[] {
    const now = Date.now();
    const key = `${this.state.lastFrameId}:${windowSeconds}:${Math.floor(now / 1000)}`;
    if (this.stateCache?.key !== key) this.stateCache = { key, bytes: stateEvents(this.state, windowSeconds, now).map((event) => encodeLiveEvent(event)) };
    return this.stateCache.bytes;
  }

  detach(viewer: Viewer): void {
    this.viewers.delete(viewer);
  }
}
