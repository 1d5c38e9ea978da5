import "server-only";
import { z } from "zod";
import { db } from "@/lib/db/client";

export const AuditEntryViewSchema = z.object({
  id: z.bigint().transform(String),
  at: z.date(),
  actorId: z.string().nullable(),
  actorEmail: z.string().nullable(),
  actorKind: z.string(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  details: z.unknown(),
});

export async function listAudit(query: { limit: number; before?: bigint; actorId?: string }) {
  const rows = await db().auditLog.findMany({
    where: { ...(query.before ? { id: { lt: query.before } } : {}), ...(query.actorId ? { actorId: query.actorId } : {}) },
    orderBy: { id: "desc" },
    take: query.limit,
  });
  return AuditEntryViewSchema.array().parse(rows);
}
