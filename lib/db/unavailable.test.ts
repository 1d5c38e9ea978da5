import pg from "pg";
import { describe, expect, it } from "vitest";
import { ZodError, z } from "zod";
import { findFreePort } from "@/scripts/db/embedded-postgres";
import { db, STATEMENT_TIMEOUT_MS } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { useTestDatabase } from "@/test/database";
import { isDatabaseUnavailable } from "./unavailable";

const database = useTestDatabase();

/** The error a real operation throws, for the classifier to judge. */
async function errorOf(operation: () => Promise<unknown>): Promise<unknown> {
  try {
    await operation();
  } catch (error) {
    return error;
  }
  throw new Error("the operation did not fail");
}

describe("isDatabaseUnavailable", () => {
  it("recognises a refused connection", async () => {
    const client = new pg.Client({ connectionString: `postgresql://nobody:none@127.0.0.1:${await findFreePort()}/none`, connectionTimeoutMillis: 2000 });
    expect(isDatabaseUnavailable(await errorOf(() => client.connect()))).toBe(true);
  });

  it("recognises a connection the server terminated (as on shutdown)", async () => {
    const victim = new pg.Client({ connectionString: database.url() });
    victim.on("error", () => undefined);
    await victim.connect();
    const { rows } = await victim.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
    const killer = new pg.Client({ connectionString: database.url() });
    await killer.connect();
    const killed = errorOf(() => victim.query("SELECT pg_sleep(5)"));
    await new Promise((resolve) => setTimeout(resolve, 200));
    await killer.query("SELECT pg_terminate_backend($1)", [rows[0]?.pid]);
    await killer.end();
    expect(isDatabaseUnavailable(await killed)).toBe(true);
  });

  it("recognises a statement Postgres cancelled for running past its timeout", async () => {
    const client = new pg.Client({ connectionString: database.url(), statement_timeout: 100 });
    await client.connect();
    try {
      expect(isDatabaseUnavailable(await errorOf(() => client.query("SELECT pg_sleep(2)")))).toBe(true);
    } finally {
      await client.end();
    }
  });

  it("gives the console's own statements a timeout, and a cancelled one reaches the caller as unavailable", async () => {
    const [setting] = await db().$queryRaw<{ statement_timeout: string }[]>`SHOW statement_timeout`;
    expect(setting?.statement_timeout).toBe(`${STATEMENT_TIMEOUT_MS / 1000}s`);
    // A statement stuck behind a lock nobody releases, through Prisma's adapter, with a
    // timeout short enough for a test: the caller is told "unavailable", not a bug.
    const holder = new pg.Client({ connectionString: database.url() });
    await holder.connect();
    try {
      await holder.query('BEGIN; LOCK TABLE "User" IN ACCESS EXCLUSIVE MODE');
      const stuck = async (read: (tx: Prisma.TransactionClient) => Promise<unknown>) =>
        errorOf(() =>
          db().$transaction(async (tx) => {
            await tx.$executeRawUnsafe("SET LOCAL statement_timeout = 200");
            await read(tx);
          }),
        );
      expect(isDatabaseUnavailable(await stuck((tx) => tx.user.findMany()))).toBe(true);
      expect(isDatabaseUnavailable(await stuck((tx) => tx.$queryRawUnsafe('SELECT count(*) FROM "User"')))).toBe(true);
    } finally {
      await holder.end();
    }
  });

  it("does not mistake a bad query, a duplicate or bad input for an outage", async () => {
    expect(isDatabaseUnavailable(await errorOf(() => db().$queryRawUnsafe("SELECT * FROM no_such_table")))).toBe(false);
    expect(isDatabaseUnavailable(await errorOf(() => db().user.create({ data: { email: "twice@example.com", name: "A", role: "admin", passwordHash: "x" } }).then(() => db().user.create({ data: { email: "twice@example.com", name: "B", role: "admin", passwordHash: "x" } }))))).toBe(false);
    expect(isDatabaseUnavailable(await errorOf(() => Promise.resolve().then(() => z.string().parse(1))))).toBe(false);
    expect(isDatabaseUnavailable(new ZodError([]))).toBe(false);
  });
});
