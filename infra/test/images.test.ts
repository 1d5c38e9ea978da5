/**
 * The container side of the deployment: the console image's entrypoint (DATABASE_URL from
 * secrets, the outputs file), the Dockerfiles' key lines (we cannot build images here), and
 * the FIS sidecar script.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { commandsFor, consoleEnvironment, databaseUrlFromEnv, EntrypointError, outputsFileFromEnv } from "../console-image/entrypoint.mjs";
import { synth, VARIANTS } from "./synth";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const scratch = mkdtempSync(path.join(tmpdir(), "gameday-entrypoint-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const DB = { DB_HOST: "gameday-console-db.abc.eu-west-1.rds.amazonaws.com", DB_PORT: "5432", DB_NAME: "gameday_console", DB_USER: "gameday_console", DB_PASSWORD: "p@ss/w:rd?#" };

describe("console entrypoint", () => {
  it("assembles DATABASE_URL from the DB_* values, escaping the password and verifying TLS", () => {
    expect(databaseUrlFromEnv(DB)).toBe(
      "postgresql://gameday_console:p%40ss%2Fw%3Ard%3F%23@gameday-console-db.abc.eu-west-1.rds.amazonaws.com:5432/gameday_console?sslmode=verify-full",
    );
    expect(new URL(databaseUrlFromEnv(DB)).password).toBe("p%40ss%2Fw%3Ard%3F%23");
    expect(databaseUrlFromEnv({ DATABASE_URL: "postgresql://a:b@h/d" })).toBe("postgresql://a:b@h/d");
  });

  it("names what is missing instead of starting half-configured", () => {
    expect(() => databaseUrlFromEnv({ DB_HOST: "h", DB_PORT: "5432" })).toThrow(
      new EntrypointError("set DATABASE_URL, or all of DB_HOST, DB_PORT, DB_NAME, DB_USER, DB_PASSWORD (missing: DB_NAME, DB_USER, DB_PASSWORD)"),
    );
    expect(() => databaseUrlFromEnv({ ...DB, DB_PORT: "postgres" })).toThrow('DB_PORT must be a port number, got "postgres"');
    expect(() => outputsFileFromEnv({ GAMEDAY_AWS_OUTPUTS_JSON: "{not json" }, scratch)).toThrow("GAMEDAY_AWS_OUTPUTS_JSON is not valid JSON");
    expect(() => commandsFor("serve", {})).toThrow('unknown mode "serve"; use one of start, migrate, seed');
  });

  it("writes the outputs to a private file and keeps the password only in DATABASE_URL", () => {
    const outputs = { "gameday-console": { Prefix: "gameday", ApiServiceName: "api" } };
    const env = consoleEnvironment({ ...DB, GAMEDAY_AWS_OUTPUTS_JSON: JSON.stringify(outputs), PORT: "3000" }, scratch);
    expect(env.GAMEDAY_AWS_OUTPUTS).toBe(path.join(scratch, "aws-outputs.json"));
    expect(statSync(env.GAMEDAY_AWS_OUTPUTS ?? "").mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(env.GAMEDAY_AWS_OUTPUTS ?? "", "utf8"))).toEqual(outputs);
    expect(env.DB_PASSWORD).toBeUndefined();
    expect(env.GAMEDAY_AWS_OUTPUTS_JSON).toBeUndefined();
    expect(env.DATABASE_URL).toContain("p%40ss");
    // An explicit file wins over the JSON.
    expect(outputsFileFromEnv({ GAMEDAY_AWS_OUTPUTS: "/data/outputs.json", GAMEDAY_AWS_OUTPUTS_JSON: "{}" }, scratch)).toBe("/data/outputs.json");
  });

  it("migrates before starting the console's server unless told not to", () => {
    expect(commandsFor("start", { PORT: "3000" }).map((command) => command.slice(1).join(" "))).toEqual([
      "--import tsx scripts/db/migrate.ts",
      "--max-semi-space-size=4 --optimize-for-size scripts/console/server.mjs --hostname 0.0.0.0 --port 3000",
    ]);
    expect(commandsFor("start", { GAMEDAY_SKIP_MIGRATIONS: "1" })).toHaveLength(1);
    expect(commandsFor("seed", {})[0]).toContain("scripts/db/seed.ts");
  });
});

describe("container images", () => {
  it("builds the console in stages and runs it as a non-root user through the entrypoint", () => {
    const dockerfile = readFileSync(path.join(ROOT, "Dockerfile"), "utf8");
    expect(dockerfile.match(/^FROM /gm)).toHaveLength(2);
    expect(dockerfile).toMatch(/^RUN npm install --no-audit --no-fund$/m);
    expect(dockerfile).toMatch(/node node_modules\/next\/dist\/bin\/next build$/m);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^ENTRYPOINT \["node", "infra\/console-image\/entrypoint.mjs"\]$/m);
    const ignored = readFileSync(path.join(ROOT, ".dockerignore"), "utf8").split("\n");
    expect(ignored).toEqual(expect.arrayContaining(["**/node_modules", ".git", ".data", "infra/cdk.out", "lib/generated", ".env"]));
  });

  it("builds the target from target-service/Dockerfile and the console from the root Dockerfile", () => {
    const assets = ["Target", "Console"].map(
      (stack) => JSON.parse(readFileSync(path.join(synth(VARIANTS.defaults).outdir, `${stack}.assets.json`), "utf8")) as { dockerImages: Record<string, { source: { directory: string; dockerFile?: string; platform?: string } }> },
    );
    const [target, consoleImage] = assets.map((file) => Object.values(file.dockerImages));
    expect(target).toHaveLength(1);
    expect(consoleImage).toHaveLength(1);
    for (const image of [...(target ?? []), ...(consoleImage ?? [])]) expect(image.source.platform).toBe("linux/amd64");
    const staged = (image: { source: { directory: string } } | undefined) => path.join(synth(VARIANTS.defaults).outdir, image?.source.directory ?? "");
    expect(readFileSync(path.join(staged(target?.[0]), "Dockerfile"), "utf8")).toBe(readFileSync(path.join(ROOT, "target-service", "Dockerfile"), "utf8"));
    expect(consoleImage?.[0]?.source.dockerFile).toBe("Dockerfile");
    expect(readFileSync(path.join(staged(consoleImage?.[0]), "Dockerfile"), "utf8")).toBe(readFileSync(path.join(ROOT, "Dockerfile"), "utf8"));
  });

  it("ships a sidecar script that bash accepts and that registers with the task's ARN as a tag", () => {
    const script = path.join(ROOT, "infra", "assets", "ssm-agent", "register.sh");
    const check = spawnSync("bash", ["-n", script], { encoding: "utf8" });
    expect(check.status, check.stderr).toBe(0);
    const text = readFileSync(script, "utf8");
    expect(text).toContain('"Key=ECS_TASK_ARN,Value=$task_arn"');
    expect(text).toContain("trap cleanup TERM INT");
    expect(text).not.toMatch(/\$\{[a-z_]+\}/);
  });
});
