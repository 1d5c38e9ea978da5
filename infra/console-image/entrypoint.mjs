// Entrypoint of the console image (the root Dockerfile). ECS gives the container its
// settings as separate variables; this script turns them into what the console reads:
//   - DATABASE_URL, assembled from DB_HOST/DB_PORT/DB_NAME and the DB_USER/DB_PASSWORD
//     secrets (Secrets Manager), so no password ever sits in a plain environment variable;
//   - GAMEDAY_AWS_OUTPUTS, a file written from GAMEDAY_AWS_OUTPUTS_JSON (the deployment's
//     stack outputs, the shape `cdk deploy --outputs-file` writes).
// Then it runs the database migrations and the console's server (scripts/console/server.mjs:
// Next's request handler plus the live streams on plain node responses), or just `migrate` / `seed`.
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { SERVER_NODE_FLAGS } from "../../scripts/console/server.mjs";

const APP_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const MODES = ["start", "migrate", "seed"];

/** A configuration problem the operator must fix; printed without a stack trace. */
export class EntrypointError extends Error {}

/** postgresql:// URL from the DB_* variables; TLS verified against the RDS CA bundle in the image. */
export function databaseUrlFromEnv(env) {
  if (env.DATABASE_URL) return env.DATABASE_URL;
  const missing = ["DB_HOST", "DB_PORT", "DB_NAME", "DB_USER", "DB_PASSWORD"].filter((name) => !env[name]);
  if (missing.length > 0) throw new EntrypointError(`set DATABASE_URL, or all of DB_HOST, DB_PORT, DB_NAME, DB_USER, DB_PASSWORD (missing: ${missing.join(", ")})`);
  if (!/^\d{1,5}$/.test(env.DB_PORT)) throw new EntrypointError(`DB_PORT must be a port number, got ${JSON.stringify(env.DB_PORT)}`);
  const sslmode = env.DB_SSLMODE ?? "verify-full";
  return `postgresql://${encodeURIComponent(env.DB_USER)}:${encodeURIComponent(env.DB_PASSWORD)}@${env.DB_HOST}:${env.DB_PORT}/${encodeURIComponent(env.DB_NAME)}?sslmode=${encodeURIComponent(sslmode)}`;
}

/** Writes the outputs JSON to a private file and returns its path (or the given GAMEDAY_AWS_OUTPUTS). */
export function outputsFileFromEnv(env, directory = path.join(tmpdir(), "gameday")) {
  if (env.GAMEDAY_AWS_OUTPUTS) return env.GAMEDAY_AWS_OUTPUTS;
  const json = env.GAMEDAY_AWS_OUTPUTS_JSON;
  if (!json) return undefined;
  let parsed;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new EntrypointError("GAMEDAY_AWS_OUTPUTS_JSON is not valid JSON");
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new EntrypointError("GAMEDAY_AWS_OUTPUTS_JSON must be an object of stack name → outputs");
  }
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  const file = path.join(directory, "aws-outputs.json");
  writeFileSync(file, `${JSON.stringify(parsed, null, 2)}\n`, { mode: 0o600 });
  return file;
}

/** The environment the console processes run with. */
export function consoleEnvironment(env, directory) {
  const next = { ...env, DATABASE_URL: databaseUrlFromEnv(env), NEXT_TELEMETRY_DISABLED: "1" };
  const outputs = outputsFileFromEnv(env, directory);
  if (outputs) next.GAMEDAY_AWS_OUTPUTS = outputs;
  // Keep the password only inside DATABASE_URL.
  delete next.DB_PASSWORD;
  delete next.GAMEDAY_AWS_OUTPUTS_JSON;
  return next;
}

/** The commands a mode runs, in order. */
export function commandsFor(mode, env) {
  const node = process.execPath;
  const migrate = [node, "--import", "tsx", "scripts/db/migrate.ts"];
  if (mode === "migrate") return [migrate];
  if (mode === "seed") return [[node, "--conditions=react-server", "--import", "tsx", "scripts/db/seed.ts"]];
  if (mode === "start") {
    const start = [node, ...SERVER_NODE_FLAGS, "scripts/console/server.mjs", "--hostname", "0.0.0.0", "--port", env.PORT ?? "3000"];
    return env.GAMEDAY_SKIP_MIGRATIONS === "1" ? [start] : [migrate, start];
  }
  throw new EntrypointError(`unknown mode ${JSON.stringify(mode)}; use one of ${MODES.join(", ")}`);
}

function run([command, ...args], env) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: APP_DIR, env, stdio: "inherit" });
    const forward = (signal) => child.kill(signal);
    process.on("SIGTERM", forward);
    process.on("SIGINT", forward);
    child.on("exit", (code, signal) => {
      process.off("SIGTERM", forward);
      process.off("SIGINT", forward);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

async function main() {
  const mode = process.argv[2] ?? "start";
  const env = consoleEnvironment(process.env);
  for (const command of commandsFor(mode, env)) {
    const code = await run(command, env);
    if (code !== 0) process.exit(code);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    console.error(`console entrypoint: ${error instanceof EntrypointError ? error.message : String(error)}`);
    process.exit(2);
  });
}
