/**
 * Safety when the daemon or its parent dies: nothing it started outlives it, and no fault
 * is active when it starts again.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readStateFile, stateFilePath } from "../src/safety/state-file";
import { freePort } from "../src/util/net";
import { FAST_TUNING, get, isAlive, liveTasks, startLab, waitFor, type LabUnderTest } from "./harness";

const ROOT = path.resolve(import.meta.dirname, "../..");
const cleanup: (() => Promise<void> | void)[] = [];

afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

describe("daemon crash", () => {
  it("SIGKILL of the daemon leaves no orphan process, and at the next start no fault is active", async () => {
    const stateDir = mkdtempSync(path.join(os.tmpdir(), "gameday-lab-crash-"));
    cleanup.push(() => rmSync(stateDir, { recursive: true, force: true }));
    const first: LabUnderTest = await startLab({ stateDir, keepStateDir: true });
    cleanup.push(() => first.stop());
    const before = await first.waitSteady();
    const taskPids = before.tasks.filter((task) => task.lastStatus === "RUNNING").map((task) => task.pid ?? 0);
    expect(taskPids).toHaveLength(4);
    const state = readStateFile(stateFilePath(stateDir));
    const postmaster = state?.postmasterPid ?? 0;
    expect(postmaster).toBeGreaterThan(0);
    expect(isAlive(postmaster)).toBe(true);

    const latency = await first.start("network-latency", { service: "api", delayMs: 500, jitterMs: 0, taskPercent: 100 }, 600);
    const block = await first.start("waf-misblock", { pathPrefix: "/api" }, 600);
    await waitFor("both faults active", () => Promise.all([first.status(latency.externalId), first.status(block.externalId)]), (statuses) => statuses.every((status) => status.phase === "active"));

    first.child.kill("SIGKILL");
    await waitFor("every task and Postgres gone", () => Promise.resolve([...taskPids, postmaster].filter(isAlive)), (alive) => alive.length === 0, 15_000, 100);

    const second = await startLab({ stateDir });
    cleanup.push(() => second.stop());
    for (const handle of [latency, block]) {
      const status = await second.status(handle.externalId);
      expect(status).toMatchObject({ phase: "ended", outcome: "stopped" });
      expect(status.reason).toContain("previous daemon");
    }
    const health = await second.request<{ detail: string }>("GET", "/health");
    expect(health.detail).toContain("0 active fault(s)");
    const after = await second.waitSteady();
    expect(liveTasks(after, "api").every((task) => !taskPids.includes(task.pid ?? 0))).toBe(true);
    const home = await get(`${second.publicUrl}/`);
    expect(home.status).toBe(200);
    expect(home.ms).toBeLessThan(400);
    expect((await get(`${second.publicUrl}/api/backend`)).status).toBe(200);
  });
});

describe("parent death", () => {
  it("reverts, stops its fleet and exits when the process that started it dies", async () => {
    const stateDir = mkdtempSync(path.join(os.tmpdir(), "gameday-lab-parent-"));
    cleanup.push(() => rmSync(stateDir, { recursive: true, force: true }));
    const [port, publicPort] = [await freePort(), await freePort()];
    const token = "parent-test-token-0123456789";
    const logFile = path.join(stateDir, "daemon.log");
    // A stand-in for the console: a process whose only job is to start the daemon.
    const parent = spawn(
      process.execPath,
      [
        "-e",
        `const out = require("node:fs").openSync(${JSON.stringify(logFile)}, "a"); require("node:child_process").spawn(process.execPath, ["--import", "tsx", ${JSON.stringify(path.join(ROOT, "local-lab/src/main.ts"))}], { stdio: ["ignore", out, out], cwd: ${JSON.stringify(ROOT)} }); setInterval(() => {}, 1000);`,
      ],
      {
        cwd: ROOT,
        stdio: "ignore",
        env: { ...process.env, LAB_PORT: String(port), LAB_PUBLIC_PORT: String(publicPort), LAB_TOKEN: token, LAB_STATE_DIR: stateDir, LAB_TUNING: JSON.stringify(FAST_TUNING), LAB_PACE: "fast" },
      },
    );
    cleanup.push(() => {
      if (parent.exitCode === null) parent.kill("SIGKILL");
    });
    const health = () => fetch(`http://127.0.0.1:${port}/health`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(2000) }).then((response) => response.ok);
    await waitFor("the daemon", health, (ok) => ok, 60_000, 250).catch((error: unknown) => {
      throw new Error(`${error instanceof Error ? error.message : String(error)}\n--- daemon output ---\n${readFileSync(logFile, "utf8")}`);
    });
    const daemonPid = childrenOf(parent.pid ?? 0)[0] ?? 0;
    expect(daemonPid).toBeGreaterThan(0);
    const topology = (await (await fetch(`http://127.0.0.1:${port}/topology`, { headers: { authorization: `Bearer ${token}` } })).json()) as { tasks: { pid: number | null; lastStatus: string }[] };
    const taskPids = topology.tasks.filter((task) => task.lastStatus === "RUNNING").map((task) => task.pid ?? 0);
    expect(taskPids.length).toBeGreaterThan(0);

    parent.kill("SIGKILL");
    await waitFor("the daemon and its tasks to exit", () => Promise.resolve([daemonPid, ...taskPids].filter(isAlive)), (alive) => alive.length === 0, 20_000, 100);
    expect(readStateFile(stateFilePath(stateDir))?.cleanShutdown).toBe(true);
  });
});
