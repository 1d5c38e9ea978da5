import { route } from "@/lib/api/handler";
import { json, readQuery } from "@/lib/api/route";
import { AuditQuerySchema } from "@/lib/api/route-catalog";
import { listAudit } from "@/lib/audit/list-audit";

export const GET = route("GET /api/audit", async ({ request }) => json({ entries: await listAudit(readQuery(request, AuditQuerySchema)) }));
