import "server-only";
import { db } from "@/lib/db/client";
import type { Principal } from "@/lib/auth/principal";
import { Prisma } from "@/lib/generated/prisma/client";

export interface AuditEntry {
  actor: Pick<Principal, "userId" | "email" | "via"> | null;
  action: string;
  targetType?: string;
  targetId?: string;
  ip?: string | null;
  userAgent?: string | null;
  details?: Prisma.InputJsonValue;
}

type AuditWriter = Pick<ReturnType<typeof db>, "auditLog">;

function auditRowOf(entry: AuditEntry): Prisma.AuditLogCreateManyInput {
  return {
    actorId: entry.actor?.userId ?? null,
    actorEmail: entry.actor?.email ?? null,
    actorKind: entry.actor?.via ?? "system",
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    ip: entry.ip ?? null,
    userAgent: entry.userAgent ?? null,
    details: entry.details ?? {},
  };
}

/** Appends one row to the audit log; pass a transaction client to commit it with the change. */
export async function recordAudit(entry: AuditEntry, client: AuditWriter = db()): Promise<void> {
  await client.auditLog.create({ data: auditRowOf(entry) });
}

/**
 * Appends many rows in one INSERT, inside the transaction of the changes they record (the
 * timeline's group commit). Plain SQL: Prisma's createMany compiles afresh per row count.
 */
export async function recordAudits(entries: readonly AuditEntry[], tx: Prisma.TransactionClient): Promise<void> {
  if (entries.length === 0) return;
  const values = entries.map(auditRowOf).map(
    (row) =>
      Prisma.sql`(${row.actorId ?? null}, ${row.actorEmail ?? null}, ${row.actorKind}, ${row.action}, ${row.targetType ?? null}, ${row.targetId ?? null}, ${row.ip ?? null}, ${row.userAgent ?? null}, ${JSON.stringify(row.details ?? {})}::jsonb)`,
  );
  await tx.$executeRaw`INSERT INTO "AuditLog" ("actorId", "actorEmail", "actorKind", "action", "targetType", "targetId", "ip", "userAgent", "details") VALUES ${Prisma.join(values)}`;
}
