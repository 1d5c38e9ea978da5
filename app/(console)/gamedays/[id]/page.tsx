import { notFound } from "next/navigation";
import { ApiError } from "@/lib/api/errors";
import { requirePagePrincipal } from "@/lib/auth/current-user";
import { toGameDayWire } from "@/lib/client/schemas";
import { IdSchema } from "@/lib/db/ids";
import { env } from "@/lib/env";
import { getGameDay } from "@/lib/gameday/get-game-day";
import { listPlannedScenarios } from "@/lib/gameday/plan-scenarios";
import { listRunsFor } from "@/lib/gameday/read-runs";
import { listRunbooks } from "@/lib/runbook/list-runbooks";
import { listScenarioViews } from "@/lib/scenarios/view";
import { listTimeline } from "@/lib/timeline/list-timeline";
import { GameDayConsole } from "./page-client";

export default async function GameDayPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const principal = await requirePagePrincipal(undefined, `/gamedays/${id}`);
  if (!IdSchema.safeParse(id).success) notFound();
  const gameDay = await getGameDay(principal, id).catch((error: unknown) => {
    if (error instanceof ApiError && error.code === "not_found") notFound();
    throw error;
  });
  // The same reads the API serves, with the same redaction for blind trainees; the live
  // stream takes over from here.
  const [planned, runs, timeline] = await Promise.all([
    listPlannedScenarios(principal, id),
    listRunsFor(principal, id),
    listTimeline(principal, id, { limit: 1000 }),
  ]);
  return (
    <GameDayConsole
      gameDay={toGameDayWire(gameDay)}
      viewerUserId={principal.userId}
      planned={planned}
      runs={runs}
      timeline={timeline}
      catalog={gameDay.viewer.canManage ? listScenarioViews() : []}
      runbooks={gameDay.viewer.canManage ? [] : listRunbooks()}
      consoleLabKind={env().LAB_KIND}
    />
  );
}
