"use client";

import { useState } from "react";
import { Dialog } from "@/components/ui/dialog";
import { ApiCallError, apiCall } from "@/lib/client/api";
import { errorMessage } from "@/lib/client/form";
import { newIdempotencyKey } from "@/lib/client/idempotency";
import { LaunchAnswerSchema } from "@/lib/client/schemas";
import { LaunchRunSchema, type RunView } from "@/lib/gameday/schemas";
import type { ScenarioView } from "@/lib/scenarios/view";
import { ScenarioFields, useScenarioForm } from "./scenario-fields";

/** A planned scenario to launch as planned (parameters can still be adjusted within limits). */
export interface LaunchPreset {
  scenarioId: string;
  params: Record<string, unknown> | null;
  durationSeconds: number;
}

/** Props of the launch dialog. */
export interface LaunchDialogProps {
  open: boolean;
  onClose: () => void;
  gameDayId: string;
  catalog: readonly ScenarioView[];
  preset: LaunchPreset | null;
  /** Faults live now: a launch on top of them is an adaptive inject, allowed and recorded. */
  liveRuns: number;
  environment: "local" | "aws";
  onLaunched: (run: RunView, created: boolean) => void;
}

export function LaunchDialog(props: LaunchDialogProps) {
  const title = props.preset ? `Launch ${props.catalog.find((scenario) => scenario.id === props.preset?.scenarioId)?.title ?? props.preset.scenarioId}` : "Launch a scenario";
  return (
    <Dialog open={props.open} onClose={props.onClose} title={title} wide testId="launch-dialog">
      <LaunchForm {...props} />
    </Dialog>
  );
}

function LaunchForm({ onClose, gameDayId, catalog, preset, liveRuns, environment, onLaunched }: LaunchDialogProps) {
  // One key per opened dialog (this component mounts on open): every retry of this launch
  // reuses it, so the server can answer "already launched" instead of starting a second fault.
  const [idempotencyKey] = useState(newIdempotencyKey);
  const [scenarioId, setScenarioId] = useState(preset?.scenarioId ?? catalog[0]?.id ?? "");
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<{ message: string; fields: Record<string, string>; retryable: boolean } | null>(null);
  const scenario = catalog.find((entry) => entry.id === scenarioId);

  return (
    <>
      {preset ? null : (
        <div className="field">
          <label htmlFor="launch-scenario">Scenario</label>
          <select
            id="launch-scenario"
            value={scenarioId}
            onChange={(event) => {
              setScenarioId(event.target.value);
              setFailure(null);
            }}
            disabled={pending}
          >
            {catalog.map((entry) => (
              <option key={entry.id} value={entry.id}>
                {entry.title} ({entry.category})
              </option>
            ))}
          </select>
        </div>
      )}
      {scenario ? (
        <LaunchBody
          key={scenario.id}
          scenario={scenario}
          preset={preset?.scenarioId === scenario.id ? preset : null}
          gameDayId={gameDayId}
          idempotencyKey={idempotencyKey}
          liveRuns={liveRuns}
          environment={environment}
          pending={pending}
          setPending={setPending}
          failure={failure}
          setFailure={setFailure}
          onLaunched={onLaunched}
          onClose={onClose}
        />
      ) : (
        <p className="empty">The scenario catalog is empty.</p>
      )}
    </>
  );
}

interface LaunchBodyProps {
  scenario: ScenarioView;
  preset: LaunchPreset | null;
  gameDayId: string;
  idempotencyKey: string;
  liveRuns: number;
  environment: "local" | "aws";
  pending: boolean;
  setPending: (pending: boolean) => void;
  failure: { message: string; fields: Record<string, string>; retryable: boolean } | null;
  setFailure: (failure: { message: string; fields: Record<string, string>; retryable: boolean } | null) => void;
  onLaunched: (run: RunView, created: boolean) => void;
  onClose: () => void;
}

function LaunchBody({ scenario, preset, gameDayId, idempotencyKey, liveRuns, environment, pending, setPending, failure, setFailure, onLaunched, onClose }: LaunchBodyProps) {
  const form = useScenarioForm(scenario, preset?.params, preset?.durationSeconds);
  const [confirmed, setConfirmed] = useState(false);
  const { check } = form;
  const valid = check.params !== null && check.durationSeconds !== null;
  // A changed blast radius needs a fresh confirmation.
  const [confirmedRadius, setConfirmedRadius] = useState<string | null>(null);
  const isConfirmed = confirmed && confirmedRadius === check.blastRadius;

  async function launch() {
    if (!valid || !isConfirmed || pending) return;
    const body = LaunchRunSchema.safeParse({
      scenarioId: scenario.id,
      params: check.params,
      durationSeconds: check.durationSeconds,
      idempotencyKey,
      confirmBlastRadius: true,
    });
    if (!body.success) {
      setFailure({ message: body.error.issues[0]?.message ?? "The launch is not valid.", fields: {}, retryable: false });
      return;
    }
    setPending(true);
    setFailure(null);
    try {
      const answer = await apiCall(`/api/gamedays/${gameDayId}/runs`, LaunchAnswerSchema, { body: body.data });
      onLaunched(answer.run, answer.created);
      onClose();
    } catch (error) {
      const status = error instanceof ApiCallError ? error.status : 0;
      setFailure({
        message: errorMessage(error, "The launch could not be sent."),
        fields: error instanceof ApiCallError ? error.fieldErrors : {},
        // Lost answers and server errors may have launched: retry with the same key to find out.
        retryable: status === 0 || status >= 500,
      });
    } finally {
      setPending(false);
    }
  }

  return (
    <form
      className="stack"
      onSubmit={(event) => {
        event.preventDefault();
        void launch();
      }}
      noValidate
    >
      <p className="muted" style={{ margin: 0 }}>
        {scenario.summary}
      </p>
      <ScenarioFields scenario={scenario} form={form} serverErrors={failure?.fields ?? {}} idPrefix="launch" />
      <div className="muted small">
        {environment === "aws" ? `AWS: ${scenario.aws.steps.join(", ")} — ${scenario.aws.note}` : `Local lab: ${scenario.local}`}
      </div>
      {liveRuns > 0 ? (
        <div className="banner warn" role="status">
          {liveRuns} fault{liveRuns > 1 ? "s are" : " is"} live. Launching now adds an adaptive inject on top; it is allowed and recorded on the timeline.
        </div>
      ) : null}
      <label className="confirm-box">
        <input
          type="checkbox"
          checked={isConfirmed}
          disabled={!valid || pending}
          onChange={(event) => {
            setConfirmed(event.target.checked);
            setConfirmedRadius(check.blastRadius);
          }}
          data-testid="confirm-blast-radius"
        />
        <span>
          <strong>Blast radius: </strong>
          <span data-testid="blast-radius">{check.blastRadius ?? "fix the parameters above to see what this run affects."}</span>
          <br />
          <span className="muted small">I confirm this is what the run will affect, for at most {check.durationSeconds ?? "?"} s.</span>
        </span>
      </label>
      {failure ? (
        <div className="banner error" role="alert">
          {failure.message}
          {failure.retryable ? " Retrying is safe: it reuses this launch's idempotency key, so it can never start the fault twice." : ""}
        </div>
      ) : null}
      <div className="dialog-actions">
        <span className="muted small grow mono" title="Idempotency key of this launch">
          key {idempotencyKey.slice(0, 8)}…
        </span>
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className="button danger" disabled={!valid || !isConfirmed || pending} data-testid="launch-submit">
          {pending ? "Launching…" : failure?.retryable ? "Retry launch" : "Launch fault"}
        </button>
      </div>
    </form>
  );
}
