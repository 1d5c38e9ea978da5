"use client";

import { useState, type ReactNode } from "react";
import type { z } from "zod";
import { useSubmission } from "@/lib/client/use-submission";

/** Props of a dialog form whose one required field is the reason for the action. */
export interface ReasonFormProps<T extends { reason: string }> {
  /** id of the reason field (and its error). */
  fieldId: string;
  intro: ReactNode;
  placeholder?: string;
  /** The server's own schema for the body; `extra` adds the other fields. */
  schema: z.ZodType<T>;
  extra?: Record<string, unknown>;
  send: (body: T) => Promise<void>;
  /** What to say when the call fails without a message of its own. */
  failure: string;
  submitLabel: string;
  pendingLabel: string;
  submitClassName: string;
  submitTestId?: string;
  onClose: () => void;
  children?: ReactNode;
}

/** Stop a run, HALT ALL, lift a halt: each asks why, and the reason goes on the timeline. */
export function ReasonForm<T extends { reason: string }>(props: ReasonFormProps<T>) {
  const [reason, setReason] = useState("");
  const { pending, error, setError, submit } = useSubmission();

  function onSubmit() {
    const parsed = props.schema.safeParse({ ...props.extra, reason });
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? "Say why.");
      return;
    }
    void submit(async () => {
      await props.send(parsed.data);
      props.onClose();
    }, props.failure);
  }

  return (
    <form
      className="stack"
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit();
      }}
      noValidate
    >
      <p style={{ margin: 0 }}>{props.intro}</p>
      <div className="field">
        <label htmlFor={props.fieldId}>Reason</label>
        <textarea
          id={props.fieldId}
          rows={2}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${props.fieldId}-error`}
          autoFocus
          placeholder={props.placeholder}
        />
      </div>
      {props.children}
      {error ? (
        <div className="banner error" role="alert" id={`${props.fieldId}-error`}>
          {error}
        </div>
      ) : null}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={props.onClose}>
          Cancel
        </button>
        <button type="submit" className={props.submitClassName} disabled={pending} data-testid={props.submitTestId}>
          {pending ? props.pendingLabel : props.submitLabel}
        </button>
      </div>
    </form>
  );
}
