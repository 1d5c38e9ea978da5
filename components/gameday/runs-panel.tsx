"use client";

import { memo, useMemo, useState } from "react";
import { isLiveRun } from "@/lib/client/runs";
import type { PlannedScenarioView, RunView } from "@/lib/gameday/schemas";
import { getScenario } from "@/lib/scenarios";
import type { ScenarioView } from "@/lib/scenarios/view";
import { LaunchDialog, type LaunchPreset } from "./launch-dialog";
import { RunCard } from "./run-card";

/** Props of the runs panel. */
export interface RunsPanelProps {
  gameDayId: string;
  runs: readonly RunView[];
  planned: readonly PlannedScenarioView[];
  catalog: readonly ScenarioView[];
  environment: "local" | "aws";
  serverOffsetMs: number;
  /** Facilitators launch and stop; everyone else reads. */
  canControl: boolean;
  /** Why launching is refused right now (not running, halted), or null. */
  launchBlocked: string | null;
  onRun: (run: RunView) => void;
  onNotice: (message: string) => void;
}

function blastRadiusOf(run: RunView): string | null {
  if (!run.scenarioId || !run.params) return null;
  const definition = getScenario(run.scenarioId);
  const parsed = definition?.params.safeParse(run.params);
  return definition && parsed?.success ? definition.blastRadius(parsed.data) : null;
}

function RunsPanelView({ gameDayId, runs, planned, catalog, environment, serverOffsetMs, canControl, launchBlocked, onRun, onNotice }: RunsPanelProps) {
  const [launching, setLaunching] = useState<{ preset: LaunchPreset | null } | null>(null);
  const live = runs.filter(isLiveRun);
  // Live runs first, newest first within each group: the card that needs attention is on top.
  const ordered = useMemo(() => [...runs].reverse().sort((a, b) => Number(isLiveRun(b)) - Number(isLiveRun(a))), [runs]);

  return (
    <section className="panel" aria-labelledby="runs-title" data-testid="runs-panel">
      <div className="panel-head">
        <h2 id="runs-title">Runs</h2>
        <span className={`badge ${live.length ? "solid-bad" : ""}`} data-testid="live-run-count">
          {live.length} live
        </span>
        <span className="muted small">{runs.length} in total</span>
      </div>
      {canControl ? (
        <div className="stack" style={{ gap: 6, marginBottom: 10 }}>
          <div className="launch-strip" role="group" aria-label="Launch">
            {planned.map((entry) =>
              entry.scenarioId ? (
                <button
                  key={entry.id}
                  type="button"
                  className="button small"
                  disabled={launchBlocked !== null}
                  onClick={() => setLaunching({ preset: { scenarioId: entry.scenarioId ?? "", params: entry.params, durationSeconds: entry.durationSeconds } })}
                  data-testid={`launch-${entry.scenarioId}`}
                >
                  ▶ {entry.label}
                </button>
              ) : null,
            )}
            <button type="button" className="button small" disabled={launchBlocked !== null || catalog.length === 0} onClick={() => setLaunching({ preset: null })} data-testid="launch-other">
              ▶ Other scenario…
            </button>
          </div>
          {launchBlocked ? (
            <span className="small" role="status" data-testid="launch-blocked" style={{ color: "var(--warn)" }}>
              {launchBlocked}
            </span>
          ) : null}
        </div>
      ) : null}
      {ordered.length === 0 ? (
        <p className="empty" style={{ margin: 0 }}>
          No runs yet.{canControl ? (launchBlocked ? "" : " Launch a planned scenario above.") : " Faults launched by the facilitator appear here."}
        </p>
      ) : (
        <div className="run-list">
          {ordered.map((run) => (
            <RunCard key={run.id} run={run} serverOffsetMs={serverOffsetMs} canStop={canControl} blastRadius={blastRadiusOf(run)} onChanged={onRun} />
          ))}
        </div>
      )}
      {canControl ? (
        <LaunchDialog
          open={launching !== null}
          onClose={() => setLaunching(null)}
          gameDayId={gameDayId}
          catalog={catalog}
          preset={launching?.preset ?? null}
          liveRuns={live.length}
          environment={environment}
          onLaunched={(run, created) => {
            onRun(run);
            onNotice(created ? `Launched ${run.label}.` : `${run.label} had already been launched with this dialog's key; no second fault was started.`);
          }}
        />
      ) : null}
    </section>
  );
}

/** Re-renders when runs, the plan or the launch rules change. */
export const RunsPanel = memo(RunsPanelView);
