import { route } from "@/lib/api/handler";
import { json, readParams } from "@/lib/api/route";
import { IdParamsSchema } from "@/lib/db/ids";
import { finalizeReport } from "@/lib/report/finalize-report";

export const POST = route("POST /api/gamedays/{id}/report/final", async ({ params, principal, audit }) => {
  const { id } = readParams(params, IdParamsSchema);
  const report = await finalizeReport(principal, id);
  audit({ targetType: "gameday", details: { version: report.version } });
  return json({ version: report.version, finalizedAt: report.finalizedAt }, { status: 201 });
});
