import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ROOT } from "./config";

function currentRevision(): string | null {
  const head = spawnSync("git", ["rev-parse", "HEAD"], { cwd: ROOT, encoding: "utf8" });
  if (head.status !== 0) return null;
  // A working tree with changes never matches a recorded build.
  const dirty = spawnSync("git", ["status", "--porcelain", "--untracked-files=no"], { cwd: ROOT, encoding: "utf8" });
  return dirty.stdout.trim() ? null : head.stdout.trim();
}

/**
 * Runs `next build` unless a build of the current commit exists. A tree with uncommitted
 * changes, or `force`, always rebuilds. `onSpawn` gets the build's pid, so a supervisor
 * that dies mid-build does not leave it running.
 */
export async function buildConsoleIfNeeded(options: { env: NodeJS.ProcessEnv; force?: boolean; log?: (message: string) => void; onSpawn?: (pid: number) => void }): Promise<void> {
  const log = options.log ?? console.log;
  const stampFile = path.join(ROOT, ".next", "gameday-build-revision");
  const revision = currentRevision();
  const built = existsSync(path.join(ROOT, ".next", "BUILD_ID"));
  const matches = revision !== null && existsSync(stampFile) && readFileSync(stampFile, "utf8").trim() === revision;
  if (built && matches && !options.force) return;
  log(built ? "Rebuilding the console (the code changed since the last build)…" : "Building the console (first start; about a minute)…");
  const child = spawn(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "build"], { cwd: ROOT, env: options.env, stdio: "inherit" });
  if (child.pid) options.onSpawn?.(child.pid);
  const code = await new Promise<number | null>((resolve) => child.once("exit", (exitCode) => resolve(exitCode)));
  if (code !== 0) throw new Error("next build failed; see the output above.");
  if (revision) writeFileSync(stampFile, revision);
}
