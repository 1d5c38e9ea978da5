import { publicRoute } from "@/lib/api/handler";
import { json } from "@/lib/api/route";
import { DATABASE_RETRY_AFTER_SECONDS } from "@/lib/db/unavailable";
import { checkHealth } from "@/lib/health/check-health";

export const GET = publicRoute("GET /api/health", async () => {
  const health = await checkHealth();
  const down = health.status !== "ok";
  return json(health, { status: down ? 503 : 200, headers: { "cache-control": "no-store", ...(down ? { "retry-after": String(DATABASE_RETRY_AFTER_SECONDS) } : {}) } });
});
