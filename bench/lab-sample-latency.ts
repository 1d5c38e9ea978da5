/**
 * Sample latency of the local lab: the time from a request through the load balancer to the
 * moment the lab port's local adapter (`metrics()`) shows it. Each request asks a path the
 * target answers 404, so HTTPCode_Target_4XX_Count counts only the benchmark's requests
 * while the synthetic traffic and the probe run as usual.
 *
 * Run: npm run bench -- lab-sample   (or: node --conditions=react-server --import tsx bench/lab-sample-latency.ts)
 */
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { createLocalLab } from "../lib/lab/local";
import { startLocalLabProcess } from "../scripts/console/local-lab";
import { freePort, percentiles } from "../local-lab/bench/support";
import { formatMs, reportFigures } from "./support/figures";

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 60);
const TOKEN = "bench-sample-latency-token-0123";

function request(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http.get(url, { agent: false }, (response) => {
      response.resume();
      response.on("end", () => resolve(response.statusCode ?? 0));
    }).on("error", reject);
  });
}

async function main(): Promise<void> {
  const stateDir = mkdtempSync(path.join(os.tmpdir(), "gameday-bench-sample-"));
  const lab = await startLocalLabProcess({ port: await freePort(), publicPort: await freePort(), token: TOKEN, stateDir, quiet: true });
  try {
    const adapter = createLocalLab({ url: lab.url, token: TOKEN });
    const topology = await adapter.topology();
    const query = {
      id: "target4xx",
      namespace: "AWS/ApplicationELB",
      metricName: "HTTPCode_Target_4XX_Count",
      dimensions: { LoadBalancer: topology.loadBalancer.dimension },
      stat: "Sum" as const,
      periodSeconds: 1,
    };
    const count = async (from: number) => {
      const [series] = await adapter.metrics([query], new Date(from), new Date(Date.now() + 1000));
      return (series?.points ?? []).reduce((sum, point) => sum + point.v, 0);
    };
    const latencies: number[] = [];
    for (let index = 0; index < REQUESTS; index += 1) {
      const windowStart = Date.now() - 2000;
      const before = await count(windowStart);
      const sentAt = performance.now();
      const status = await request(`${lab.publicUrl}/bench-sample-${index}`);
      if (status !== 404) throw new Error(`expected 404 from the target, got ${status}`);
      // Bounded wait: a sample that takes longer than 5 s is a failure, not a number.
      let seen = false;
      while (performance.now() - sentAt < 5000) {
        if ((await count(windowStart)) > before) {
          seen = true;
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      if (!seen) throw new Error(`request ${index} never showed in metrics()`);
      latencies.push(performance.now() - sentAt);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const result = percentiles(latencies);
    reportFigures({
      script: "lab-sample-latency",
      title: "Local lab: a request → visible in the metrics",
      command: "npm run bench -- lab-sample",
      about: `A request through the lab's load balancer, then polling the local adapter's metrics() until the request count shows it, ${REQUESTS} requests 50 ms apart.`,
      figures: [
        { what: "request through the load balancer → visible in metrics()", target: "p99 < 1 s", measured: `p50 ${formatMs(result.p50)}, p95 ${formatMs(result.p95)}, p99 ${formatMs(result.p99)} (${result.n} requests)`, met: result.p99 < 1000 },
      ],
    });
    if (result.p99 >= 1000) process.exitCode = 1;
  } finally {
    await lab.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

await main();
