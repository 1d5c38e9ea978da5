import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { POST as addParticipantRoute } from "@/app/api/gamedays/[id]/participants/route";
import { PATCH as patchGameDay } from "@/app/api/gamedays/[id]/route";
import { POST as startRoute } from "@/app/api/gamedays/[id]/start/route";
import { POST as addTeamRoute } from "@/app/api/gamedays/[id]/teams/route";
import { POST as createGameDayRoute } from "@/app/api/gamedays/route";
import { db } from "@/lib/db/client";
import { callRoute, createTestUser, errorOf, type TestUser } from "@/test/fixtures";
import { useTestDatabase } from "@/test/database";

useTestDatabase();

const GameDaySchema = z.object({
  gameDay: z.object({
    id: z.string(),
    status: z.string(),
    blindMode: z.boolean(),
    joinCode: z.string().nullable(),
    teams: z.array(z.object({ id: z.string(), name: z.string() })),
    participants: z.array(z.object({ email: z.string(), role: z.string(), teamId: z.string().nullable() })),
    viewer: z.object({ canManage: z.boolean() }),
  }),
});

describe("planning a game day", () => {
  let facilitator: TestUser;
  let otherFacilitator: TestUser;
  let trainee: TestUser;
  let gameDayId: string;

  beforeAll(async () => {
    facilitator = await createTestUser("facilitator");
    otherFacilitator = await createTestUser("facilitator");
    trainee = await createTestUser("trainee");
    const created = await callRoute(createGameDayRoute, "POST", "/api/gamedays", {
      cookie: facilitator.cookie,
      body: { title: "Checkout rehearsal", environment: "local", teams: ["Blue"], scheduledFor: "2026-12-01T09:00:00Z" },
    });
    expect(created.status).toBe(201);
    const { gameDay } = GameDaySchema.parse(created.json);
    gameDayId = gameDay.id;
    expect(gameDay.status).toBe("scheduled");
    expect(gameDay.joinCode).toMatch(/^[A-Z2-9]{6}$/);
    expect(gameDay.participants).toEqual([expect.objectContaining({ email: facilitator.email, role: "facilitator" })]);
  });

  it("adds teams and invites people into the right part", async () => {
    expect((await callRoute(addTeamRoute, "POST", "/x", { cookie: facilitator.cookie, params: { id: gameDayId }, body: { name: "Red" } })).status).toBe(201);
    const duplicate = await callRoute(addTeamRoute, "POST", "/x", { cookie: facilitator.cookie, params: { id: gameDayId }, body: { name: "Red" } });
    expect(duplicate.status).toBe(409);

    const invited = await callRoute(addParticipantRoute, "POST", "/x", { cookie: facilitator.cookie, params: { id: gameDayId }, body: { email: trainee.email, role: "trainee", team: "Red" } });
    expect(invited.status).toBe(201);
    const { gameDay } = GameDaySchema.parse(invited.json);
    const red = gameDay.teams.find((team) => team.name === "Red");
    expect(gameDay.participants.find((participant) => participant.email === trainee.email)).toMatchObject({ role: "trainee", teamId: red?.id });
  });

  it("refuses to make a trainee account a facilitator of the game day", async () => {
    const response = await callRoute(addParticipantRoute, "POST", "/x", { cookie: facilitator.cookie, params: { id: gameDayId }, body: { email: trainee.email, role: "facilitator" } });
    expect(response.status).toBe(422);
    expect(errorOf(response.json).message).toMatch(/is a trainee/);
  });

  it("is invisible to a facilitator who is not part of it (permission by target)", async () => {
    const response = await callRoute(patchGameDay, "PATCH", "/x", { cookie: otherFacilitator.cookie, params: { id: gameDayId }, body: { title: "Hijacked" } });
    expect(response.status).toBe(404);
    expect((await db().gameDay.findUniqueOrThrow({ where: { id: gameDayId } })).title).toBe("Checkout rehearsal");
  });

  it("lets a trainee of the game day see it but not manage it", async () => {
    const response = await callRoute(patchGameDay, "PATCH", "/x", { cookie: trainee.cookie, params: { id: gameDayId }, body: { title: "Mine now" } });
    expect(response.status).toBe(403);
  });

  it("starts once, records it, and then refuses blind-mode changes", async () => {
    const started = await callRoute(startRoute, "POST", "/x", { cookie: facilitator.cookie, params: { id: gameDayId } });
    expect(started.status).toBe(200);
    expect(GameDaySchema.parse(started.json).gameDay.status).toBe("running");
    const again = await callRoute(startRoute, "POST", "/x", { cookie: facilitator.cookie, params: { id: gameDayId } });
    expect(again.status).toBe(200);
    expect(await db().timelineEvent.count({ where: { gameDayId, kind: "gameday.started" } })).toBe(1);

    const blind = await callRoute(patchGameDay, "PATCH", "/x", { cookie: facilitator.cookie, params: { id: gameDayId }, body: { blindMode: true } });
    expect(blind.status).toBe(409);
    expect(errorOf(blind.json).message).toMatch(/Blind mode cannot change/);
  });
});
