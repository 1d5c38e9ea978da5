/**
 * Drives `npm start`'s supervisor (scripts/console/up.ts) as a person would: a real process
 * with its own data directory, read through its printed output and its process registry,
 * killed with real signals.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, realpathSync, rmSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { findFreePort } from "@/scripts/db/embedded-postgres";
import { isPortFree } from "@/scripts/console/ports";
import { isAlive } from "@/scripts/console/process-registry";

export { isAlive };
import { ConsoleSession } from "@/bench/support/console-session";

const ROOT = path.resolve(import.meta.dirname, "../..");

export interface ConsoleUnderTest {
  child: ChildProcess;
  url: string;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The demo accounts, printed on the first start only. */
  credentials: { role: string; email: string; password: string }[];
}

export async function consolePorts(): Promise<{ PORT: string; LAB_PORT: string; LAB_PUBLIC_PORT: string }> {
  return { PORT: String(await findFreePort()), LAB_PORT: String(await findFreePort()), LAB_PUBLIC_PORT: String(await findFreePort()) };
}

/** This process's environment with `overrides`; an empty override means "not set at all". */
function environmentFor(overrides: Record<string, string>): NodeJS.ProcessEnv {
  // As from a terminal: vitest's NODE_ENV=test must not reach the supervisor.
  const merged: NodeJS.ProcessEnv = { ...process.env, ...overrides, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" };
  for (const [name, value] of Object.entries(overrides)) if (value === "") Reflect.deleteProperty(merged, name);
  return merged;
}

/**
 * Starts the supervisor and waits for it to say the console is up, or to exit (then the
 * promise resolves too: `exited` and `output()` say why). Never waits longer than `timeoutMs`.
 */
export async function startConsole(env: Record<string, string>, timeoutMs = 600_000): Promise<ConsoleUnderTest & { up: boolean }> {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", path.join(ROOT, "scripts/console/up.ts")], {
    cwd: ROOT,
    env: environmentFor(env),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let text = "";
  child.stdout.on("data", (chunk: Buffer) => (text += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  const deadline = Date.now() + timeoutMs;
  let up = false;
  let gone = false;
  void exited.then(() => (gone = true));
  while (Date.now() < deadline && !gone) {
    if (/Ctrl-C stops the console/.test(text)) {
      up = true;
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  if (!up && !gone) child.kill("SIGKILL");
  const url = /Game-day console: (\S+)/.exec(text)?.[1] ?? "";
  const credentials = [...text.matchAll(/^\s{4}(admin|facilitator|trainee|observer)\s+(\S+@\S+)\s+(\S+)/gm)].map((match) => ({ role: match[1] ?? "", email: match[2] ?? "", password: match[3] ?? "" }));
  return { child, url, output: () => text, exited, credentials, up };
}

const RegistrySchema = z.object({
  supervisorPid: z.number(),
  processes: z.array(z.object({ pid: z.number(), name: z.string() })),
});

export function readRegistry(dataDir: string): z.infer<typeof RegistrySchema> | null {
  const file = path.join(dataDir, "console-processes.json");
  return existsSync(file) ? RegistrySchema.parse(JSON.parse(readFileSync(file, "utf8"))) : null;
}

/** Target-service tasks of the lab whose state lives in `stateDir` (they carry its owner marker). */
export function labTaskPids(stateDir: string): number[] {
  if (!existsSync(stateDir)) return [];
  const owner = createHash("sha256").update(realpathSync(stateDir)).digest("hex").slice(0, 16);
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const marker = readFileSync(`/proc/${entry}/environ`, "utf8")
        .split("\0")
        .find((line) => line.startsWith("GAMEDAY_LAB_OWNER="));
      if (marker?.slice("GAMEDAY_LAB_OWNER=".length).startsWith(`${owner}:`) && isAlive(Number(entry))) pids.push(Number(entry));
    } catch {
      // exited while we looked
    }
  }
  return pids;
}

export async function waitFor<T>(read: () => Promise<T> | T, done: (value: T) => boolean, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value)) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${JSON.stringify(value)?.slice(0, 400)})`);
    await new Promise((resolve) => setTimeout(resolve, 250));
    value = await read();
  }
  return value;
}

export async function portsFree(ports: readonly number[]): Promise<boolean> {
  return (await Promise.all(ports.map((port) => isPortFree(port)))).every(Boolean);
}

export const RunSchema = z.object({
  id: z.string(),
  scenarioId: z.string(),
  status: z.string(),
  outcome: z.string().nullable(),
  statusReason: z.string().nullable(),
  injectedAt: z.string().nullable(),
  revertedAt: z.string().nullable(),
  endedAt: z.string().nullable().optional(),
});
export const RunsSchema = z.object({ runs: z.array(RunSchema) });
export const GameDaysSchema = z.object({ gameDays: z.array(z.object({ id: z.string(), title: z.string(), status: z.string() })) });

/** Signs in as the demo facilitator and returns the demo game day, started (at `labPace`, if given). */
export async function demoGameDay(url: string, credentials: ConsoleUnderTest["credentials"], labPace?: "fast" | "realistic"): Promise<{ session: ConsoleSession; gameDayId: string }> {
  const facilitator = credentials.find((credential) => credential.role === "facilitator");
  if (!facilitator) throw new Error("no facilitator account");
  const session = await ConsoleSession.signIn(url, facilitator.email, facilitator.password);
  const { gameDays } = await session.call("/api/gamedays", GameDaysSchema);
  const demo = gameDays.find((gameDay) => gameDay.title.startsWith("Demo"));
  if (!demo) throw new Error("no demo game day");
  if (labPace) await session.call(`/api/gamedays/${demo.id}`, z.unknown(), { method: "PATCH", body: { labPace } });
  if (demo.status !== "running") await session.call(`/api/gamedays/${demo.id}/start`, z.unknown(), { method: "POST" });
  return { session, gameDayId: demo.id };
}

const TimelinePageSchema = z.object({ events: z.array(z.object({ id: z.string(), kind: z.string(), at: z.string(), body: z.string(), runId: z.string().nullable() })) });
export type TimelineEntry = z.infer<typeof TimelinePageSchema>["events"][number];

/** The whole timeline, page by page, as a client resuming with `after` reads it. */
export async function readTimeline(session: ConsoleSession, gameDayId: string): Promise<TimelineEntry[]> {
  const all: TimelineEntry[] = [];
  for (let after: string | undefined; ; ) {
    const { events } = await session.call(`/api/gamedays/${gameDayId}/timeline?limit=1000${after ? `&after=${after}` : ""}`, TimelinePageSchema);
    all.push(...events);
    if (events.length < 1000) return all;
    after = events.at(-1)?.id;
  }
}

/**
 * After a drill: stops the consoles it started (SIGTERM, as Ctrl-C would), waits until what
 * they registered is gone (a killed supervisor's watchdog works on its own time), then
 * removes the drill's directory.
 */
export async function cleanUpConsoles(started: readonly ConsoleUnderTest[], root: string): Promise<void> {
  for (const running of started) if (running.child.exitCode === null && running.child.signalCode === null) running.child.kill("SIGTERM");
  await Promise.all(started.map((running) => running.exited));
  const dataDirs = existsSync(root) ? readdirSync(root).map((name) => path.join(root, name)) : [];
  const registered = dataDirs.flatMap((dir) => readRegistry(dir)?.processes.map((entry) => entry.pid) ?? []);
  await waitFor(() => registered.filter(isAlive), (alive) => alive.length === 0, 30_000, "every drill process to stop").catch(() => undefined);
  rmSync(root, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
}

/** Milliseconds for one request through the lab's load balancer, body included. */
export async function latencyOf(url: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
  await response.arrayBuffer();
  return performance.now() - started;
}
