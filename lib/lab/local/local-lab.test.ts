/**
 * The lab port's contract suite against a real local-lab daemon, started the way `npm start`
 * starts it (scripts/console/local-lab.ts), plus the adapter's own error mapping.
 */
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startLocalLabProcess, type LocalLabProcess } from "@/scripts/console/local-lab";
import { describeLabContract } from "../contract/lab-contract";
import { isLabError } from "../errors";
import { standardQueries } from "../metrics";
import { createLocalLab } from "./index";

const TOKEN = "contract-test-token-0123456789";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

let daemon: Promise<{ process: LocalLabProcess; stateDir: string }> | undefined;

/** One daemon for the whole file: the contract suite and the adapter tests share it. */
function sharedDaemon() {
  daemon ??= (async () => {
    const stateDir = mkdtempSync(path.join(os.tmpdir(), "gameday-lab-contract-"));
    const previous = process.env.LAB_TUNING;
    // Short health-check and drain times so remediations settle within the suite's waits.
    process.env.LAB_TUNING = JSON.stringify({
      healthCheck: { intervalMs: 250, timeoutMs: 400, healthyThreshold: 2, unhealthyThreshold: 2 },
      deregistrationDelayMs: 300,
      stopTimeoutMs: 1500,
      autoscaling: { enabled: false },
      traffic: { rps: 5 },
    });
    try {
      const started = await startLocalLabProcess({ port: await freePort(), publicPort: await freePort(), token: TOKEN, stateDir, quiet: true, pace: "fast" });
      return { process: started, stateDir };
    } finally {
      if (previous === undefined) delete process.env.LAB_TUNING;
      else process.env.LAB_TUNING = previous;
    }
  })();
  return daemon;
}

afterAll(async () => {
  if (!daemon) return;
  const { process: started, stateDir } = await daemon;
  await started.stop();
  rmSync(stateDir, { recursive: true, force: true });
});

describeLabContract("local lab (real daemon)", async () => {
  const { process: started } = await sharedDaemon();
  return {
    lab: createLocalLab({ url: started.url, token: TOKEN }),
    // A fault that harms nothing else: a web ACL rule on a path nobody uses.
    scenario: { scenarioId: "waf-misblock", params: { pathPrefix: "/contract-probe" }, durationSeconds: 30 },
    service: "api",
    settleTimeoutMs: 10_000,
    // The file-level afterAll stops the shared daemon.
    teardown: () => Promise.resolve(),
  };
});

describe("local adapter", () => {
  it("reports an unreachable daemon as unreachable, without throwing from health()", async () => {
    const lab = createLocalLab({ url: `http://127.0.0.1:${await freePort()}`, token: TOKEN, timeoutMs: 2000 });
    expect((await lab.health()).reachable).toBe(false);
    const error = await lab.topology().catch((caught: unknown) => caught);
    expect(isLabError(error) && error.code).toBe("unreachable");
  });

  it("maps a wrong token to 'credentials'", async () => {
    const { process: started } = await sharedDaemon();
    const error = await createLocalLab({ url: started.url, token: "wrong-token-0123456789" }).topology().catch((caught: unknown) => caught);
    expect(isLabError(error) && error.code).toBe("credentials");
  });

  it("sets the daemon's pace, and refuses a pace it does not know before calling", async () => {
    const { process: started } = await sharedDaemon();
    const lab = createLocalLab({ url: started.url, token: TOKEN });
    expect((await lab.health()).detail).toContain("fast pace");
    try {
      await lab.setPace?.("realistic");
      expect((await lab.health()).detail).toContain("realistic pace");
    } finally {
      await lab.setPace?.("fast");
    }
    expect((await lab.health()).detail).toContain("fast pace");
    const error = await lab.setPace?.("slow" as "fast").catch((caught: unknown) => caught);
    expect(isLabError(error) && error.code).toBe("invalid");
    expect(error instanceof Error && error.message).toContain("pace must be one of: realistic, fast");
  });

  it("names the parameter the lab refuses", async () => {
    const { process: started } = await sharedDaemon();
    const lab = createLocalLab({ url: started.url, token: TOKEN });
    const error = await lab.start({ runId: "bad-params", scenarioId: "ecs-task-termination", params: { percent: 0 }, durationSeconds: 10 }).catch((caught: unknown) => caught);
    expect(isLabError(error) && error.code).toBe("invalid");
    expect(error instanceof Error && error.message).toContain("percent must be at least 1");
    const checks = await lab.preflight({ scenarioId: "cpu-stress", params: { percent: 500 }, durationSeconds: 10 });
    expect(checks.find((check) => check.id === "params")).toMatchObject({ status: "fail" });
  });

  it("refuses a second fault on what an active one holds with 'conflict', and preflight says why", async () => {
    const { process: started } = await sharedDaemon();
    const lab = createLocalLab({ url: started.url, token: TOKEN });
    const first = await lab.start({ runId: `dep-${Date.now()}`, scenarioId: "dependency-down", params: {}, durationSeconds: 20 });
    try {
      const error = await lab.start({ runId: `dep2-${Date.now()}`, scenarioId: "dependency-down", params: {}, durationSeconds: 20 }).catch((caught: unknown) => caught);
      expect(isLabError(error) && error.code).toBe("conflict");
      const checks = await lab.preflight({ scenarioId: "dependency-down", params: {}, durationSeconds: 20 });
      expect(checks.find((check) => check.id === "conflicts")).toMatchObject({ status: "fail" });
    } finally {
      await lab.stop(first, "adapter test done");
    }
  });

  it("scales a service on request, and refuses a rollback when there is nothing to roll back", async () => {
    const { process: started } = await sharedDaemon();
    const lab = createLocalLab({ url: started.url, token: TOKEN });
    await lab.remediate({ type: "scale-service", service: "backend", desiredCount: 3 });
    const running = async () => (await lab.topology()).services.find((service) => service.name === "backend")?.runningCount;
    for (let attempt = 0; attempt < 100 && (await running()) !== 3; attempt += 1) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await running()).toBe(3);
    await lab.remediate({ type: "scale-service", service: "backend", desiredCount: 2 });
    for (let attempt = 0; attempt < 100 && (await running()) !== 2; attempt += 1) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await running()).toBe(2);
    const error = await lab.remediate({ type: "rollback", service: "backend" }).catch((caught: unknown) => caught);
    expect(isLabError(error) && error.code).toBe("conflict");
  });

  it("serves the standard dashboard at one-second resolution with recent data", async () => {
    const { process: started } = await sharedDaemon();
    const lab = createLocalLab({ url: started.url, token: TOKEN });
    const topology = await lab.topology();
    const keys = ["requests", "runningTasks", "desiredTasks", "cpu", "memory", "probe_public", "healthyHosts", "dbConnections"];
    const read = async () => {
      const to = new Date();
      return lab.metrics(standardQueries(topology, 1), new Date(to.getTime() - 30_000), to);
    };
    // A young lab has only a few seconds of data: poll (bounded) until each series has several.
    let series = await read();
    for (let attempt = 0; attempt < 40 && !keys.every((key) => (series.find((entry) => entry.id === key)?.points.length ?? 0) > 5); attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      series = await read();
    }
    for (const key of keys) {
      const entry = series.find((candidate) => candidate.id === key);
      expect(entry?.points.length, key).toBeGreaterThan(5);
    }
    expect(series.find((entry) => entry.id === "desiredTasks")?.points.at(-1)?.v).toBe(2);
    // The same dashboard for the internal service: its target group reports under the ALB too.
    const backend = await lab.metrics(standardQueries(topology, 1, "backend"), new Date(Date.now() - 10_000), new Date());
    expect(backend.find((entry) => entry.id === "healthyHosts")?.points.at(-1)?.v).toBe(2);
    expect(backend.find((entry) => entry.id === "runningTasks")?.points.at(-1)?.v).toBe(2);
  });
});
