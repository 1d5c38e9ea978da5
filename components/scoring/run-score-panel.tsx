"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { z } from "zod";
import { apiCall } from "@/lib/client/api";
import { formatUtcTime } from "@/lib/client/format";
import { useSubmission } from "@/lib/client/use-submission";
import type { Duration, EvidenceRef } from "@/lib/scoring/model";
import type { RunScoreView, TeamScoreView } from "@/lib/scoring/schemas";
import { CAPABILITIES, CAPABILITY_LABELS, RATINGS, RATING_LABELS, type Capability, type Rating } from "@/lib/scoring/vocabulary";
import { RatingBadge } from "./rating-badge";

const AnyAnswer = z.unknown();

interface RunScorePanelProps {
  /** Every scored run of the game day, oldest first. */
  runs: readonly RunScoreView[];
  gameDayId: string;
  revealedAt: string | null;
}

/** The facilitator's scoring panel: one run at a time, teams side by side, every part explained, evidence one click away. */
export function RunScorePanel({ runs, gameDayId, revealedAt }: RunScorePanelProps) {
  const [selected, setSelected] = useState(runs.at(-1)?.runId ?? null);
  const run = runs.find((candidate) => candidate.runId === selected) ?? null;
  return (
    <div className="stack">
      <RevealControl gameDayId={gameDayId} revealedAt={revealedAt} />
      {runs.length === 0 ? <p className="empty">No run has injected a fault yet: nothing to score.</p> : null}
      {runs.length > 0 ? (
        <div className="row" role="group" aria-label="Runs">
          {runs.map((candidate) => (
            <button
              key={candidate.runId}
              type="button"
              className="button small"
              aria-pressed={candidate.runId === selected}
              onClick={() => setSelected(candidate.runId)}
            >
              {candidate.scenarioTitle}
              {candidate.groundTruth ? <span className="muted"> {formatUtcTime(candidate.groundTruth.faultStart)}</span> : null}
            </button>
          ))}
        </div>
      ) : null}
      {run ? <RunScore run={run} /> : null}
    </div>
  );
}

function RevealControl({ gameDayId, revealedAt }: { gameDayId: string; revealedAt: string | null }) {
  const router = useRouter();
  const { pending, error, submit } = useSubmission();
  if (revealedAt) return <p className="banner ok">Scores revealed to trainees and observers at {formatUtcTime(revealedAt)} UTC. Later decisions show to them as they are made.</p>;
  return (
    <div className="banner warn row">
      <span className="grow">Trainees and observers do not see scores until you reveal them. Confirm or override the ratings first.</span>
      <button
        type="button"
        className="button primary"
        disabled={pending}
        onClick={() =>
          void submit(async () => {
            await apiCall(`/api/gamedays/${gameDayId}/scores/reveal`, AnyAnswer, { method: "POST" });
            router.refresh();
          }, "The scores could not be revealed.")
        }
      >
        Reveal scores
      </button>
      {error ? <span className="error" role="alert">{error}</span> : null}
    </div>
  );
}

function seconds(duration: Duration | null): string {
  return duration ? `${Math.round(duration.seconds)} s` : "—";
}

function RunScore({ run }: { run: RunScoreView }) {
  const truth = run.groundTruth;
  return (
    <section className="stack" aria-label={`Scores for ${run.scenarioTitle}`}>
      {run.reason ? <p className="banner">{run.reason}</p> : null}
      {truth ? (
        <section className="card stack">
          <h3>What happened (ground truth)</h3>
          <dl className="kv">
            <dt title={run.definitions.faultStart}>Fault start</dt>
            <dd className="mono">{formatUtcTime(truth.faultStart)}</dd>
            <dt title={run.definitions.impactOnset}>Impact onset</dt>
            <dd>{truth.impactOnset ? <span className="mono">{formatUtcTime(truth.impactOnset.at)}</span> : "no visible impact"} {truth.impactOnset ? <span className="muted">({truth.impactOnset.detail})</span> : null}</dd>
            <dt title={run.definitions.faultEnd}>Fault end</dt>
            <dd>{truth.faultEnd ? <span className="mono">{formatUtcTime(truth.faultEnd.at)} ({truth.faultEnd.by})</span> : "still live"}</dd>
            <dt title={run.definitions.recovery}>Recovery</dt>
            <dd className="mono">{truth.recovery ? formatUtcTime(truth.recovery) : "not recovered"}</dd>
          </dl>
          {truth.remediations.length > 0 ? (
            <ul className="evidence-list">
              {truth.remediations.map((remediation) => (
                <li key={remediation.id}>
                  <span className="mono">{formatUtcTime(remediation.at)}</span> {remediation.type} by {run.teams.find((team) => team.teamId === remediation.teamId)?.teamName ?? "a facilitator"}: {remediation.effect.replaceAll("-", " ")}
                </li>
              ))}
            </ul>
          ) : null}
        </section>
      ) : null}
      {run.teams.length > 0 ? <TeamsSideBySide run={run} /> : null}
      <details>
        <summary>How each measure is defined</summary>
        <ul>
          {Object.entries(run.definitions).map(([name, text]) => (
            <li key={name}>{text}</li>
          ))}
        </ul>
      </details>
    </section>
  );
}

function TeamsSideBySide({ run }: { run: RunScoreView }) {
  return (
    <div className="table-wrap" role="region" aria-label="Teams side by side, scrollable" tabIndex={0}>
      <table className="table" aria-label="Teams side by side">
        <thead>
          <tr>
            <th>Capability</th>
            {run.teams.map((team) => (
              <th key={team.teamId}>{team.teamName}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {CAPABILITIES.map((capability) => (
            <tr key={capability}>
              <th scope="row">
                {CAPABILITY_LABELS[capability]}
                <div className="muted small">{run.teams[0]?.parts.find((part) => part.capability === capability)?.target}</div>
              </th>
              {run.teams.map((team) => (
                <td key={team.teamId}>
                  <CapabilityCell run={run} team={team} capability={capability} />
                </td>
              ))}
            </tr>
          ))}
          <tr>
            <th scope="row">Measures</th>
            {run.teams.map((team) => (
              <td key={team.teamId}>
                <dl className="kv small">
                  <dt title={run.definitions.timeToDetect}>Time to detect</dt>
                  <dd>
                    {seconds(team.measures.timeToDetect)} <span className="muted">({seconds(team.measures.timeToDetectFromFaultStart)} from fault start)</span>
                  </dd>
                  <dt title={run.definitions.timeToDiagnose}>Time to diagnose</dt>
                  <dd>
                    {seconds(team.measures.timeToDiagnose)} <span className="muted">({team.measures.diagnosis})</span>
                  </dd>
                  <dt title={run.definitions.timeToMitigate}>Time to mitigate</dt>
                  <dd>
                    {seconds(team.measures.timeToMitigate)} <span className="muted">({team.measures.mitigation.replaceAll("-", " ")})</span>
                  </dd>
                  <dt title={run.definitions.timeToFirstStatusUpdate}>Time to first status update</dt>
                  <dd>{seconds(team.measures.timeToFirstStatusUpdate)}</dd>
                </dl>
                {team.measures.flags.length > 0 ? (
                  <ul className="evidence-list">
                    {team.measures.flags.map((flag, index) => (
                      <li key={`${flag.kind}-${index}`}>
                        <span className="badge warn">{flag.kind.replaceAll("-", " ")}</span> {flag.detail}
                      </li>
                    ))}
                  </ul>
                ) : null}
              </td>
            ))}
          </tr>
          <tr>
            <th scope="row">Total (0–100)</th>
            {run.teams.map((team) => (
              <td key={team.teamId}>
                <TotalCell runId={run.runId} team={team} />
              </td>
            ))}
          </tr>
        </tbody>
      </table>
    </div>
  );
}

function EvidenceItem({ reference, run }: { reference: EvidenceRef; run: RunScoreView }) {
  const entry = reference.id ? run.entries[reference.id] : undefined;
  return (
    <li>
      <details>
        <summary>
          <span className="mono">{formatUtcTime(reference.at)}</span> {reference.note}
        </summary>
        {entry ? (
          <p className="small">
            <span className="badge">{entry.kind}</span> {entry.actorName ?? "system"}: “{entry.body}”
          </p>
        ) : (
          <p className="small muted">{reference.id ? `Timeline entry #${reference.id}` : "Ground truth from the lab and the metrics."}</p>
        )}
      </details>
    </li>
  );
}

function CapabilityCell({ run, team, capability }: { run: RunScoreView; team: TeamScoreView; capability: Capability }) {
  const part = team.parts.find((candidate) => candidate.capability === capability);
  const rating = team.ratings.find((candidate) => candidate.capability === capability);
  if (!part || !rating) return null;
  return (
    <div className="stack small">
      <div className="row">
        <RatingBadge rating={rating.final} label={CAPABILITY_LABELS[capability]} />
        {rating.decision ? (
          <span className="muted">
            {rating.decision.rating === rating.proposed ? "confirmed" : `overridden (proposed ${rating.proposed ?? "n/a"})`}
          </span>
        ) : (
          <span className="muted">proposed</span>
        )}
        <span className="mono">
          {part.applicable ? `${part.value}/100 × ${part.weight}` : "not applicable"}
        </span>
      </div>
      {rating.proposalChanged ? <p className="banner warn">The proposal changed to {rating.proposed ?? "n/a"} since this decision (new evidence).</p> : null}
      {rating.decision ? <p className="muted">Reason: {rating.decision.reason}</p> : null}
      <ul>
        {part.reasons.map((reason) => (
          <li key={reason}>{reason}</li>
        ))}
      </ul>
      {part.evidence.length > 0 ? (
        <ul className="evidence-list" aria-label="Evidence">
          {part.evidence.map((reference, index) => (
            <EvidenceItem key={`${reference.id ?? reference.kind}-${index}`} reference={reference} run={run} />
          ))}
        </ul>
      ) : null}
      {part.applicable ? <DecisionForm runId={run.runId} teamId={team.teamId} capability={capability} proposed={rating.proposed} current={rating.final} /> : null}
    </div>
  );
}

function DecisionForm({ runId, teamId, capability, proposed, current }: { runId: string; teamId: string; capability: Capability; proposed: Rating | null; current: Rating | null }) {
  const router = useRouter();
  const { pending, error, submit } = useSubmission();
  const [rating, setRating] = useState<Rating>(current ?? proposed ?? "U");
  const [reason, setReason] = useState("");
  const id = `${teamId}-${capability}`;
  return (
    <form
      className="row"
      onSubmit={(event) => {
        event.preventDefault();
        void submit(async () => {
          await apiCall(`/api/runs/${runId}/score/decisions`, AnyAnswer, { body: { teamId, capability, rating, reason } });
          setReason("");
          router.refresh();
        }, "The rating could not be recorded.");
      }}
    >
      <label className="sr-only" htmlFor={`${id}-rating`}>
        Rating
      </label>
      <select id={`${id}-rating`} value={rating} onChange={(event) => setRating(event.target.value as Rating)}>
        {RATINGS.map((value) => (
          <option key={value} value={value}>
            {value} — {RATING_LABELS[value]}
          </option>
        ))}
      </select>
      <label className="sr-only" htmlFor={`${id}-reason`}>
        Reason
      </label>
      <input id={`${id}-reason`} className="grow" placeholder="Reason (required)" value={reason} onChange={(event) => setReason(event.target.value)} minLength={10} required />
      <button type="submit" className="button small" disabled={pending}>
        {rating === proposed ? "Confirm" : "Override"}
      </button>
      {error ? (
        <span className="error" role="alert">
          {error}
        </span>
      ) : null}
    </form>
  );
}

function TotalCell({ runId, team }: { runId: string; team: TeamScoreView }) {
  const router = useRouter();
  const { pending, error, submit } = useSubmission();
  const [total, setTotal] = useState("");
  const [reason, setReason] = useState("");
  return (
    <div className="stack small">
      <div>
        <strong className="mono">{team.total.toFixed(1)}</strong>
        {team.totalOverride ? <span className="muted"> set by the facilitator (computed {team.computedTotal.toFixed(1)}): {team.totalOverride.reason}</span> : <span className="muted"> weighted over the applicable parts</span>}
      </div>
      <form
        className="row"
        onSubmit={(event) => {
          event.preventDefault();
          void submit(async () => {
            await apiCall(`/api/runs/${runId}/score/total`, AnyAnswer, { body: { teamId: team.teamId, total: total.trim() === "" ? null : Number(total), reason } });
            setTotal("");
            setReason("");
            router.refresh();
          }, "The total could not be set.");
        }}
      >
        <label className="sr-only" htmlFor={`${team.teamId}-total`}>
          Total
        </label>
        <input id={`${team.teamId}-total`} className="input-small" inputMode="decimal" placeholder="0–100 or empty to clear" value={total} onChange={(event) => setTotal(event.target.value)} />
        <label className="sr-only" htmlFor={`${team.teamId}-total-reason`}>
          Reason
        </label>
        <input id={`${team.teamId}-total-reason`} className="grow" placeholder="Reason (required)" value={reason} onChange={(event) => setReason(event.target.value)} minLength={10} required />
        <button type="submit" className="button small" disabled={pending}>
          Set total
        </button>
        {error ? (
          <span className="error" role="alert">
            {error}
          </span>
        ) : null}
      </form>
    </div>
  );
}
