import { notFound } from "next/navigation";
import { GameDayStatusBadge } from "@/components/gameday/status-badge";
import { ApiError } from "@/lib/api/errors";
import { requirePagePrincipal } from "@/lib/auth/current-user";
import { IdSchema } from "@/lib/db/ids";
import { getGameDay } from "@/lib/gameday/get-game-day";

export default async function GameDayPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const principal = await requirePagePrincipal(undefined, `/gamedays/${id}`);
  if (!IdSchema.safeParse(id).success) notFound();
  const gameDay = await getGameDay(id, principal).catch((error: unknown) => {
    if (error instanceof ApiError && error.code === "not_found") notFound();
    throw error;
  });
  const teamName = new Map(gameDay.teams.map((team) => [team.id, team.name]));
  return (
    <div className="stack">
      <div className="row">
        <h1 style={{ margin: 0 }}>{gameDay.title}</h1>
        <GameDayStatusBadge status={gameDay.status} halted={gameDay.haltedAt !== null} />
        <span className="badge">{gameDay.environment === "aws" ? "AWS" : "Local lab"}</span>
        {gameDay.blindMode ? <span className="badge warn">blind</span> : null}
      </div>
      {gameDay.description ? <p className="muted">{gameDay.description}</p> : null}
      <div className="grid-2">
        <section className="card stack" aria-labelledby="people-title">
          <h2 id="people-title">People</h2>
          <table className="table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Role</th>
                <th>Team</th>
              </tr>
            </thead>
            <tbody>
              {gameDay.participants.map((participant) => (
                <tr key={participant.id}>
                  <td>{participant.name}</td>
                  <td>{participant.role}</td>
                  <td>{participant.teamId ? teamName.get(participant.teamId) : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        {gameDay.joinCode ? (
          <section className="card stack" aria-labelledby="invite-title">
            <h2 id="invite-title">Invite</h2>
            <p>
              Trainees and observers join at <code>/join</code> with the code{" "}
              <strong className="mono" data-testid="join-code" style={{ fontSize: 18, letterSpacing: 3 }}>
                {gameDay.joinCode}
              </strong>
            </p>
            <p className="muted">Teams: {gameDay.teams.map((team) => team.name).join(", ") || "none"}</p>
          </section>
        ) : null}
      </div>
    </div>
  );
}
