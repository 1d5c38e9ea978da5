#!/usr/bin/env node
// `npm start` on a fresh clone: install dependencies if needed, then bring the console up
// (scripts/console/up.ts). Plain JavaScript with no dependencies, so it runs before install.
import { spawnSync, spawn } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const installed = path.join(root, "node_modules", ".package-lock.json");
const needsInstall = !existsSync(installed) || statSync(path.join(root, "package-lock.json")).mtimeMs > statSync(installed).mtimeMs;

if (needsInstall) {
  console.log("Installing dependencies (npm install)…");
  const result = spawnSync("npm", ["install", "--no-audit", "--no-fund"], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", path.join(root, "scripts/console/up.ts"), ...process.argv.slice(2)], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", GAMEDAY_WRAPPER_PID: String(process.pid) },
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
