"use client";

import { useState } from "react";
import { apiCall } from "@/lib/client/api";
import { errorMessage } from "@/lib/client/form";
import { formatUtcDateTime } from "@/lib/client/format";
import { PreflightAnswerSchema } from "@/lib/client/schemas";
import type { PreflightReport } from "@/lib/gameday/schemas";

const TONE = { pass: "ok", warn: "warn", fail: "bad" } as const;

function Verdict({ verdict }: { verdict: "pass" | "warn" | "fail" }) {
  return <span className={`badge ${TONE[verdict]}`}>{verdict}</span>;
}

function Checks({ checks }: { checks: PreflightReport["steadyState"]["checks"] }) {
  if (checks.length === 0) return <p className="muted small">No checks.</p>;
  return (
    <ul className="check-list">
      {checks.map((check) => (
        <li key={check.id} data-testid="preflight-check" data-status={check.status}>
          <Verdict verdict={check.status} />
          <span>
            <strong>{check.label}</strong> <span className="muted">{check.detail}</span>
          </span>
        </li>
      ))}
    </ul>
  );
}

/** Props of the pre-game checklist. */
export interface PreflightPanelProps {
  gameDayId: string;
  plannedCount: number;
  environment: "local" | "aws";
}

/** The pre-game checklist: steady state healthy now, and each planned scenario's readiness on this lab. */
export function PreflightPanel({ gameDayId, plannedCount, environment }: PreflightPanelProps) {
  const [report, setReport] = useState<PreflightReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function run() {
    setPending(true);
    setError(null);
    try {
      setReport((await apiCall(`/api/gamedays/${gameDayId}/preflight`, PreflightAnswerSchema, { method: "POST" })).preflight);
    } catch (failure) {
      setError(errorMessage(failure, "The checklist could not run."));
    } finally {
      setPending(false);
    }
  }

  return (
    <section className="panel" aria-labelledby="preflight-title" data-testid="preflight-panel" aria-busy={pending}>
      <div className="panel-head">
        <h2 id="preflight-title">Pre-game checklist</h2>
        {report ? <Verdict verdict={report.verdict} /> : null}
        <button type="button" className="button small primary" onClick={() => void run()} disabled={pending} style={{ marginLeft: "auto" }} data-testid="run-preflight">
          {pending ? "Checking…" : report ? "Check again" : "Run checklist"}
        </button>
      </div>
      {error ? (
        <div className="banner error" role="alert">
          {error}
        </div>
      ) : null}
      {!report && !error ? (
        <p className="muted small" style={{ margin: 0 }}>
          Checks that the steady state holds now and that each of the {plannedCount} planned scenarios can run on {environment === "aws" ? "AWS (FIS prerequisites, roles, quotas)" : "the local lab"}: pass, warn or fail, with why.
        </p>
      ) : null}
      {report ? (
        <div className="stack" style={{ gap: 10 }}>
          <span className="muted small">Checked {formatUtcDateTime(report.checkedAt)} on {report.labKind === "aws" ? "AWS" : "the local lab"}</span>
          <div>
            <h3 className="row" style={{ gap: 6 }}>
              Steady state now <Verdict verdict={report.steadyState.verdict} />
            </h3>
            <Checks checks={report.steadyState.checks} />
          </div>
          {report.scenarios.map((scenario) => (
            <div key={scenario.plannedScenarioId}>
              <h3 className="row" style={{ gap: 6 }}>
                {scenario.label} <Verdict verdict={scenario.verdict} />
              </h3>
              <Checks checks={scenario.checks} />
            </div>
          ))}
        </div>
      ) : null}
    </section>
  );
}
