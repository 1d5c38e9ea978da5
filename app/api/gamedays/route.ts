import { route } from "@/lib/api/handler";
import { json, readJson } from "@/lib/api/route";
import { createGameDay } from "@/lib/gameday/create-game-day";
import { listGameDays } from "@/lib/gameday/list-game-days";
import { CreateGameDaySchema } from "@/lib/gameday/schemas";

export const GET = route("GET /api/gamedays", async ({ principal }) => json({ gameDays: await listGameDays(principal) }));

export const POST = route("POST /api/gamedays", async ({ request, principal, audit }) => {
  const gameDay = await createGameDay(principal, await readJson(request, CreateGameDaySchema));
  audit({ targetType: "gameday", targetId: gameDay.id, details: { title: gameDay.title, environment: gameDay.environment } });
  return json({ gameDay }, { status: 201 });
});
