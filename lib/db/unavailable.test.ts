import pg from "pg";
import { describe, expect, it } from "vitest";
import { ZodError, z } from "zod";
import { findFreePort } from "@/scripts/db/embedded-postgres";
import { db } from "@/lib/db/client";
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

  it("does not mistake a bad query, a duplicate or bad input for an outage", async () => {
    expect(isDatabaseUnavailable(await errorOf(() => db().$queryRawUnsafe("SELECT * FROM no_such_table")))).toBe(false);
    expect(isDatabaseUnavailable(await errorOf(() => db().user.create({ data: { email: "twice@example.com", name: "A", role: "admin", passwordHash: "x" } }).then(() => db().user.create({ data: { email: "twice@example.com", name: "B", role: "admin", passwordHash: "x" } }))))).toBe(false);
    expect(isDatabaseUnavailable(await errorOf(() => Promise.resolve().then(() => z.string().parse(1))))).toBe(false);
    expect(isDatabaseUnavailable(new ZodError([]))).toBe(false);
  });
});
