"use client";

import { memo, useState } from "react";
import { apiCall } from "@/lib/client/api";
import { useSubmission } from "@/lib/client/use-submission";
import { RemediationAnswerSchema } from "@/lib/client/schemas";
import { RemediateSchema, type RunView } from "@/lib/gameday/schemas";
import type { RemediationAction } from "@/lib/lab/types";

const ACTIONS: { type: RemediationAction["type"]; label: string; needs: "service" | "scale" | "hosts" | "none" }[] = [
  { type: "force-new-deployment", label: "Force a new deployment", needs: "service" },
  { type: "scale-service", label: "Scale a service", needs: "scale" },
  { type: "rollback", label: "Roll back to the previous version", needs: "service" },
  { type: "add-capacity", label: "Add capacity (hosts)", needs: "hosts" },
  { type: "restore-secret-access", label: "Restore secret access", needs: "service" },
  { type: "failback-database", label: "Fail the database back", needs: "none" },
];

/** Props of the remediation panel. */
export interface RemediationPanelProps {
  gameDayId: string;
  running: boolean;
  /** Service names from the fleet; the two of the target stack until the fleet arrives. */
  services: readonly string[];
  runs: readonly RunView[];
  onApplied: (message: string) => void;
  /** Start folded (facilitators mostly watch; trainees fix). */
  folded?: boolean;
}

/**
 * Fixes a responder applies to the target. They change the target (deploy, scale, roll back,
 * capacity, permission, failback), never a fault, and are recorded on the timeline as
 * evidence for scoring.
 */
function RemediationPanelView({ gameDayId, running, services, runs, onApplied, folded = false }: RemediationPanelProps) {
  const [type, setType] = useState<RemediationAction["type"]>("force-new-deployment");
  const [service, setService] = useState(services[0] ?? "api");
  const [desiredCount, setDesiredCount] = useState("4");
  const [hosts, setHosts] = useState("1");
  const [runId, setRunId] = useState("");
  const [note, setNote] = useState("");
  const { pending, error, setError, submit } = useSubmission();
  const spec = ACTIONS.find((action) => action.type === type) ?? ACTIONS[0];
  const needs = spec?.needs ?? "none";
  const chosenService = services.includes(service) ? service : (services[0] ?? service);

  function action(): unknown {
    switch (needs) {
      case "service":
        return { type, service: chosenService };
      case "scale":
        return { type, service: chosenService, desiredCount: Number(desiredCount) };
      case "hosts":
        return { type, hosts: Number(hosts) };
      case "none":
        return { type };
    }
  }

  async function apply() {
    const parsed = RemediateSchema.safeParse({ action: action(), ...(runId ? { runId } : {}), ...(note.trim() ? { note: note.trim() } : {}) });
    if (!parsed.success) {
      setError(parsed.error.issues.map((issue) => issue.message).join("; "));
      return;
    }
    await submit(async () => {
      const { applied } = await apiCall(`/api/gamedays/${gameDayId}/remediations`, RemediationAnswerSchema, { body: parsed.data });
      onApplied(`Remediation applied: ${applied}.`);
      setNote("");
    }, "The remediation could not be applied.");
  }

  return (
    <details className="panel" open={!folded} data-testid="remediation-panel">
      <summary className="panel-head" style={{ marginBottom: 0 }}>
        <h2 id="remediation-title">Remediate</h2>
        <span className="muted small">changes the target, never a fault</span>
      </summary>
      <form
        className="remediation-form"
        aria-labelledby="remediation-title"
        onSubmit={(event) => {
          event.preventDefault();
          void apply();
        }}
        noValidate
      >
        <div className="field">
          <label htmlFor="remediation-action">Action</label>
          <select id="remediation-action" value={type} onChange={(event) => setType(ACTIONS.find((entry) => entry.type === event.target.value)?.type ?? type)}>
            {ACTIONS.map((entry) => (
              <option key={entry.type} value={entry.type}>
                {entry.label}
              </option>
            ))}
          </select>
        </div>
        {needs === "service" || needs === "scale" ? (
          <div className="field">
            <label htmlFor="remediation-service">Service</label>
            <select id="remediation-service" value={chosenService} onChange={(event) => setService(event.target.value)}>
              {services.map((name) => (
                <option key={name}>{name}</option>
              ))}
            </select>
          </div>
        ) : null}
        {needs === "scale" ? (
          <div className="field" style={{ width: 110 }}>
            <label htmlFor="remediation-count">Desired tasks</label>
            <input id="remediation-count" type="number" min={0} max={20} value={desiredCount} onChange={(event) => setDesiredCount(event.target.value)} />
          </div>
        ) : null}
        {needs === "hosts" ? (
          <div className="field" style={{ width: 110 }}>
            <label htmlFor="remediation-hosts">Hosts</label>
            <input id="remediation-hosts" type="number" min={1} max={10} value={hosts} onChange={(event) => setHosts(event.target.value)} />
          </div>
        ) : null}
        {runs.length ? (
          <div className="field">
            <label htmlFor="remediation-run">For run</label>
            <select id="remediation-run" value={runId} onChange={(event) => setRunId(event.target.value)}>
              <option value="">—</option>
              {runs.map((run) => (
                <option key={run.id} value={run.id}>
                  {run.label}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div className="field note">
          <label htmlFor="remediation-note">Why (goes on the timeline)</label>
          <input id="remediation-note" value={note} maxLength={1000} onChange={(event) => setNote(event.target.value)} placeholder="api tasks stuck on the old password" />
        </div>
        <button type="submit" className="button" disabled={!running || pending} data-testid="remediation-apply">
          {pending ? "Applying…" : "Apply"}
        </button>
        {error ? (
          <div className="banner error" role="alert" style={{ flexBasis: "100%" }}>
            {error}
          </div>
        ) : null}
        {!running ? (
          <span className="muted small" style={{ flexBasis: "100%" }}>
            Remediations are taken while the game day runs.
          </span>
        ) : null}
      </form>
    </details>
  );
}

export const RemediationPanel = memo(RemediationPanelView);
