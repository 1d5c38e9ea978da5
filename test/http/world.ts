/**
 * What the HTTP suites act on, built through the API itself: one account per role (made by
 * the seeded admin, signed in through next-auth), a game day with a team, a trainee and an
 * observer, and API tokens. Nothing is written to the database behind the server's back.
 */
import { z } from "zod";
import { ALL_ROLES, type Role } from "@/lib/auth/roles";
import { db } from "@/lib/db/client";
import { createUserOverHttp, expectOk, http, seededAdminCookie, type HttpUser } from "./client";

export interface World {
  users: Record<Role, HttpUser>;
  bystander: HttpUser;
  gameDayId: string;
  /** The game day's one team (Blue), the trainee's. */
  teamId: string;
  joinCode: string;
  /** API tokens of the admin and the trainee, for calls made as automation. */
  adminToken: string;
  traineeToken: string;
  /** An API token of the bystander, for the revoke route. */
  bystanderTokenId: string;
}

const GameDaySchema = z.object({ gameDay: z.object({ id: z.string(), joinCode: z.string(), teams: z.array(z.object({ id: z.string(), name: z.string() })) }) });
const TokenSchema = z.object({ token: z.string(), apiToken: z.object({ id: z.string() }) });

export async function buildWorld(label: string): Promise<World> {
  const adminCookie = await seededAdminCookie();
  const users = {} as Record<Role, HttpUser>;
  for (const role of ALL_ROLES) users[role] = await createUserOverHttp(adminCookie, role);
  const bystander = await createUserOverHttp(adminCookie, "observer");

  const created = GameDaySchema.parse(
    expectOk(await http("POST", "/api/gamedays", { cookie: users.facilitator.cookie, body: { title: `${label} game day`, environment: "local", teams: ["Blue"] } })),
  );
  const gameDayId = created.gameDay.id;
  for (const [user, role, team] of [
    [users.trainee, "trainee", "Blue"],
    [users.observer, "observer", undefined],
  ] as const) {
    expectOk(await http("POST", `/api/gamedays/${gameDayId}/participants`, { cookie: users.facilitator.cookie, body: { email: user.email, role, team } }));
  }
  const adminToken = TokenSchema.parse(expectOk(await http("POST", "/api/tokens", { cookie: users.admin.cookie, body: { name: `${label} automation` } })));
  const traineeToken = TokenSchema.parse(expectOk(await http("POST", "/api/tokens", { cookie: users.trainee.cookie, body: { name: `${label} trainee automation` } })));
  const bystanderToken = TokenSchema.parse(expectOk(await http("POST", "/api/tokens", { cookie: bystander.cookie, body: { name: `${label} bystander` } })));
  const teamId = created.gameDay.teams.find((team) => team.name === "Blue")?.id;
  if (!teamId) throw new Error("the game day was created without its team");
  return { users, bystander, gameDayId, teamId, joinCode: created.gameDay.joinCode, adminToken: adminToken.token, traineeToken: traineeToken.token, bystanderTokenId: bystanderToken.apiToken.id };
}

/** The audit rows a call wrote, found by the unique user agent it carried. */
export function auditRowsOf(userAgent: string) {
  return db().auditLog.findMany({ where: { userAgent } });
}

/**
 * Counts of every domain table, to prove a refused call wrote nothing. Timeline entries are
 * counted by person only: the server's own poller records lab events at any moment.
 */
export async function domainRowCounts() {
  const client = db();
  const [users, sessions, tokens, gameDays, teams, participants, runs, planned, timelineByPeople] = await Promise.all([
    client.user.count(),
    client.session.count(),
    client.apiToken.count(),
    client.gameDay.count(),
    client.team.count(),
    client.participant.count(),
    client.run.count(),
    client.plannedScenario.count(),
    client.timelineEvent.count({ where: { actorId: { not: null } } }),
  ]);
  return { users, sessions, tokens, gameDays, teams, participants, runs, planned, timelineByPeople };
}
