import { route } from "@/lib/api/handler";
import { json } from "@/lib/api/route";
import { listScenarioViews } from "@/lib/scenarios/view";

export const GET = route("GET /api/scenarios", () => Promise.resolve(json({ scenarios: listScenarioViews() })));
