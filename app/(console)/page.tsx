import Link from "next/link";
import { CreateGameDayForm } from "@/components/gameday/create-game-day-form";
import { GameDayStatusBadge } from "@/components/gameday/status-badge";
import { requirePagePrincipal } from "@/lib/auth/current-user";
import { FACILITATING_ROLES } from "@/lib/auth/roles";
import { listGameDays } from "@/lib/gameday/list-game-days";

function formatDate(date: Date | null): string {
  return date ? `${date.toISOString().slice(0, 16).replace("T", " ")} UTC` : "—";
}

export default async function HomePage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const principal = await requirePagePrincipal();
  const gameDays = await listGameDays(principal);
  const { denied } = await searchParams;
  const canPlan = FACILITATING_ROLES.includes(principal.role);
  return (
    <div className="stack">
      {denied ? (
        <div className="banner warn" role="status">
          That page needs another role.
        </div>
      ) : null}
      <div className="grid-2">
        <section className="card stack" aria-labelledby="gamedays-title">
          <h1 id="gamedays-title">Game days</h1>
          {gameDays.length === 0 ? (
            <p className="empty">
              No game days yet. {canPlan ? "Plan one with the form." : <Link href="/join">Join one with a code from your facilitator.</Link>}
            </p>
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th>Title</th>
                  <th>Environment</th>
                  <th>Status</th>
                  <th>Scheduled</th>
                </tr>
              </thead>
              <tbody>
                {gameDays.map((gameDay) => (
                  <tr key={gameDay.id}>
                    <td>
                      <Link href={`/gamedays/${gameDay.id}`}>{gameDay.title}</Link>
                    </td>
                    <td>{gameDay.environment === "aws" ? "AWS" : "Local lab"}</td>
                    <td>
                      <GameDayStatusBadge status={gameDay.status} halted={gameDay.haltedAt !== null} />
                    </td>
                    <td className="mono">{formatDate(gameDay.scheduledFor)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        {canPlan ? <CreateGameDayForm /> : null}
      </div>
    </div>
  );
}
