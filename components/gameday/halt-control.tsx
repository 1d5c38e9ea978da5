"use client";

import { useState } from "react";
import { Dialog } from "@/components/ui/dialog";
import { apiCall } from "@/lib/client/api";
import { GameDayAnswerSchema, HaltAnswerSchema, type GameDayWire } from "@/lib/client/schemas";
import { HaltSchema, LiftHaltSchema } from "@/lib/gameday/schemas";
import { ReasonForm } from "./reason-form";

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
  const [lever, setLever] = useState(false);
  return (
    <ReasonForm
      fieldId="halt-reason"
      intro={
        <>
          Stops <strong>every fault</strong> of this game day now ({liveRuns} live), refuses new launches until the halt is lifted, and records who and why on the timeline.
          {halted ? " The game day is already halted; halting again stops anything still running." : ""}
        </>
      }
      placeholder="Customer traffic affected"
      schema={HaltSchema}
      extra={{ engageSafetyLever: environment === "aws" && lever }}
      send={async (body) => {
        const { halt } = await apiCall(`/api/gamedays/${gameDayId}/halt`, HaltAnswerSchema, { body });
        onHalted({ haltedAt: halt.haltedAt, reason: body.reason, labError: halt.labError });
      }}
      failure="The halt could not be sent. Try again: halting twice is safe."
      submitLabel="HALT ALL now"
      pendingLabel="Halting…"
      submitClassName="button halt"
      submitTestId="halt-confirm"
      onClose={onClose}
    >
      {environment === "aws" ? (
        <label className="row" style={{ alignItems: "flex-start" }}>
          <input type="checkbox" checked={lever} onChange={(event) => setLever(event.target.checked)} />
          <span>
            Also engage the account&apos;s <strong>FIS safety lever</strong>: running experiments end as Stopped and new ones are Cancelled, for every FIS user of the account, until it is disengaged in AWS.
          </span>
        </label>
      ) : null}
    </ReasonForm>
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
  return (
    <ReasonForm
      fieldId="lift-reason"
      intro="Launches are allowed again once lifted. The reason goes on the timeline."
      placeholder="Checkout recovered; resuming"
      schema={LiftHaltSchema}
      send={async (body) => {
        const { gameDay } = await apiCall(`/api/gamedays/${gameDayId}/halt/lift`, GameDayAnswerSchema, { body });
        onLifted(gameDay);
      }}
      failure="The halt could not be lifted."
      submitLabel="Lift halt"
      pendingLabel="Lifting…"
      submitClassName="button primary"
      submitTestId="lift-confirm"
      onClose={onClose}
    />
  );
}
