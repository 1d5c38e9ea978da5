"use client";

import { useCallback, useEffect, useMemo, useState, type KeyboardEvent } from "react";
import { GameDayBar } from "@/components/gameday/game-day-bar";
import { LiveBanners } from "@/components/gameday/live-banners";
import { PeoplePanel } from "@/components/gameday/plan/people-panel";
import { PlannedScenarios } from "@/components/gameday/plan/planned-scenarios";
import { PreflightPanel } from "@/components/gameday/plan/preflight-panel";
import { ScenarioCatalog } from "@/components/gameday/plan/scenario-catalog";
import { SettingsForm } from "@/components/gameday/plan/settings-form";
import { RemediationPanel } from "@/components/gameday/remediation-panel";
import { LiveMetrics, TargetPanels } from "@/components/gameday/target-signals";
import { RunsPanel } from "@/components/gameday/runs-panel";
import { ResponderConsole } from "@/components/respond/responder-console";
import { TeamsPanel } from "@/components/gameday/teams-panel";
import { TimelinePanel } from "@/components/timeline/timeline-panel";
import { apiCall } from "@/lib/client/api";
import { isLiveRun } from "@/lib/client/runs";
import { RunsAnswerSchema, type GameDayWire } from "@/lib/client/schemas";
import { useLiveGameDay } from "@/lib/client/use-live-game-day";
import type { PlannedScenarioView, RunView } from "@/lib/gameday/schemas";
import type { RunbookView } from "@/lib/runbook/schemas";
import type { ScenarioView } from "@/lib/scenarios/view";
import type { TimelineEventView } from "@/lib/timeline/schemas";

/** What the server page hands the browser. */
export interface GameDayConsoleProps {
  gameDay: GameDayWire;
  viewerUserId: string;
  planned: PlannedScenarioView[];
  runs: RunView[];
  timeline: TimelineEventView[];
  /** The catalog, for facilitators; empty for everyone else. */
  catalog: ScenarioView[];
  /** Every runbook, for responders and observers; empty for facilitators (they have the catalog). */
  runbooks: RunbookView[];
  /** The lab this console instance drives. */
  consoleLabKind: "local" | "aws";
}

type Tab = "live" | "plan";
const DEFAULT_WINDOW_SECONDS = 900;
const FALLBACK_SERVICES = ["api", "backend"];

function statusOf(gameDay: GameDayWire) {
  return { status: gameDay.status, startedAt: gameDay.startedAt, endedAt: gameDay.endedAt, haltedAt: gameDay.haltedAt, haltedReason: gameDay.haltedReason };
}

export function GameDayConsole({ gameDay: initialGameDay, viewerUserId, planned: initialPlanned, runs, timeline, catalog, runbooks, consoleLabKind }: GameDayConsoleProps) {
  const [gameDay, setGameDay] = useState(initialGameDay);
  const [planned, setPlanned] = useState(initialPlanned);
  const [notice, setNotice] = useState<{ tone: "ok" | "error" | "warn"; message: string } | null>(null);
  const viewer = gameDay.viewer;
  const canManage = viewer.canManage;
  const live = useLiveGameDay(initialGameDay.id, {
    labKind: initialGameDay.environment,
    blind: viewer.blind,
    windowSeconds: DEFAULT_WINDOW_SECONDS,
    gameDay: statusOf(initialGameDay),
    runs,
    timeline,
  });
  const { state, dispatch } = live;
  // Confirmations fade on their own; errors and warnings stay until dismissed.
  useEffect(() => {
    if (notice?.tone !== "ok") return;
    const timer = setTimeout(() => setNotice(null), 8000);
    return () => clearTimeout(timer);
  }, [notice]);
  // Before the game day starts there is nothing live yet: everyone lands on the plan and people.
  const [tab, setTab] = useState<Tab>(initialGameDay.status === "draft" || initialGameDay.status === "scheduled" ? "plan" : "live");

  const status = state.gameDay.status;
  const blind = state.blind;
  const liveRuns = state.runs.filter(isLiveRun).length;
  const canRemediate = viewer.canRemediate;
  const kinds = viewer.writableKinds;
  const teamNames = useMemo(() => new Map(gameDay.teams.map((team) => [team.id, team.name])), [gameDay.teams]);
  const teamName = useCallback((teamId: string | null) => (teamId ? (teamNames.get(teamId) ?? null) : null), [teamNames]);
  // A stable list while the names do not change, so the remediation bar does not re-render every second.
  const serviceKey = state.fleet ? state.fleet.topology.services.map((service) => service.name).join("\n") : "";
  const services = useMemo(() => (serviceKey ? serviceKey.split("\n") : FALLBACK_SERVICES), [serviceKey]);

  const launchBlocked =
    status !== "running"
      ? status === "ended" || status === "cancelled"
        ? `The game day has ${status}.`
        : "Start the game day to launch faults."
      : state.gameDay.haltedAt
        ? "HALT ALL is engaged: new launches are refused until the halt is lifted."
        : consoleLabKind !== gameDay.environment
          ? "This console drives another lab than the game day's."
          : state.lab && !state.lab.reachable
            ? `${state.labKind === "aws" ? "AWS" : "The local lab"} cannot be reached: launches would fail.`
            : null;

  const onGameDay = useCallback(
    (next: GameDayWire) => {
      setGameDay(next);
      dispatch({ type: "gameday", gameDay: statusOf(next) });
    },
    [dispatch],
  );
  const onRun = useCallback((run: RunView) => dispatch({ type: "runs", runs: [run] }), [dispatch]);
  const onAppended = useCallback((event: TimelineEventView) => dispatch({ type: "timeline", events: [event] }), [dispatch]);
  const onOkNotice = useCallback((message: string) => setNotice({ tone: "ok", message }), []);
  const runsForForms = useMemo(() => (blind ? [] : state.runs), [blind, state.runs]);
  const refreshRuns = useCallback(() => {
    apiCall(`/api/gamedays/${gameDay.id}/runs`, RunsAnswerSchema)
      .then(({ runs: fresh }) => dispatch({ type: "runs", runs: fresh }))
      .catch(() => undefined);
  }, [dispatch, gameDay.id]);

  function selectTab(next: Tab) {
    setTab(next);
    document.getElementById(`tab-${next}`)?.focus();
  }
  function onTabKey(event: KeyboardEvent<HTMLDivElement>) {
    if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
      event.preventDefault();
      selectTab(tab === "live" ? "plan" : "live");
    }
  }

  if (!canManage && (viewer.role === "trainee" || viewer.role === "observer")) {
    return (
      <ResponderConsole
        gameDay={gameDay}
        viewerUserId={viewerUserId}
        live={live}
        runbooks={runbooks}
        onGameDay={onGameDay}
        onNotice={onOkNotice}
        notice={notice}
        onDismissNotice={() => setNotice(null)}
      />
    );
  }

  return (
    <div>
      <GameDayBar
        gameDay={gameDay}
        live={state}
        canManage={canManage}
        liveRuns={liveRuns}
        onGameDay={onGameDay}
        onHalted={({ haltedAt, reason, labError }) => {
          dispatch({ type: "gameday", gameDay: { ...state.gameDay, haltedAt, haltedReason: reason } });
          setNotice(labError ? { tone: "warn", message: `Halt recorded, but the lab could not be told: ${labError}. New launches are refused.` } : { tone: "ok", message: "HALT ALL sent: every fault was told to stop." });
          refreshRuns();
        }}
        onReconnect={live.reconnect}
        onError={(message) => setNotice({ tone: "error", message })}
      />
      <LiveBanners
        live={state}
        canManage={canManage}
        gameDayId={gameDay.id}
        consoleLabKind={consoleLabKind}
        environment={gameDay.environment}
        notice={notice}
        onDismissNotice={() => setNotice(null)}
        onLifted={(next) => {
          onGameDay(next);
          setNotice({ tone: "ok", message: "Halt lifted: launches are allowed again." });
        }}
        onReconnect={live.reconnect}
      />
      <div className="tabs-bar">
        {/* A tablist holds only its tabs; the pages beside them are plain links. */}
        <div className="tabs" role="tablist" aria-label="Game day views" onKeyDown={onTabKey}>
          <button id="tab-live" type="button" role="tab" aria-selected={tab === "live"} aria-controls="panel-live" tabIndex={tab === "live" ? 0 : -1} onClick={() => setTab("live")}>
            Live
          </button>
          <button id="tab-plan" type="button" role="tab" aria-selected={tab === "plan"} aria-controls="panel-plan" tabIndex={tab === "plan" ? 0 : -1} onClick={() => setTab("plan")}>
            Plan and people
          </button>
        </div>
        <nav className="tab-links" aria-label="Scoring and report">
          <a className="tab-link" href={`/gamedays/${gameDay.id}/scoring`} data-testid="scoring-link">
            Scoring
          </a>
          <a className="tab-link" href={`/gamedays/${gameDay.id}/report`} data-testid="report-link">
            Report
          </a>
        </nav>
      </div>

      <div id="panel-live" role="tabpanel" aria-labelledby="tab-live" hidden={tab !== "live"}>
        <div className="live-layout">
          <div className="live-main">
            {/* A blind trainee must find the fault from the signals: no run list for them. */}
            {blind ? null : (
              <RunsPanel
                gameDayId={gameDay.id}
                runs={state.runs}
                planned={planned}
                catalog={catalog}
                environment={gameDay.environment}
                serverOffsetMs={state.serverOffsetMs}
                canControl={canManage}
                launchBlocked={launchBlocked}
                onRun={onRun}
                onNotice={onOkNotice}
              />
            )}
            {canRemediate ? (
              <RemediationPanel
                gameDayId={gameDay.id}
                running={status === "running"}
                services={services}
                runs={runsForForms}
                onApplied={onOkNotice}
                folded={canManage}
              />
            ) : null}
            <LiveMetrics live={live} blind={blind} />
            <TeamsPanel gameDay={gameDay} events={state.timeline} onGameDay={onGameDay} />
            <TargetPanels live={live} />
          </div>
          <aside className="live-side" aria-label="Timeline and actions" tabIndex={0}>
            <TimelinePanel
              gameDayId={gameDay.id}
              events={state.timeline}
              runs={runsForForms}
              viewerUserId={viewerUserId}
              kinds={kinds}
              open={status !== "ended" && status !== "cancelled"}
              teamName={teamName}
              onAppended={onAppended}
            />
          </aside>
        </div>
      </div>

      <div id="panel-plan" role="tabpanel" aria-labelledby="tab-plan" hidden={tab !== "plan"}>
        <div className="stack" style={{ gap: 14 }}>
          <div className="split-2">
            <PlannedScenarios planned={planned} canEdit={canManage && status !== "ended" && status !== "cancelled"} onRemoved={(id) => setPlanned((current) => current.filter((entry) => entry.id !== id))} />
            {canManage ? <PreflightPanel gameDayId={gameDay.id} plannedCount={planned.length} environment={gameDay.environment} /> : null}
          </div>
          {canManage ? (
            <ScenarioCatalog
              gameDayId={gameDay.id}
              catalog={catalog}
              environment={gameDay.environment}
              canPlan={status !== "ended" && status !== "cancelled"}
              onPlanned={(scenario) => {
                setPlanned((current) => [...current, scenario]);
                setNotice({ tone: "ok", message: `${scenario.label} added to the plan.` });
              }}
            />
          ) : null}
          <div className="split-2">
            <PeoplePanel gameDay={gameDay} onGameDay={onGameDay} />
            {canManage ? <SettingsForm gameDay={{ ...gameDay, status }} onGameDay={onGameDay} /> : gameDay.description ? (
              <section className="panel">
                <div className="panel-head">
                  <h2>Goal and steady state</h2>
                </div>
                <p style={{ margin: 0 }}>{gameDay.description}</p>
              </section>
            ) : null}
          </div>
        </div>
      </div>
    </div>
  );
}
