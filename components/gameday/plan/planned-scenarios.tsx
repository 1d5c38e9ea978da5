"use client";

import { useState } from "react";
import { apiCall } from "@/lib/client/api";
import { errorMessage } from "@/lib/client/form";
import { describeParams } from "@/lib/client/runs";
import { RemovedAnswerSchema } from "@/lib/client/schemas";
import type { PlannedScenarioView } from "@/lib/gameday/schemas";

/** Props of the plan list. */
export interface PlannedScenariosProps {
  planned: readonly PlannedScenarioView[];
  canEdit: boolean;
  onRemoved: (id: string) => void;
}

/** The scenarios chosen for this game day, in order, with their parameters and blast radius. */
export function PlannedScenarios({ planned, canEdit, onRemoved }: PlannedScenariosProps) {
  const [error, setError] = useState<string | null>(null);
  const [removing, setRemoving] = useState<string | null>(null);

  async function remove(id: string) {
    setRemoving(id);
    setError(null);
    try {
      await apiCall(`/api/planned-scenarios/${id}`, RemovedAnswerSchema, { method: "DELETE" });
      onRemoved(id);
    } catch (failure) {
      setError(errorMessage(failure, "The scenario could not be removed."));
    } finally {
      setRemoving(null);
    }
  }

  return (
    <section className="panel" aria-labelledby="planned-title" data-testid="planned-panel">
      <div className="panel-head">
        <h2 id="planned-title">Plan</h2>
        <span className="muted small">{planned.length} scenarios · total {Math.round(planned.reduce((sum, entry) => sum + entry.durationSeconds, 0) / 60)} min of faults</span>
      </div>
      {error ? (
        <div className="banner error" role="alert">
          {error}
        </div>
      ) : null}
      {planned.length === 0 ? (
        <p className="empty">Nothing planned yet. Add scenarios from the catalog.</p>
      ) : (
        <table className="table dense">
          <thead>
            <tr>
              <th>#</th>
              <th>Scenario</th>
              <th>Parameters</th>
              <th>Lease</th>
              <th>Blast radius</th>
              {canEdit ? <th /> : null}
            </tr>
          </thead>
          <tbody>
            {planned.map((entry, index) => (
              <tr key={entry.id} data-testid="planned-row">
                <td className="mono">{index + 1}</td>
                <td>
                  <strong>{entry.label}</strong>
                </td>
                <td className="mono small">{describeParams(entry.params) || "defaults"}</td>
                <td className="mono">{entry.durationSeconds} s</td>
                <td className="small">{entry.blastRadius ?? "—"}</td>
                {canEdit ? (
                  <td>
                    <button type="button" className="button small" disabled={removing === entry.id} onClick={() => void remove(entry.id)} aria-label={`Remove ${entry.label} from the plan`}>
                      Remove
                    </button>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
