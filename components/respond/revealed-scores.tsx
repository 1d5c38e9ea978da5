"use client";

import { useEffect, useState } from "react";
import { GameDaySummary } from "@/components/scoring/game-day-summary";
import { apiCall } from "@/lib/client/api";
import { errorMessage } from "@/lib/client/form";
import { GameDayScoresSchema, type GameDayScores } from "@/lib/scoring/schemas";
import type { TimelineEventView } from "@/lib/timeline/schemas";

/**
 * The team's scores, once the facilitator reveals them (the reveal is an entry on the
 * timeline, so the panel appears live). Until then there is nothing to fetch: the server
 * would refuse.
 */
export function RevealedScores({ gameDayId, events }: { gameDayId: string; events: readonly TimelineEventView[] }) {
  const revealedAt = events.find((event) => event.kind === "scores.revealed")?.at ?? null;
  const [scores, setScores] = useState<GameDayScores | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!revealedAt) return;
    let current = true;
    apiCall(`/api/gamedays/${gameDayId}/scores`, GameDayScoresSchema)
      .then((answer) => current && setScores(answer))
      .catch((failure: unknown) => current && setError(errorMessage(failure, "The scores could not be loaded.")));
    return () => {
      current = false;
    };
  }, [gameDayId, revealedAt]);

  if (!revealedAt) return null;
  return (
    <section className="panel" aria-labelledby="scores-title" data-testid="revealed-scores">
      <div className="panel-head">
        <h2 id="scores-title">Your scores</h2>
        <span className="muted small">revealed by the facilitator</span>
      </div>
      {error ? (
        <div className="banner error" role="alert">
          {error}
        </div>
      ) : scores ? (
        <GameDaySummary scores={scores} />
      ) : (
        <p className="muted small">Loading…</p>
      )}
    </section>
  );
}
