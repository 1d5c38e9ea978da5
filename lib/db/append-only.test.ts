import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createTestUser } from "@/test/fixtures";
import { useTestDatabase } from "@/test/database";

useTestDatabase();

describe("append-only tables", () => {
  let gameDayId: string;
  let eventId: bigint;

  beforeAll(async () => {
    const facilitator = await createTestUser("facilitator");
    const gameDay = await db().gameDay.create({
      data: { title: "Append-only check", environment: "local", joinCode: "APPND2", createdById: facilitator.id },
    });
    gameDayId = gameDay.id;
    const event = await db().timelineEvent.create({ data: { gameDayId, kind: "note", source: "user", body: "first" } });
    eventId = event.id;
    await db().auditLog.create({ data: { actorKind: "system", action: "test.seed" } });
  });

  it("refuses UPDATE of a timeline event at the database level", async () => {
    await expect(db().$executeRaw`UPDATE "TimelineEvent" SET body = 'rewritten' WHERE id = ${eventId}`).rejects.toThrow(/append-only: UPDATE is not allowed/);
    const event = await db().timelineEvent.findUniqueOrThrow({ where: { id: eventId } });
    expect(event.body).toBe("first");
  });

  it("refuses DELETE and TRUNCATE of timeline events", async () => {
    await expect(db().$executeRaw`DELETE FROM "TimelineEvent" WHERE id = ${eventId}`).rejects.toThrow(/append-only: DELETE is not allowed/);
    await expect(db().$executeRawUnsafe(`TRUNCATE "TimelineEvent" CASCADE`)).rejects.toThrow(/append-only/);
    expect(await db().timelineEvent.count({ where: { id: eventId } })).toBe(1);
  });

  it("records a correction as a new event that points at the old one", async () => {
    const correction = await db().timelineEvent.create({
      data: { gameDayId, kind: "note", source: "user", body: "first (corrected)", correctsId: eventId },
    });
    const original = await db().timelineEvent.findUniqueOrThrow({ where: { id: eventId }, include: { corrections: true } });
    expect(original.body).toBe("first");
    expect(original.corrections.map((entry) => entry.id)).toEqual([correction.id]);
  });

  it("refuses UPDATE and DELETE of audit rows", async () => {
    await expect(db().$executeRaw`UPDATE "AuditLog" SET action = 'forged'`).rejects.toThrow(/append-only/);
    await expect(db().$executeRaw`DELETE FROM "AuditLog"`).rejects.toThrow(/append-only/);
    expect(await db().auditLog.count({ where: { action: "test.seed" } })).toBe(1);
  });

  it("refuses deleting a game day that has a timeline", async () => {
    await expect(db().gameDay.delete({ where: { id: gameDayId } })).rejects.toThrow();
    expect(await db().gameDay.count({ where: { id: gameDayId } })).toBe(1);
  });
});
