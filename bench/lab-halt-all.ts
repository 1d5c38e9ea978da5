/**
 * Halt-all: the time from the halt-all call to every fault reverted, with six different
 * faults active at once (task flags, a web ACL rule, a blackhole, a database refusal window,
 * a launch block), over repeated runs through the local adapter. Target: under a second.
 *
 * Run: npm run bench -- lab-halt
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createLocalLab } from "../lib/lab/local";
import type { RunSpec } from "../lib/lab/types";
import { startLocalLabProcess } from "../scripts/console/local-lab";
import { freePort, percentiles } from "../local-lab/bench/support";
import { formatMs, reportFigures } from "./support/figures";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const TOKEN = "bench-halt-all-token-0123456789";

async function main(): Promise<void> {
  const stateDir = mkdtempSync(path.join(os.tmpdir(), "gameday-bench-halt-"));
  const previous = process.env.LAB_TUNING;
  process.env.LAB_TUNING = JSON.stringify({ healthCheck: { intervalMs: 250, timeoutMs: 400 }, autoscaling: { enabled: false } });
  const lab = await startLocalLabProcess({ port: await freePort(), publicPort: await freePort(), token: TOKEN, stateDir, quiet: true });
  if (previous === undefined) delete process.env.LAB_TUNING;
  else process.env.LAB_TUNING = previous;
  try {
    const adapter = createLocalLab({ url: lab.url, token: TOKEN });
    const call: number[] = [];
    const reverted: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const specs: RunSpec[] = [
        { runId: `halt-${round}-latency`, scenarioId: "network-latency", params: { service: "api", delayMs: 300, jitterMs: 0, taskPercent: 100 }, durationSeconds: 120 },
        { runId: `halt-${round}-cpu`, scenarioId: "cpu-stress", params: { service: "backend", percent: 30, taskPercent: 100 }, durationSeconds: 120 },
        { runId: `halt-${round}-waf`, scenarioId: "waf-misblock", params: { pathPrefix: "/db" }, durationSeconds: 120 },
        { runId: `halt-${round}-dependency`, scenarioId: "dependency-down", params: {}, durationSeconds: 120 },
        { runId: `halt-${round}-failover`, scenarioId: "aurora-failover", params: { refuseSeconds: 60 }, durationSeconds: 120 },
        { runId: `halt-${round}-nat`, scenarioId: "nat-gateway-failure", params: { service: "backend", replacePercent: 0 }, durationSeconds: 120 },
      ];
      const handles = await Promise.all(specs.map((spec) => adapter.start(spec)));
      // Bounded: each round waits at most 10 s for every fault to take effect.
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline) {
        const statuses = await Promise.all(handles.map((handle) => adapter.status(handle)));
        if (statuses.every((status) => status.phase === "active")) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const haltAt = Date.now();
      const started = performance.now();
      const halted = await adapter.haltAll(`benchmark round ${round}`);
      call.push(performance.now() - started);
      if (halted.length !== handles.length) throw new Error(`halt-all stopped ${halted.length} of ${handles.length} faults`);
      const statuses = await Promise.all(handles.map((handle) => adapter.status(handle)));
      if (!statuses.every((status) => status.phase === "ended" && status.revertedAt)) throw new Error("a fault was not reverted");
      reverted.push(Math.max(...statuses.map((status) => Date.parse(status.revertedAt ?? "") - haltAt)));
      await new Promise((resolve) => setTimeout(resolve, 1500));
    }
    const client = percentiles(call);
    const labClock = percentiles(reverted);
    reportFigures({
      script: "lab-halt-all",
      title: "HALT ALL in the local lab",
      command: "npm run bench -- lab-halt",
      about: `Six different faults active at once (latency on every api task, CPU stress, a web ACL rule, a blackholed dependency, a database refusal window, a NAT blackhole), then the local adapter's haltAll(), ${ROUNDS} rounds. The revert instant is the lab's own record of each fault's revert. The console's route-level HALT ALL is proven by the halt-all drill (\`npm run test:drills\`), which asserts the same goal through POST /api/gamedays/{id}/halt.`,
      figures: [
        { what: `halt-all → last of 6 faults reverted, lab clock (${labClock.n} rounds)`, target: "p95 ≤ 1 s", measured: `p50 ${formatMs(labClock.p50)}, p95 ${formatMs(labClock.p95)}, max ${formatMs(labClock.max)}`, met: labClock.p95 <= 1000 },
        { what: "halt-all call, client side", target: "", measured: `p50 ${formatMs(client.p50)}, p95 ${formatMs(client.p95)}, max ${formatMs(client.max)}` },
      ],
    });
    if (labClock.p95 > 1000) process.exitCode = 1;
  } finally {
    await lab.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

await main();
