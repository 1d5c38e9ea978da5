import { publicRoute } from "@/lib/api/handler";
import { json } from "@/lib/api/route";
import { checkHealth } from "@/lib/health/check-health";

export const GET = publicRoute("GET /api/health", async () => {
  const health = await checkHealth();
  return json(health, { status: health.status === "ok" ? 200 : 503, headers: { "cache-control": "no-store" } });
});
