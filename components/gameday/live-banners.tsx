"use client";

import { formatUtcDateTime } from "@/lib/client/format";
import type { LiveState } from "@/lib/client/live-state";
import type { GameDayWire } from "@/lib/client/schemas";
import { LiftHaltButton } from "./halt-control";

/** Props of the banners above the dashboard. */
export interface LiveBannersProps {
  live: LiveState;
  canManage: boolean;
  gameDayId: string;
  /** The lab this console drives; launches are refused when it is not the game day's. */
  consoleLabKind: "local" | "aws";
  environment: "local" | "aws";
  notice: { tone: "ok" | "error" | "warn"; message: string } | null;
  onDismissNotice: () => void;
  onLifted: (gameDay: GameDayWire) => void;
  onReconnect: () => void;
}

/** What the room must know at a glance: halt, lab down, stream down, version skew. */
export function LiveBanners({ live, canManage, gameDayId, consoleLabKind, environment, notice, onDismissNotice, onLifted, onReconnect }: LiveBannersProps) {
  const labName = live.labKind === "aws" ? "AWS" : "The local lab";
  return (
    <div className="banners" aria-live="polite">
      {live.gameDay.haltedAt ? (
        <div className="banner halt row" role="alert" data-testid="halt-banner">
          <span className="grow">
            {live.blind
              ? `Exercise paused by the facilitator at ${formatUtcDateTime(live.gameDay.haltedAt)}. Keep your log; the exercise resumes when the halt is lifted.`
              : `HALT ALL engaged at ${formatUtcDateTime(live.gameDay.haltedAt)}: ${live.gameDay.haltedReason ?? "no reason given"}. Every fault was told to stop; new launches are refused until the halt is lifted.`}
          </span>
          {canManage ? <LiftHaltButton gameDayId={gameDayId} onLifted={onLifted} /> : null}
        </div>
      ) : null}
      {live.lab && !live.lab.reachable ? (
        <div className="banner error" role="alert" data-testid="lab-banner">
          <strong>{labName} cannot be reached</strong> ({live.lab.detail}). Charts, alarms and the fleet stop updating; launches fail until it is back. Faults already injected are still reverted when their lease ends.
        </div>
      ) : null}
      {live.lab?.reachable && live.lab.staleSources.length > 0 ? (
        <div className="banner warn" role="status" data-testid="stale-sources">
          Some event sources could not be read, so the timeline may miss their events: {live.lab.staleSources.join("; ")}.
        </div>
      ) : null}
      {live.connection === "down" ? (
        <div className="banner warn row" role="status" data-testid="stream-banner">
          <span className="grow">Live updates are disconnected; retrying. Runs and the timeline refresh every 5 s meanwhile; charts resume when the stream is back.</span>
          <button type="button" className="button small" onClick={onReconnect}>
            Reconnect now
          </button>
        </div>
      ) : null}
      {consoleLabKind !== environment ? (
        <div className="banner warn" role="status">
          This game day targets {environment === "aws" ? "AWS" : "the local lab"}, but this console drives {consoleLabKind === "aws" ? "AWS" : "the local lab"}: launches will be refused.
        </div>
      ) : null}
      {live.rejectedMessages > 0 ? (
        <div className="banner warn" role="status">
          {live.rejectedMessages} live message{live.rejectedMessages > 1 ? "s" : ""} did not match this page&apos;s version and were ignored. Reload the page.
        </div>
      ) : null}
      {notice ? (
        <div className={`banner ${notice.tone} row`} role={notice.tone === "error" ? "alert" : "status"} data-testid="notice">
          <span className="grow">{notice.message}</span>
          <button type="button" className="button small ghost" onClick={onDismissNotice} aria-label="Dismiss">
            ✕
          </button>
        </div>
      ) : null}
    </div>
  );
}
