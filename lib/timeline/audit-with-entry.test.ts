import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { POST as postEntry } from "@/app/api/gamedays/[id]/timeline/route";
import { db } from "@/lib/db/client";
import { commitEntry } from "@/lib/timeline/group-commit";
import { useTestDatabase } from "@/test/database";
import { callRoute, createRunningGameDay, createTestUser, type TestUser } from "@/test/fixtures";

useTestDatabase();

const EventSchema = z.object({ event: z.object({ id: z.string() }) });
const DetailsSchema = z.object({ status: z.number(), replayed: z.boolean().optional(), kind: z.string().optional() });

describe("a timeline entry and its audit row", () => {
  let trainee: TestUser;
  let facilitator: TestUser;
  let gameDayId: string;

  const post = (body: Record<string, unknown>, id = gameDayId) => callRoute(postEntry, "POST", `/api/gamedays/${id}/timeline`, { cookie: trainee.cookie, params: { id }, body });

  beforeAll(async () => {
    facilitator = await createTestUser("facilitator");
    trainee = await createTestUser("trainee");
    gameDayId = await createRunningGameDay("Audit", "AUDT22", facilitator, trainee);
  });

  it("are written once each for a burst of entries committed together", async () => {
    const answers = await Promise.all(Array.from({ length: 40 }, (_, index) => post({ kind: "note", body: `burst ${index}`, entryKey: `audit-burst-${index}` })));
    expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 201));
    const ids = answers.map((answer) => EventSchema.parse(answer.json).event.id);
    const rows = await db().auditLog.findMany({ where: { action: "timeline.append", targetId: { in: ids } } });
    expect(rows.map((row) => row.targetId).sort()).toEqual([...ids].sort());
    for (const row of rows) {
      expect(row.actorId).toBe(trainee.id);
      expect(row.actorKind).toBe("session");
      expect(DetailsSchema.parse(row.details)).toMatchObject({ status: 201, replayed: false, kind: "note" });
    }
  });

  it("commit together: an audit row the database refuses leaves no entry behind", async () => {
    const entryKey = "audit-refused-0001";
    const stored = commitEntry({
      event: { gameDayId, kind: "note", body: "never stored", data: {}, actor: { id: trainee.id, name: "Trainee" } },
      entryKey,
      // Postgres cannot store NUL in jsonb text: the audit INSERT fails inside the entry's transaction.
      audit: () => ({ actor: null, action: "timeline.append", details: { note: "\u0000" } }),
    });
    await expect(stored).rejects.toThrow();
    expect(await db().timelineEvent.count({ where: { gameDayId, entryKey } })).toBe(0);
  });

  it("is still written, with the refusal, for an entry the timeline refuses", async () => {
    const closed = await db().gameDay.create({
      data: { title: "Closed", environment: "local", status: "ended", blindMode: false, joinCode: "CLSD22", createdById: facilitator.id },
    });
    await db().participant.create({ data: { gameDayId: closed.id, userId: trainee.id, role: "trainee" } });
    const answer = await post({ kind: "note", body: "too late", entryKey: "audit-closed-0001" }, closed.id);
    expect(answer.status).toBe(409);
    const rows = await db().auditLog.findMany({ where: { action: "timeline.append", targetId: closed.id } });
    expect(rows.map((row) => DetailsSchema.parse(row.details).status)).toEqual([409]);
    expect(await db().timelineEvent.count({ where: { gameDayId: closed.id } })).toBe(0);
  });
});
