import { route } from "@/lib/api/handler";
import { json, readJson } from "@/lib/api/route";
import { joinGameDay } from "@/lib/gameday/join-game-day";
import { JoinGameDaySchema } from "@/lib/gameday/schemas";

export const POST = route("POST /api/gamedays/join", async ({ request, principal, audit }) => {
  const gameDay = await joinGameDay(principal, await readJson(request, JoinGameDaySchema));
  audit({ targetType: "gameday", targetId: gameDay.id, details: { as: gameDay.viewer.role } });
  return json({ gameDay });
});
