"use client";

import { useCallback, useMemo } from "react";
import { GameDayBar } from "@/components/gameday/game-day-bar";
import { LiveBanners } from "@/components/gameday/live-banners";
import { RemediationPanel } from "@/components/gameday/remediation-panel";
import { LiveMetrics, TargetPanels } from "@/components/gameday/target-signals";
import { isLiveRun } from "@/lib/client/runs";
import type { GameDayWire } from "@/lib/client/schemas";
import type { LiveGameDay } from "@/lib/client/use-live-game-day";
import { isBeforeStart, isClosed } from "@/lib/gameday/vocabulary";
import type { RunbookView } from "@/lib/runbook/schemas";
import type { TimelineEventView } from "@/lib/timeline/schemas";
import { EvidenceLog } from "./evidence-log";
import { RevealedScores } from "./revealed-scores";
import { RunbookPanel } from "./runbook-panel";

/** Props of the responder's console. */
export interface ResponderConsoleProps {
  gameDay: GameDayWire;
  viewerUserId: string;
  live: LiveGameDay;
  runbooks: readonly RunbookView[];
  onGameDay: (next: GameDayWire) => void;
  onNotice: (message: string) => void;
  notice: { tone: "ok" | "error" | "warn"; message: string } | null;
  onDismissNotice: () => void;
}

const FALLBACK_SERVICES = ["api", "backend"];

/** The game day's goal in the facilitator's words, and who is on the viewer's team. */
function AboutGameDay({ gameDay }: { gameDay: GameDayWire }) {
  const team = gameDay.teams.find((candidate) => candidate.id === gameDay.viewer.teamId) ?? null;
  const members = gameDay.participants.filter((participant) => participant.teamId !== null && participant.teamId === gameDay.viewer.teamId);
  return (
    <details className="panel about" open={gameDay.status !== "running"}>
      <summary>
        <strong>About this game day</strong>
        <span className="muted small" data-testid="my-team">
          {" "}
          · {team ? `team ${team.name}: ${members.map((member) => member.name).join(", ")}` : "no team"}
        </span>
      </summary>
      {gameDay.description ? <p style={{ marginBottom: 0 }}>{gameDay.description}</p> : null}
    </details>
  );
}

/** What the exercise is doing, in words a responder needs before anything else. */
function exerciseState(status: GameDayWire["status"], haltedAt: string | null): { tone: "info" | "warn" | "halt"; text: string } | null {
  if (isBeforeStart(status)) return { tone: "info", text: "The game day has not started yet. When the facilitator starts it, the signals below go live; until then, read your runbooks." };
  if (isClosed(status)) return { tone: "info", text: `The game day has ${status}. Your log is closed; scores appear here once the facilitator reveals them.` };
  if (haltedAt) return { tone: "halt", text: "Exercise paused by the facilitator. Keep your log; the exercise resumes when the halt is lifted." };
  return null;
}

/**
 * The trainee's page (read-only for observers): the target's own signals, the team's
 * incident log, its runbook and, when the facilitator allows it, remediation. In blind mode
 * it carries no runs, fault windows or scenario names: responders find the fault from the
 * signals, as on call.
 */
export function ResponderConsole({ gameDay, viewerUserId, live, runbooks, onGameDay, onNotice, notice, onDismissNotice }: ResponderConsoleProps) {
  const { state } = live;
  const viewer = gameDay.viewer;
  const status = state.gameDay.status;
  const blind = viewer.blind;
  const teamNames = useMemo(() => new Map(gameDay.teams.map((team) => [team.id, team.name])), [gameDay.teams]);
  const teamName = useCallback((teamId: string | null) => (teamId ? (teamNames.get(teamId) ?? null) : null), [teamNames]);
  const serviceKey = state.fleet ? state.fleet.topology.services.map((service) => service.name).join("\n") : "";
  const services = useMemo(() => (serviceKey ? serviceKey.split("\n") : FALLBACK_SERVICES), [serviceKey]);
  const { dispatch } = live;
  const onAppended = useCallback((event: TimelineEventView) => dispatch({ type: "timeline", events: [event] }), [dispatch]);
  // Sighted responders work the runbook of the newest live run; blind ones choose.
  const suggested = blind ? null : (state.runs.filter(isLiveRun).at(-1)?.scenarioId ?? state.runs.at(-1)?.scenarioId ?? null);
  const ownEvents = useMemo(() => state.timeline.filter((event) => event.teamId === viewer.teamId || viewer.role !== "trainee"), [state.timeline, viewer.teamId, viewer.role]);
  const banner = exerciseState(status, state.gameDay.haltedAt);

  return (
    <div data-testid="responder-console">
      <GameDayBar gameDay={gameDay} live={state} canManage={false} liveRuns={blind ? 0 : state.runs.filter(isLiveRun).length} onGameDay={onGameDay} onHalted={() => undefined} onReconnect={live.reconnect} onError={onNotice} />
      <LiveBanners live={state} canManage={false} gameDayId={gameDay.id} consoleLabKind={gameDay.environment} environment={gameDay.environment} notice={notice} onDismissNotice={onDismissNotice} onLifted={onGameDay} onReconnect={live.reconnect} />
      <AboutGameDay gameDay={gameDay} />
      {viewer.role === "observer" || state.timeline.some((event) => event.kind === "scores.revealed") ? (
        <p className="small">
          <a href={`/gamedays/${gameDay.id}/report`} data-testid="report-link">
            Read the after-action report
          </a>
        </p>
      ) : null}
      {banner ? (
        <div className={`banner ${banner.tone === "halt" ? "error" : banner.tone}`} role="status" data-testid="exercise-state">
          {banner.text}
        </div>
      ) : null}
      <RevealedScores gameDayId={gameDay.id} events={state.timeline} />
      <div className="live-layout">
        <div className="live-main">
          {viewer.canRemediate && !isClosed(status) ? <RemediationPanel gameDayId={gameDay.id} running={status === "running"} services={services} runs={[]} onApplied={onNotice} /> : null}
          <LiveMetrics live={live} blind={blind} />
          <TargetPanels live={live} />
        </div>
        <aside className="live-side" aria-label="Incident log and runbook" tabIndex={0}>
          <EvidenceLog gameDayId={gameDay.id} viewerUserId={viewerUserId} kinds={viewer.writableKinds} events={state.timeline} open={!isClosed(status) && !isBeforeStart(status)} teamName={teamName} onAppended={onAppended} />
          <RunbookPanel gameDayId={gameDay.id} runbooks={runbooks} suggested={suggested} events={ownEvents} canWork={viewer.role === "trainee" && !isClosed(status)} onAppended={onAppended} />
        </aside>
      </div>
    </div>
  );
}
