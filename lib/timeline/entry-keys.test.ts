import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { POST as postEntry } from "@/app/api/gamedays/[id]/timeline/route";
import { db } from "@/lib/db/client";
import { useTestDatabase } from "@/test/database";
import { callRoute, createRunningGameDay, createTestUser, errorOf, type TestUser } from "@/test/fixtures";

useTestDatabase();

const EventSchema = z.object({ event: z.object({ id: z.string(), body: z.string() }) });

describe("timeline entries with an entryKey", () => {
  let facilitator: TestUser;
  let trainee: TestUser;
  let gameDayId: string;

  const post = (user: TestUser, body: Record<string, unknown>, id = gameDayId) =>
    callRoute(postEntry, "POST", `/api/gamedays/${id}/timeline`, { cookie: user.cookie, params: { id }, body });

  beforeAll(async () => {
    facilitator = await createTestUser("facilitator");
    trainee = await createTestUser("trainee");
    gameDayId = await createRunningGameDay("Keys", "KEYS22", facilitator, trainee);
  });

  it("answers a retry with the entry stored the first time, writing nothing new", async () => {
    const entry = { kind: "detected", body: "api 5xx above 2 %", entryKey: "retry-once-0001" };
    const first = await post(trainee, entry);
    const again = await post(trainee, entry);
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(EventSchema.parse(again.json).event.id).toBe(EventSchema.parse(first.json).event.id);
    expect(await db().timelineEvent.count({ where: { gameDayId, entryKey: entry.entryKey } })).toBe(1);
    // The audit log records both calls; only the first changed anything.
    const audit = await db().auditLog.findMany({ where: { action: "timeline.append", targetId: EventSchema.parse(first.json).event.id }, orderBy: { id: "asc" } });
    expect(audit.map((row) => [(row.details as { status: number }).status, (row.details as { replayed: boolean }).replayed])).toEqual([
      [201, false],
      [200, true],
    ]);
  });

  it("stores one entry when the same key arrives many times at once", async () => {
    const entry = { kind: "note", body: "sent from a flaky train connection", entryKey: "burst-same-key-01" };
    const answers = await Promise.all(Array.from({ length: 12 }, () => post(trainee, entry)));
    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(1);
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(11);
    expect(new Set(answers.map((answer) => EventSchema.parse(answer.json).event.id)).size).toBe(1);
    expect(await db().timelineEvent.count({ where: { gameDayId, entryKey: entry.entryKey } })).toBe(1);
  });

  it("stores every entry of a burst of different keys once, each answered with its own", async () => {
    const answers = await Promise.all(Array.from({ length: 40 }, (_, index) => post(index % 2 ? trainee : facilitator, { kind: "note", body: `burst ${index}`, entryKey: `burst-many-${index}` })));
    expect(answers.every((answer) => answer.status === 201)).toBe(true);
    const rows = await db().timelineEvent.findMany({ where: { gameDayId, entryKey: { startsWith: "burst-many-" } } });
    expect(rows).toHaveLength(40);
    answers.forEach((answer, index) => expect(EventSchema.parse(answer.json).event.body).toBe(`burst ${index}`));
  });

  it("refuses a key reused for different words, or by someone else", async () => {
    await post(trainee, { kind: "note", body: "the database failed over", entryKey: "reused-key-0001" });
    const otherWords = await post(trainee, { kind: "note", body: "DNS", entryKey: "reused-key-0001" });
    expect(otherWords.status).toBe(409);
    expect(errorOf(otherWords.json).message).toMatch(/entryKey already names a different entry/);
    const otherWriter = await post(facilitator, { kind: "note", body: "the database failed over", entryKey: "reused-key-0001" });
    expect(otherWriter.status).toBe(409);
    expect(await db().timelineEvent.count({ where: { gameDayId, entryKey: "reused-key-0001" } })).toBe(1);
  });

  it("tells what a valid key looks like", async () => {
    const answer = await post(trainee, { kind: "note", body: "hello", entryKey: "no spaces please" });
    expect(answer.status).toBe(422);
    expect(errorOf(answer.json).message).toMatch(/entryKey must be 8 to 100 letters, digits/);
  });

  it("keeps a closed timeline closed, but still answers a retry of an entry stored before", async () => {
    const ending = await db().gameDay.create({ data: { title: "Ending", environment: "local", status: "running", blindMode: false, joinCode: "ENDS22", createdById: facilitator.id } });
    await db().participant.create({ data: { gameDayId: ending.id, userId: trainee.id, role: "trainee" } });
    const before = await post(trainee, { kind: "note", body: "just in time", entryKey: "before-end-0001" }, ending.id);
    expect(before.status).toBe(201);
    await db().gameDay.update({ where: { id: ending.id }, data: { status: "ended" } });
    const late = await post(trainee, { kind: "note", body: "too late", entryKey: "after-end-00001" }, ending.id);
    expect(late.status).toBe(409);
    const retry = await post(trainee, { kind: "note", body: "just in time", entryKey: "before-end-0001" }, ending.id);
    expect(retry.status).toBe(200);
    expect(EventSchema.parse(retry.json).event.id).toBe(EventSchema.parse(before.json).event.id);
  });
});
