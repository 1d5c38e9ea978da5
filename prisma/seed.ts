/**
 * First-run data: an admin and the demo cast (a facilitator, two trainees in two teams, an
 * observer) with a demo game day on the local lab. Passwords are random, returned once for
 * the start command to print, and stored only as bcrypt hashes.
 */
import { randomBytes } from "node:crypto";
import { hashPassword } from "@/lib/auth/password";
import type { Role } from "@/lib/auth/roles";
import { db } from "@/lib/db/client";
import { generateJoinCode } from "@/lib/gameday/join-code";

export interface SeededCredential {
  role: Role;
  email: string;
  password: string;
  team?: string;
}

const DEMO_CAST: { role: Role; email: string; name: string; team?: "Blue" | "Red" }[] = [
  { role: "admin", email: "admin@gameday.local", name: "Ada Admin" },
  { role: "facilitator", email: "facilitator@gameday.local", name: "Fran Facilitator" },
  { role: "trainee", email: "trainee.blue@gameday.local", name: "Tom Trainee", team: "Blue" },
  { role: "trainee", email: "trainee.red@gameday.local", name: "Tia Trainee", team: "Red" },
  { role: "observer", email: "observer@gameday.local", name: "Omar Observer" },
];

/** Readable random password: 4 groups of 5 characters, about 100 bits. */
export function generatePassword(): string {
  const alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  const bytes = randomBytes(20);
  const characters = [...bytes].map((byte) => alphabet[byte % alphabet.length]).join("");
  return characters.match(/.{5}/g)?.join("-") ?? characters;
}

/** Seeds only an empty database; returns the credentials it created (empty if it did nothing). */
export async function seedDemo(): Promise<SeededCredential[]> {
  if ((await db().user.count()) > 0) return [];
  const credentials: SeededCredential[] = [];
  const users: Record<string, string> = {};
  for (const member of DEMO_CAST) {
    const password = generatePassword();
    const user = await db().user.create({
      data: { email: member.email, name: member.name, role: member.role, passwordHash: await hashPassword(password) },
    });
    users[member.email] = user.id;
    credentials.push({ role: member.role, email: member.email, password, team: member.team });
  }
  const facilitatorId = users["facilitator@gameday.local"];
  if (!facilitatorId) throw new Error("demo facilitator missing");

  await db().$transaction(async (tx) => {
    const gameDay = await tx.gameDay.create({
      data: {
        title: "Demo game day: checkout under fire",
        description:
          "Rehearsal on the local lab. Blue and Red teams respond to task loss, latency and a database failover on the two-service checkout stack (api → backend → Postgres). Steady state: probe availability ≥ 99 %, p95 latency under 500 ms, healthy hosts = desired.",
        environment: "local",
        status: "draft",
        blindMode: false,
        // Realistic, not fast: the demo is a game day with two teams responding, and at the fast
        // pace a killed task is back within seconds, before anyone trying the product can
        // detect it. Fast is one click away in the game day's settings for a quick look.
        labPace: "realistic",
        joinCode: generateJoinCode(),
        createdById: facilitatorId,
      },
    });
    const blue = await tx.team.create({ data: { gameDayId: gameDay.id, name: "Blue" } });
    const red = await tx.team.create({ data: { gameDayId: gameDay.id, name: "Red" } });
    const teamIds = { Blue: blue.id, Red: red.id };
    for (const member of DEMO_CAST) {
      const userId = users[member.email];
      if (!userId || member.role === "admin") continue;
      await tx.participant.create({
        data: { gameDayId: gameDay.id, userId, role: member.role, teamId: member.team ? teamIds[member.team] : null },
      });
    }
    const planned = [
      { scenarioId: "ecs-task-termination", params: { service: "api", percent: 50 }, durationSeconds: 120 },
      { scenarioId: "network-latency", params: { service: "api", delayMs: 200, jitterMs: 50, taskPercent: 100 }, durationSeconds: 180 },
      { scenarioId: "aurora-failover", params: { refuseSeconds: 20 }, durationSeconds: 90 },
    ];
    await tx.plannedScenario.createMany({ data: planned.map((entry, position) => ({ ...entry, gameDayId: gameDay.id, position })) });
  });
  return credentials;
}
