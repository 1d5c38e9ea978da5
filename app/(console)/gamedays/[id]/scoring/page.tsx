import Link from "next/link";
import { notFound } from "next/navigation";
import { ApiError } from "@/lib/api/errors";
import { requirePagePrincipal } from "@/lib/auth/current-user";
import { IdSchema } from "@/lib/db/ids";
import { requireGameDayAccess } from "@/lib/gameday/access";
import { getRunScore } from "@/lib/scoring/get-run-score";
import { listGameDayScores } from "@/lib/scoring/list-game-day-scores";
import { GameDaySummary } from "@/components/scoring/game-day-summary";
import { RunScorePanel } from "@/components/scoring/run-score-panel";

function notFoundOn404(error: unknown): never {
  if (error instanceof ApiError && (error.code === "not_found" || error.code === "forbidden")) notFound();
  throw error;
}

/** The facilitator's scoring: every run's teams side by side, the game day's summary, the reveal. */
export default async function ScoringPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const principal = await requirePagePrincipal(["admin", "facilitator"], `/gamedays/${id}/scoring`);
  if (!IdSchema.safeParse(id).success) notFound();
  const { gameDay } = await requireGameDayAccess(principal, id, "manage").catch(notFoundOn404);
  const summary = await listGameDayScores(principal, id);
  const runs = await Promise.all(summary.runs.map((run) => getRunScore(principal, run.runId)));
  return (
    <div className="stack">
      <div className="row">
        <h1 className="grow">Scoring: {gameDay.title}</h1>
        <Link href={`/gamedays/${id}`}>Back to the game day</Link>
      </div>
      <p className="muted">
        Each rating is proposed from evidence (HSEEP: P performed without challenges, S with some, M with major challenges, U unable to be performed). Confirm or override each one with a reason; your
        decisions are audited and survive recomputation when late entries or corrections arrive.
      </p>
      <RunScorePanel runs={runs} gameDayId={id} revealedAt={summary.revealedAt} />
      <section className="card stack">
        <h2>This game day across teams</h2>
        <GameDaySummary scores={summary} />
        {summary.teams.length > 0 ? (
          <p className="row">
            Team history across game days:
            {summary.teams.map((team) => (
              <Link key={team.id} href={`/teams/${team.id}`}>
                {team.name}
              </Link>
            ))}
          </p>
        ) : null}
      </section>
    </div>
  );
}
