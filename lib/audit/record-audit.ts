import "server-only";
import { db } from "@/lib/db/client";
import type { Principal } from "@/lib/auth/principal";
import type { Prisma } from "@/lib/generated/prisma/client";

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

/** Appends many rows in one INSERT, for a batch of changes committed together (the timeline's group commit). */
export async function recordAudits(entries: readonly AuditEntry[], client: AuditWriter = db()): Promise<void> {
  if (entries.length === 0) return;
  await client.auditLog.createMany({ data: entries.map(auditRowOf) });
}
