import { route } from "@/lib/api/handler";
import { json, readParams } from "@/lib/api/route";
import { IdParamsSchema } from "@/lib/db/ids";
import { listReportVersions } from "@/lib/report/finalize-report";

export const GET = route("GET /api/gamedays/{id}/report/versions", async ({ params, principal }) => {
  const { id } = readParams(params, IdParamsSchema);
  return json({ versions: await listReportVersions(principal, id) });
});
