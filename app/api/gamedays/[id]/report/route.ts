import { route } from "@/lib/api/handler";
import { json, readJson, readParams, readQuery } from "@/lib/api/route";
import { IdParamsSchema } from "@/lib/db/ids";
import { editReport } from "@/lib/report/edit-report";
import { getReport } from "@/lib/report/get-report";
import { renderReport } from "@/lib/report/render";
import { EditReportSchema, ReportQuerySchema } from "@/lib/report/schemas";

export const GET = route("GET /api/gamedays/{id}/report", async ({ request, params, principal }) => {
  const { id } = readParams(params, IdParamsSchema);
  const query = readQuery(request, ReportQuerySchema);
  const report = await getReport(principal, id, { version: query.version, draft: query.draft === "true" });
  const file = await renderReport(report, query.format);
  return new Response(new Uint8Array(Buffer.from(file.body)), {
    headers: { "content-type": file.contentType, "content-disposition": `attachment; filename="${file.fileName}"`, "cache-control": "private, no-store" },
  });
});

export const PATCH = route("PATCH /api/gamedays/{id}/report", async ({ request, params, principal, audit }) => {
  const { id } = readParams(params, IdParamsSchema);
  const input = await readJson(request, EditReportSchema);
  audit({ targetType: "gameday", details: { fields: Object.keys(input).join(",") } });
  return json({ edits: await editReport(principal, id, input) });
});
