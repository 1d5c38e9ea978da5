"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { z } from "zod";
import { apiCall, ApiCallError } from "@/lib/client/api";
import { ACTION_STATUSES, ActionItemSchema, type ActionItem } from "@/lib/report/model";
import { CAPABILITIES, CAPABILITY_LABELS, type Capability } from "@/lib/scoring/vocabulary";

/** An entry the facilitator may star, as the editor lists it. */
export interface StarCandidate {
  id: string;
  at: string;
  label: string;
  who: string;
  body: string;
  run: string;
}

const EditsAnswerSchema = z.object({ edits: z.object({ summary: z.string(), starred: z.array(z.string()), actionItems: z.array(ActionItemSchema) }) });
const FinalAnswerSchema = z.object({ version: z.number() });

type Draft = Omit<ActionItem, "id"> & { id?: string };
const blank = (): Draft => ({ issue: "", action: "", owner: "", due: null, capability: null, status: "open" });

/** The facilitator's edits before export: the summary's words, starred entries, the improvement plan, then final. */
export function ReportEditor(props: { gameDayId: string; summary: string; starred: string[]; actionItems: ActionItem[]; candidates: StarCandidate[]; canFinalize: boolean }) {
  const router = useRouter();
  const [summary, setSummary] = useState(props.summary);
  const [starred, setStarred] = useState(() => new Set(props.starred));
  const [items, setItems] = useState<Draft[]>(props.actionItems);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const update = (index: number, change: Partial<Draft>) => setItems((list) => list.map((item, at) => (at === index ? { ...item, ...change } : item)));
  const toggle = (id: string) =>
    setStarred((set) => {
      const next = new Set(set);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  async function save(): Promise<boolean> {
    setBusy(true);
    setMessage(null);
    try {
      await apiCall(`/api/gamedays/${props.gameDayId}/report`, EditsAnswerSchema, { method: "PATCH", body: { summary, starred: [...starred], actionItems: items } });
      setMessage("Saved.");
      router.refresh();
      return true;
    } catch (error) {
      setMessage(error instanceof ApiCallError ? error.message : "Saving failed.");
      return false;
    } finally {
      setBusy(false);
    }
  }

  async function finalize() {
    if (!(await save())) return;
    setBusy(true);
    try {
      const answer = await apiCall(`/api/gamedays/${props.gameDayId}/report/final`, FinalAnswerSchema, { method: "POST" });
      setMessage(`Version ${answer.version} is final: it will not change. Later edits make the next version.`);
      router.refresh();
    } catch (error) {
      setMessage(error instanceof ApiCallError ? error.message : "Marking final failed.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card stack no-print" aria-label="Edit the report">
      <h2>Edit before export</h2>
      <label className="stack">
        <span>Summary in your own words (for readers who were not in the room)</span>
        <textarea rows={5} value={summary} maxLength={20000} onChange={(event) => setSummary(event.target.value)} />
      </label>
      <h3>Improvement plan</h3>
      {items.map((item, index) => (
        <fieldset key={item.id ?? `new-${index}`} className="row">
          <input aria-label="Issue" placeholder="Issue" value={item.issue} onChange={(event) => update(index, { issue: event.target.value })} />
          <input aria-label="Corrective action" placeholder="Corrective action" value={item.action} onChange={(event) => update(index, { action: event.target.value })} />
          <input aria-label="Owner" placeholder="Owner" value={item.owner} onChange={(event) => update(index, { owner: event.target.value })} />
          <input aria-label="Due" type="date" value={item.due ?? ""} onChange={(event) => update(index, { due: event.target.value || null })} />
          <select aria-label="Capability" value={item.capability ?? ""} onChange={(event) => update(index, { capability: (event.target.value || null) as Capability | null })}>
            <option value="">No capability</option>
            {CAPABILITIES.map((name) => (
              <option key={name} value={name}>
                {CAPABILITY_LABELS[name]}
              </option>
            ))}
          </select>
          <select aria-label="Status" value={item.status} onChange={(event) => update(index, { status: event.target.value as ActionItem["status"] })}>
            {ACTION_STATUSES.map((status) => (
              <option key={status} value={status}>
                {status}
              </option>
            ))}
          </select>
          <button type="button" className="button" onClick={() => setItems((list) => list.filter((_, at) => at !== index))}>
            Remove
          </button>
        </fieldset>
      ))}
      <div>
        <button type="button" className="button" onClick={() => setItems((list) => [...list, blank()])}>
          Add an action item
        </button>
      </div>
      <details>
        <summary>Star key entries ({starred.size} starred): the report leads with them</summary>
        <ul className="stack">
          {props.candidates.map((entry) => (
            <li key={entry.id}>
              <label className="row">
                <input type="checkbox" checked={starred.has(entry.id)} onChange={() => toggle(entry.id)} />
                <span className="muted">
                  {entry.run} · {entry.at.slice(11, 19)} · {entry.label} · {entry.who}
                </span>
                <span>{entry.body}</span>
              </label>
            </li>
          ))}
        </ul>
      </details>
      <div className="row">
        <button type="button" className="button primary" disabled={busy} onClick={() => void save()}>
          Save draft
        </button>
        <button type="button" className="button" disabled={busy || !props.canFinalize} onClick={() => void finalize()} title={props.canFinalize ? undefined : "The report can be marked final once the game day has ended."}>
          Mark final
        </button>
        {message ? <span role="status">{message}</span> : null}
      </div>
    </section>
  );
}
