"use client";

import { useEffect, useId, useRef, type ReactNode } from "react";

/** Props of a modal dialog. */
export interface DialogProps {
  open: boolean;
  onClose: () => void;
  title: string;
  children: ReactNode;
  tone?: "danger";
  wide?: boolean;
  testId?: string;
}

/**
 * A modal on the native <dialog>: the browser traps focus, makes the page behind inert and
 * closes on Escape. Children mount only while open, so each opening starts fresh (a launch
 * dialog draws a new idempotency key per opening, and keeps it across its retries).
 */
export function Dialog({ open, onClose, title, children, tone, wide, testId }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      className={`dialog${tone === "danger" ? " danger" : ""}${wide ? " wide" : ""}`}
      aria-labelledby={titleId}
      onClose={onClose}
      data-testid={testId}
    >
      <div className="dialog-head">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="button small ghost" onClick={onClose} aria-label="Close">
          ✕
        </button>
      </div>
      {open ? <div className="dialog-body">{children}</div> : null}
    </dialog>
  );
}
