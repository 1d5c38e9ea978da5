"use client";

import { useState } from "react";
import { Dialog } from "@/components/ui/dialog";
import { apiCall } from "@/lib/client/api";
import { errorMessage } from "@/lib/client/form";
import { formatAge, formatUtcDateTime } from "@/lib/client/format";
import type { LiveState } from "@/lib/client/live-state";
import { GameDayAnswerSchema, type GameDayWire } from "@/lib/client/schemas";
import { useNow } from "@/lib/client/use-now";
import { HaltButton } from "./halt-control";

/** A stream that is "open" but silent this long is shown as stalled (the server sends heartbeats). */
const STALLED_AFTER_MS = 45_000;

/** Props of the sticky game-day bar. */
export interface GameDayBarProps {
  gameDay: GameDayWire;
  live: LiveState;
  canManage: boolean;
  liveRuns: number;
  onGameDay: (gameDay: GameDayWire) => void;
  onHalted: (result: { haltedAt: string; reason: string; labError: string | null }) => void;
  onReconnect: () => void;
  onError: (message: string) => void;
}

function UtcClock({ offsetMs }: { offsetMs: number }) {
  const now = useNow();
  return (
    <span className="gd-clock" title="Server time, UTC" aria-label="Server time UTC">
      {now === 0 ? "--:--:--" : new Date(now + offsetMs).toISOString().slice(11, 19)} UTC
    </span>
  );
}

function StreamPill({ live, onReconnect }: { live: LiveState; onReconnect: () => void }) {
  const now = useNow();
  const silentFor = live.lastMessageAt !== null && now > 0 ? now - live.lastMessageAt : 0;
  const stalled = live.connection === "open" && silentFor > STALLED_AFTER_MS;
  const [tone, text] =
    live.connection === "open" && !stalled
      ? ["ok", "live"]
      : live.connection === "open"
        ? ["warn", `stalled · ${formatAge(silentFor)}`]
        : live.connection === "connecting"
          ? ["warn", "connecting…"]
          : live.connection === "reconnecting"
            ? ["warn", "reconnecting…"]
            : ["bad", "offline"];
  return (
    <span className="pill" data-testid="stream-status" data-state={live.connection}>
      <span className={`dot ${tone}`} aria-hidden="true" />
      {text}
      {live.connection === "down" || stalled ? (
        <button type="button" className="button small" onClick={onReconnect}>
          Reconnect
        </button>
      ) : null}
    </span>
  );
}

function LabPill({ live }: { live: LiveState }) {
  const name = live.labKind === "aws" ? "AWS" : "lab";
  if (!live.lab) {
    return (
      <span className="pill" data-testid="lab-status">
        <span className="dot" aria-hidden="true" />
        {name} …
      </span>
    );
  }
  return (
    <span className="pill" data-testid="lab-status" data-reachable={live.lab.reachable} title={live.lab.detail}>
      <span className={`dot ${live.lab.reachable ? "ok" : "bad"}`} aria-hidden="true" />
      {name} {live.lab.reachable ? "reachable" : "unreachable"}
    </span>
  );
}

/** Shown only once the server has said its database was lost, and until it is back. */
function DatabasePill({ live }: { live: LiveState }) {
  if (!live.database || live.database.reachable) return null;
  return (
    <span className="pill" data-testid="database-status" role="status" title={live.database.detail}>
      <span className="dot bad" aria-hidden="true" />
      database unreachable: entries wait and retry
    </span>
  );
}

const STATUS_TONE: Record<string, string> = { draft: "", scheduled: "info", running: "solid-warn", ended: "ok", cancelled: "bad" };

export function GameDayBar({ gameDay, live, canManage, liveRuns, onGameDay, onHalted, onReconnect, onError }: GameDayBarProps) {
  const [ending, setEnding] = useState(false);
  const [pending, setPending] = useState(false);
  const status = live.gameDay.status;

  async function start() {
    setPending(true);
    try {
      onGameDay((await apiCall(`/api/gamedays/${gameDay.id}/start`, GameDayAnswerSchema, { method: "POST" })).gameDay);
    } catch (error) {
      onError(errorMessage(error, "The game day could not be started."));
    } finally {
      setPending(false);
    }
  }

  async function end() {
    setPending(true);
    try {
      onGameDay((await apiCall(`/api/gamedays/${gameDay.id}/end`, GameDayAnswerSchema, { method: "POST" })).gameDay);
      setEnding(false);
    } catch (error) {
      onError(errorMessage(error, "The game day could not be ended."));
    } finally {
      setPending(false);
    }
  }

  return (
    <div className="gd-bar" role="region" aria-label="Game day controls">
      <h1>{gameDay.title}</h1>
      <div className="gd-meta">
        <span className={`badge ${STATUS_TONE[status] ?? ""}`} data-testid="gameday-status" title={live.gameDay.startedAt ? `Started ${formatUtcDateTime(live.gameDay.startedAt)}` : undefined}>
          {status}
        </span>
        {live.gameDay.haltedAt ? (
          <span className="badge halt" data-testid="halted-badge">
            HALTED
          </span>
        ) : null}
        <span className="badge">{gameDay.environment === "aws" ? "AWS" : "Local lab"}</span>
        {gameDay.blindMode ? <span className="badge warn">blind</span> : null}
        <StreamPill live={live} onReconnect={onReconnect} />
        <LabPill live={live} />
        <DatabasePill live={live} />
      </div>
      <div className="gd-actions">
        <UtcClock offsetMs={live.serverOffsetMs} />
        {canManage && (status === "draft" || status === "scheduled") ? (
          <button type="button" className="button primary" disabled={pending} onClick={() => void start()} data-testid="start-gameday">
            Start game day
          </button>
        ) : null}
        {canManage && status === "running" ? (
          <button type="button" className="button" disabled={pending} onClick={() => setEnding(true)}>
            End game day…
          </button>
        ) : null}
        {canManage ? <HaltButton gameDayId={gameDay.id} environment={gameDay.environment} liveRuns={liveRuns} halted={live.gameDay.haltedAt !== null} onHalted={onHalted} /> : null}
      </div>
      {canManage ? (
        <Dialog open={ending} onClose={() => setEnding(false)} title="End the game day">
          <p style={{ margin: 0 }}>
            Ending stops {liveRuns > 0 ? `the ${liveRuns} live fault${liveRuns > 1 ? "s" : ""}` : "any live fault"} first, closes the timeline to new entries and freezes the record for scoring and the report.
          </p>
          <div className="dialog-actions">
            <button type="button" className="button" onClick={() => setEnding(false)}>
              Keep running
            </button>
            <button type="button" className="button danger" disabled={pending} onClick={() => void end()}>
              {pending ? "Ending…" : "End game day"}
            </button>
          </div>
        </Dialog>
      ) : null}
    </div>
  );
}
