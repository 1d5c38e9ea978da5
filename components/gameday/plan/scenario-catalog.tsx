"use client";

import { useMemo, useState } from "react";
import { Dialog } from "@/components/ui/dialog";
import { ApiCallError, apiCall } from "@/lib/client/api";
import { errorMessage } from "@/lib/client/form";
import { PlannedAnswerSchema } from "@/lib/client/schemas";
import { PlanScenarioSchema, type PlannedScenarioView } from "@/lib/gameday/schemas";
import type { ScenarioView } from "@/lib/scenarios/view";
import { ScenarioFields, useScenarioForm } from "../scenario-fields";

/** Props of the scenario catalog. */
export interface ScenarioCatalogProps {
  gameDayId: string;
  catalog: readonly ScenarioView[];
  environment: "local" | "aws";
  /** Planning closes when the game day has ended. */
  canPlan: boolean;
  onPlanned: (scenario: PlannedScenarioView) => void;
}

const PHASE_LABEL: Record<string, string> = { detect: "Detect", diagnose: "Diagnose", mitigate: "Mitigate", verify: "Verify" };

function ScenarioCard({ scenario, environment, canPlan, onAdd }: { scenario: ScenarioView; environment: "local" | "aws"; canPlan: boolean; onAdd: () => void }) {
  const phases = scenario.runbook.reduce<Record<string, number>>((counts, step) => ({ ...counts, [step.phase]: (counts[step.phase] ?? 0) + 1 }), {});
  return (
    <article className="scenario-card" data-testid="scenario-card" data-scenario={scenario.id} aria-labelledby={`scenario-${scenario.id}`}>
      <div className="row" style={{ gap: 6 }}>
        <h3 id={`scenario-${scenario.id}`}>{scenario.title}</h3>
        <span className="badge">{scenario.category}</span>
        {scenario.extra ? <span className="badge info">extra</span> : null}
        {environment === "aws" && scenario.aws.capacity === "ec2" ? <span className="badge warn">EC2 variant</span> : null}
      </div>
      <div className="small">
        <strong>Breaks: </strong>
        {scenario.summary}
      </div>
      <div className="blast">
        <strong>Blast radius</strong> (defaults): {scenario.defaultBlastRadius}
      </div>
      <div className="small">
        <strong>Expected signals</strong>
        <ul className="signals">
          {scenario.signals.map((signal) => (
            <li key={`${signal.metric}-${signal.change}`}>
              <span className="mono">{signal.metric}</span> {signal.change === "rises" ? "↑" : "↓"} {signal.description}
            </li>
          ))}
        </ul>
      </div>
      <div className="small muted">
        Duration {scenario.duration.defaultSeconds} s (allowed {scenario.duration.minSeconds}–{scenario.duration.maxSeconds} s) · recovered when {scenario.recovery.description.replace(/\.$/, "")}
      </div>
      <details className="small">
        <summary>
          Runbook: {scenario.runbook.length} steps ({Object.entries(phases).map(([phase, count]) => `${PHASE_LABEL[phase] ?? phase} ${count}`).join(", ")})
        </summary>
        <ol style={{ margin: 0, paddingLeft: 18 }}>
          {scenario.runbook.map((step) => (
            <li key={step.id}>
              <strong>{PHASE_LABEL[step.phase] ?? step.phase}:</strong> {step.title}
            </li>
          ))}
        </ol>
        <p className="muted" style={{ marginBottom: 0 }}>
          {environment === "aws" ? `AWS: ${scenario.aws.steps.join(", ")}. ${scenario.aws.note}` : `Local lab: ${scenario.local}`}
        </p>
        <p className="muted" style={{ margin: 0 }}>
          Source: {scenario.source}
        </p>
      </details>
      <div style={{ marginTop: "auto" }}>
        <button type="button" className="button small" onClick={onAdd} disabled={!canPlan} data-testid={`plan-${scenario.id}`}>
          + Add to plan…
        </button>
      </div>
    </article>
  );
}

export function ScenarioCatalog({ gameDayId, catalog, environment, canPlan, onPlanned }: ScenarioCatalogProps) {
  const [query, setQuery] = useState("");
  const [category, setCategory] = useState("all");
  const [adding, setAdding] = useState<ScenarioView | null>(null);
  const categories = useMemo(() => [...new Set(catalog.map((scenario) => scenario.category))], [catalog]);
  const shown = catalog.filter(
    (scenario) =>
      (category === "all" || scenario.category === category) &&
      (query.trim() === "" || `${scenario.title} ${scenario.summary} ${scenario.id}`.toLowerCase().includes(query.trim().toLowerCase())),
  );

  return (
    <section className="panel" aria-labelledby="catalog-title">
      <div className="panel-head">
        <h2 id="catalog-title">Scenario catalog</h2>
        <span className="muted small">{catalog.length} scenarios</span>
        <div className="panel-tools row" style={{ gap: 6 }}>
          <label className="sr-only" htmlFor="catalog-search">
            Search scenarios
          </label>
          <input id="catalog-search" className="input-small" placeholder="Search…" value={query} onChange={(event) => setQuery(event.target.value)} />
          <label className="sr-only" htmlFor="catalog-category">
            Category
          </label>
          <select id="catalog-category" className="input-small" value={category} onChange={(event) => setCategory(event.target.value)}>
            <option value="all">All categories</option>
            {categories.map((entry) => (
              <option key={entry}>{entry}</option>
            ))}
          </select>
        </div>
      </div>
      {shown.length === 0 ? (
        <p className="empty">No scenario matches.</p>
      ) : (
        <div className="catalog">
          {shown.map((scenario) => (
            <ScenarioCard key={scenario.id} scenario={scenario} environment={environment} canPlan={canPlan} onAdd={() => setAdding(scenario)} />
          ))}
        </div>
      )}
      <Dialog open={adding !== null} onClose={() => setAdding(null)} title={`Plan ${adding?.title ?? ""}`} wide testId="plan-dialog">
        {adding ? <PlanForm gameDayId={gameDayId} scenario={adding} onPlanned={onPlanned} onClose={() => setAdding(null)} /> : null}
      </Dialog>
    </section>
  );
}

function PlanForm({ gameDayId, scenario, onPlanned, onClose }: { gameDayId: string; scenario: ScenarioView; onPlanned: (scenario: PlannedScenarioView) => void; onClose: () => void }) {
  const form = useScenarioForm(scenario);
  const [failure, setFailure] = useState<{ message: string; fields: Record<string, string> } | null>(null);
  const [pending, setPending] = useState(false);
  const valid = form.check.params !== null && form.check.durationSeconds !== null;

  async function submit() {
    const body = PlanScenarioSchema.safeParse({ scenarioId: scenario.id, params: form.check.params ?? {}, durationSeconds: form.check.durationSeconds ?? undefined });
    if (!valid || !body.success) return;
    setPending(true);
    setFailure(null);
    try {
      const answer = await apiCall(`/api/gamedays/${gameDayId}/scenarios`, PlannedAnswerSchema, { body: body.data });
      onPlanned(answer.scenario);
      onClose();
    } catch (error) {
      setFailure({ message: errorMessage(error, "The scenario could not be planned."), fields: error instanceof ApiCallError ? error.fieldErrors : {} });
    } finally {
      setPending(false);
    }
  }

  return (
    <form
      className="stack"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
      noValidate
    >
      <p className="muted" style={{ margin: 0 }}>
        {scenario.hypothesis}
      </p>
      <ScenarioFields scenario={scenario} form={form} serverErrors={failure?.fields ?? {}} idPrefix="plan" />
      <div className="blast small">
        <strong>Blast radius: </strong>
        {form.check.blastRadius ?? "fix the parameters to see what this run would affect."}
      </div>
      {failure ? (
        <div className="banner error" role="alert">
          {failure.message}
        </div>
      ) : null}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className="button primary" disabled={!valid || pending}>
          {pending ? "Adding…" : "Add to plan"}
        </button>
      </div>
    </form>
  );
}
