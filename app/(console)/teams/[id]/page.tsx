import { notFound } from "next/navigation";
import { ApiError } from "@/lib/api/errors";
import { requirePagePrincipal } from "@/lib/auth/current-user";
import { IdSchema } from "@/lib/db/ids";
import { getTeamHistory } from "@/lib/scoring/get-team-history";
import { TeamHistoryView } from "@/components/scoring/team-history";

/** A team's record across the game days the viewer runs. */
export default async function TeamHistoryPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const principal = await requirePagePrincipal(["admin", "facilitator"], `/teams/${id}`);
  if (!IdSchema.safeParse(id).success) notFound();
  const history = await getTeamHistory(principal, id).catch((error: unknown) => {
    if (error instanceof ApiError && (error.code === "not_found" || error.code === "forbidden")) notFound();
    throw error;
  });
  return (
    <div className="stack">
      <h1>Team {history.team.name}: history</h1>
      <TeamHistoryView history={history} />
    </div>
  );
}
