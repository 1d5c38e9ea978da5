/**
 * A game day's lab pace and team log sharing: chosen while planning, validated on create and
 * update, the pace fixed once the game day starts and handed to the local lab at the start;
 * a lab that does not answer does not hold the start up.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { PATCH as patchGameDay } from "@/app/api/gamedays/[id]/route";
import { POST as startRoute } from "@/app/api/gamedays/[id]/start/route";
import { POST as createGameDayRoute } from "@/app/api/gamedays/route";
import { installLab } from "@/lib/lab";
import { callRoute, createTestUser, errorOf, type TestUser } from "@/test/fixtures";
import { useTestDatabase } from "@/test/database";
import { ScriptedLab } from "@/test/scripted-lab";

useTestDatabase();

const ViewSchema = z.object({ gameDay: z.object({ id: z.string(), status: z.string(), labPace: z.enum(["realistic", "fast"]), shareTeamLogs: z.boolean() }) });

let facilitator: TestUser;
let lab: ScriptedLab;

async function create(body: Record<string, unknown>) {
  return callRoute(createGameDayRoute, "POST", "/api/gamedays", { cookie: facilitator.cookie, body: { title: "Pace rehearsal", environment: "local", ...body } });
}
const patch = (id: string, body: Record<string, unknown>) => callRoute(patchGameDay, "PATCH", "/x", { cookie: facilitator.cookie, params: { id }, body });
const start = (id: string) => callRoute(startRoute, "POST", "/x", { cookie: facilitator.cookie, params: { id } });

beforeAll(async () => {
  facilitator = await createTestUser("facilitator");
});

beforeEach(() => {
  lab = new ScriptedLab();
  installLab(lab);
});

afterAll(() => installLab(undefined));

describe("a game day's lab pace", () => {
  it("defaults to realistic, takes fast, and refuses a pace it does not know with 422", async () => {
    const plain = await create({});
    expect(plain.status).toBe(201);
    expect(ViewSchema.parse(plain.json).gameDay).toMatchObject({ labPace: "realistic", shareTeamLogs: false });

    const fast = await create({ labPace: "fast" });
    expect(ViewSchema.parse(fast.json).gameDay.labPace).toBe("fast");

    const unknown = await create({ labPace: "slow" });
    expect(unknown.status).toBe(422);
    expect(errorOf(unknown.json).message).toContain("labPace must be one of: realistic, fast");
  });

  it("changes while planning, is handed to the local lab at the start, and is fixed from then on", async () => {
    const { gameDay } = ViewSchema.parse((await create({})).json);
    const changed = await patch(gameDay.id, { labPace: "fast", shareTeamLogs: true });
    expect(changed.status).toBe(200);
    expect(ViewSchema.parse(changed.json).gameDay).toMatchObject({ labPace: "fast", shareTeamLogs: true });
    expect((await patch(gameDay.id, { labPace: "quick" })).status).toBe(422);
    const badShare = await patch(gameDay.id, { shareTeamLogs: "yes" });
    expect(badShare.status).toBe(422);
    expect(errorOf(badShare.json).message).toContain("shareTeamLogs must be true or false");

    expect((await start(gameDay.id)).status).toBe(200);
    expect(lab.paces).toEqual(["fast"]);
    // Starting again changes nothing and does not set the pace twice.
    expect((await start(gameDay.id)).status).toBe(200);
    expect(lab.paces).toEqual(["fast"]);

    const late = await patch(gameDay.id, { labPace: "realistic" });
    expect(late.status).toBe(409);
    expect(errorOf(late.json).message).toMatch(/lab pace cannot change once the game day has started/);
    // Saying the pace it already has is no change; sharing logs stays a switch during the game day.
    const same = await patch(gameDay.id, { labPace: "fast", shareTeamLogs: false });
    expect(same.status).toBe(200);
    expect(ViewSchema.parse(same.json).gameDay).toMatchObject({ labPace: "fast", shareTeamLogs: false });
  });

  it("starts the game day even when the local lab does not take the pace, and says so in the log", async () => {
    const { gameDay } = ViewSchema.parse((await create({ labPace: "realistic" })).json);
    lab.reachable = false;
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      const started = await start(gameDay.id);
      expect(started.status).toBe(200);
      expect(ViewSchema.parse(started.json).gameDay.status).toBe("running");
      expect(lab.callsTo("setPace")).toBe(1);
      expect(warn).toHaveBeenCalledWith(expect.stringContaining("its default pace applies"));
    } finally {
      warn.mockRestore();
    }
  });

  it("leaves the lab alone for an AWS game day", async () => {
    const { gameDay } = ViewSchema.parse((await create({ environment: "aws", labPace: "fast" })).json);
    expect((await start(gameDay.id)).status).toBe(200);
    expect(lab.callsTo("setPace")).toBe(0);
  });
});
