"use client";

import { useMemo, useState } from "react";
import { checkLaunch, inputsFromParams, type LaunchCheck, type ParamInputs } from "@/lib/client/params";
import type { ScenarioView } from "@/lib/scenarios/view";

/** The state of a scenario's parameter form. */
export interface ScenarioForm {
  inputs: ParamInputs;
  setInput: (name: string, value: string) => void;
  duration: string;
  setDuration: (value: string) => void;
  /** Client-side verdict: the same zod schema the server applies, plus the live blast radius. */
  check: LaunchCheck;
}

export function useScenarioForm(scenario: ScenarioView, params?: Record<string, unknown> | null, durationSeconds?: number): ScenarioForm {
  const [inputs, setInputs] = useState<ParamInputs>(() => inputsFromParams(scenario.paramFields, params));
  const [duration, setDuration] = useState(String(durationSeconds ?? scenario.duration.defaultSeconds));
  const check = useMemo(() => checkLaunch(scenario.id, scenario.paramFields, inputs, duration, scenario.duration), [scenario, inputs, duration]);
  return { inputs, setInput: (name, value) => setInputs((current) => ({ ...current, [name]: value })), duration, setDuration, check };
}

/** Props of the parameter fields. */
export interface ScenarioFieldsProps {
  scenario: ScenarioView;
  form: ScenarioForm;
  /** Errors from the server, keyed like `params.delayMs`; they win over the client's until the next edit. */
  serverErrors: Record<string, string>;
  idPrefix: string;
}

function limits(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return `${min}–${max}`;
  if (min !== undefined) return `≥ ${min}`;
  if (max !== undefined) return `≤ ${max}`;
  return "";
}

/** Every parameter of a scenario as an input with its limits, and the duration (the fault's lease). */
export function ScenarioFields({ scenario, form, serverErrors, idPrefix }: ScenarioFieldsProps) {
  const errorFor = (key: string) => serverErrors[key] ?? form.check.errors[key];
  return (
    <div className="param-grid">
      {scenario.paramFields.map((field) => {
        const id = `${idPrefix}-${field.name}`;
        const error = errorFor(`params.${field.name}`);
        const describedBy = error ? `${id}-error` : `${id}-hint`;
        const value = form.inputs[field.name] ?? "";
        return (
          <div className="field" key={field.name}>
            <label htmlFor={id}>{field.name}</label>
            {field.type === "enum" ? (
              <select id={id} value={value} onChange={(event) => form.setInput(field.name, event.target.value)} aria-invalid={error ? true : undefined} aria-describedby={describedBy}>
                {(field.options ?? []).map((option) => (
                  <option key={option} value={option}>
                    {option}
                  </option>
                ))}
              </select>
            ) : (
              <input
                id={id}
                inputMode={field.type === "integer" ? "numeric" : undefined}
                type={field.type === "integer" ? "number" : "text"}
                min={field.minimum}
                max={field.maximum}
                step={field.type === "integer" ? 1 : undefined}
                value={value}
                onChange={(event) => form.setInput(field.name, event.target.value)}
                aria-invalid={error ? true : undefined}
                aria-describedby={describedBy}
              />
            )}
            {error ? (
              <span className="error" id={`${id}-error`}>
                {error}
              </span>
            ) : (
              <span className="hint" id={`${id}-hint`}>
                default {String(field.default)}
                {field.type === "integer" && limits(field.minimum, field.maximum) ? ` · ${limits(field.minimum, field.maximum)}` : ""}
              </span>
            )}
          </div>
        );
      })}
      <div className="field">
        <label htmlFor={`${idPrefix}-duration`}>duration (s)</label>
        <input
          id={`${idPrefix}-duration`}
          type="number"
          inputMode="numeric"
          min={scenario.duration.minSeconds}
          max={scenario.duration.maxSeconds}
          value={form.duration}
          onChange={(event) => form.setDuration(event.target.value)}
          aria-invalid={errorFor("durationSeconds") ? true : undefined}
          aria-describedby={`${idPrefix}-duration-note`}
        />
        <span className={errorFor("durationSeconds") ? "error" : "hint"} id={`${idPrefix}-duration-note`}>
          {errorFor("durationSeconds") ?? `lease · ${scenario.duration.minSeconds}–${scenario.duration.maxSeconds}`}
        </span>
      </div>
    </div>
  );
}
