"use client";

import { useState } from "react";
import { Dialog } from "@/components/ui/dialog";
import { apiCall } from "@/lib/client/api";
import { errorMessage } from "@/lib/client/form";
import { GameDayAnswerSchema, HaltAnswerSchema, type GameDayWire } from "@/lib/client/schemas";
import { HaltSchema, LiftHaltSchema } from "@/lib/gameday/schemas";

/** Props of the HALT ALL button. */
export interface HaltButtonProps {
  gameDayId: string;
  environment: "local" | "aws";
  liveRuns: number;
  halted: boolean;
  onHalted: (result: { haltedAt: string; reason: string; labError: string | null }) => void;
}

/**
 * The big red button: always on screen for facilitators. It stops every fault of the game
 * day, refuses new launches until lifted and writes who and why on the timeline. Halting a
 * halted game day halts again (the server makes it idempotent), so it is never disabled.
 */
export function HaltButton({ gameDayId, environment, liveRuns, halted, onHalted }: HaltButtonProps) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="button halt" onClick={() => setOpen(true)} data-testid="halt-all" aria-haspopup="dialog">
        ■ HALT ALL
      </button>
      <Dialog open={open} onClose={() => setOpen(false)} title="HALT ALL" tone="danger" testId="halt-dialog">
        <HaltForm gameDayId={gameDayId} environment={environment} liveRuns={liveRuns} halted={halted} onHalted={onHalted} onClose={() => setOpen(false)} />
      </Dialog>
    </>
  );
}

function HaltForm({ gameDayId, environment, liveRuns, halted, onHalted, onClose }: HaltButtonProps & { onClose: () => void }) {
  const [reason, setReason] = useState("");
  const [lever, setLever] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit() {
    const parsed = HaltSchema.safeParse({ reason, engageSafetyLever: environment === "aws" && lever });
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? "Say why.");
      return;
    }
    setPending(true);
    setError(null);
    try {
      const { halt } = await apiCall(`/api/gamedays/${gameDayId}/halt`, HaltAnswerSchema, { body: parsed.data });
      onHalted({ haltedAt: halt.haltedAt, reason: parsed.data.reason, labError: halt.labError });
      onClose();
    } catch (failure) {
      setError(errorMessage(failure, "The halt could not be sent. Try again: halting twice is safe."));
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
      <p style={{ margin: 0 }}>
        Stops <strong>every fault</strong> of this game day now ({liveRuns} live), refuses new launches until the halt is lifted, and records who and why on the timeline.
        {halted ? " The game day is already halted; halting again stops anything still running." : ""}
      </p>
      <div className="field">
        <label htmlFor="halt-reason">Reason</label>
        <textarea id="halt-reason" rows={2} value={reason} onChange={(event) => setReason(event.target.value)} aria-invalid={error ? true : undefined} autoFocus placeholder="Customer traffic affected" />
      </div>
      {environment === "aws" ? (
        <label className="row" style={{ alignItems: "flex-start" }}>
          <input type="checkbox" checked={lever} onChange={(event) => setLever(event.target.checked)} />
          <span>
            Also engage the account&apos;s <strong>FIS safety lever</strong>: running experiments end as Stopped and new ones are Cancelled, for every FIS user of the account, until it is disengaged in AWS.
          </span>
        </label>
      ) : null}
      {error ? (
        <div className="banner error" role="alert">
          {error}
        </div>
      ) : null}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className="button halt" disabled={pending} data-testid="halt-confirm">
          {pending ? "Halting…" : "HALT ALL now"}
        </button>
      </div>
    </form>
  );
}

/** Props of the lift-halt button. */
export interface LiftHaltButtonProps {
  gameDayId: string;
  onLifted: (gameDay: GameDayWire) => void;
}

export function LiftHaltButton({ gameDayId, onLifted }: LiftHaltButtonProps) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="button small" onClick={() => setOpen(true)} data-testid="lift-halt">
        Lift halt…
      </button>
      <Dialog open={open} onClose={() => setOpen(false)} title="Lift the halt" testId="lift-dialog">
        <LiftForm gameDayId={gameDayId} onLifted={onLifted} onClose={() => setOpen(false)} />
      </Dialog>
    </>
  );
}

function LiftForm({ gameDayId, onLifted, onClose }: LiftHaltButtonProps & { onClose: () => void }) {
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit() {
    const parsed = LiftHaltSchema.safeParse({ reason });
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? "Say why.");
      return;
    }
    setPending(true);
    try {
      const { gameDay } = await apiCall(`/api/gamedays/${gameDayId}/halt/lift`, GameDayAnswerSchema, { body: parsed.data });
      onLifted(gameDay);
      onClose();
    } catch (failure) {
      setError(errorMessage(failure, "The halt could not be lifted."));
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
      <p style={{ margin: 0 }}>Launches are allowed again once lifted. The reason goes on the timeline.</p>
      <div className="field">
        <label htmlFor="lift-reason">Reason</label>
        <textarea id="lift-reason" rows={2} value={reason} onChange={(event) => setReason(event.target.value)} aria-invalid={error ? true : undefined} autoFocus placeholder="Checkout recovered; resuming" />
      </div>
      {error ? (
        <div className="banner error" role="alert">
          {error}
        </div>
      ) : null}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className="button primary" disabled={pending} data-testid="lift-confirm">
          {pending ? "Lifting…" : "Lift halt"}
        </button>
      </div>
    </form>
  );
}
