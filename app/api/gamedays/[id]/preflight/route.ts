import { route } from "@/lib/api/handler";
import { json, readParams } from "@/lib/api/route";
import { IdParamsSchema } from "@/lib/db/ids";
import { runPreflight } from "@/lib/gameday/run-preflight";
import { getLab } from "@/lib/lab";

export const POST = route("POST /api/gamedays/{id}/preflight", async ({ params, principal, audit }) => {
  const { id } = readParams(params, IdParamsSchema);
  const report = await runPreflight(principal, id, getLab());
  audit({ targetType: "gameday", details: { verdict: report.verdict } });
  return json({ preflight: report });
});
