/**
 * What the idle DB fault proxy costs: `select 1` round trips on one connection straight to
 * the lab's Postgres and on one through the TCP fault proxy (no fault set), interleaved so
 * both see the same machine load. Target: under 1 ms added at p99.
 *
 * Run: npm run bench -- lab-proxy
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { TcpFaultProxy } from "../local-lab/src/db/fault-proxy";
import { LAB_DATABASE, randomPassword, roleFor, startDatabase } from "../local-lab/src/db/postgres";
import { percentiles } from "../local-lab/bench/support";
import { reportFigures } from "./support/figures";

const QUERIES = Number(process.env.BENCH_QUERIES ?? 3000);

async function timeQuery(client: pg.Client): Promise<number> {
  const started = performance.now();
  await client.query("select 1");
  return performance.now() - started;
}

async function main(): Promise<void> {
  const stateDir = mkdtempSync(path.join(os.tmpdir(), "gameday-bench-proxy-"));
  const password = randomPassword();
  const database = await startDatabase({ stateDir, adminUrl: undefined, services: ["bench"], passwords: new Map([["bench", password]]), log: () => undefined });
  const proxy = new TcpFaultProxy({ host: "127.0.0.1", upstreamHost: database.host, upstreamPort: database.port });
  await proxy.start();
  const connect = async (port: number) => {
    const client = new pg.Client({ host: "127.0.0.1", port, database: LAB_DATABASE, user: roleFor("bench"), password });
    await client.connect();
    return client;
  };
  const direct = await connect(database.port);
  const proxied = await connect(proxy.port);
  try {
    // Warm up both paths (JIT, Postgres plan cache, TCP windows).
    for (let index = 0; index < 200; index += 1) {
      await timeQuery(direct);
      await timeQuery(proxied);
    }
    const straight: number[] = [];
    const through: number[] = [];
    for (let index = 0; index < QUERIES; index += 1) {
      // Alternate which goes first so neither path always runs on a warmer cache.
      if (index % 2 === 0) {
        straight.push(await timeQuery(direct));
        through.push(await timeQuery(proxied));
      } else {
        through.push(await timeQuery(proxied));
        straight.push(await timeQuery(direct));
      }
    }
    const a = percentiles(straight);
    const b = percentiles(through);
    const added = { p50: b.p50 - a.p50, p99: b.p99 - a.p99 };
    const ms3 = (value: number) => `${value.toFixed(3)} ms`;
    reportFigures({
      script: "lab-proxy-overhead",
      title: "Local lab: the database fault proxy when idle",
      command: "npm run bench -- lab-proxy",
      about: `\`select 1\` round trips straight to the lab's Postgres and through the fault proxy the database scenarios use, ${QUERIES} each, alternating which goes first.`,
      figures: [
        { what: "direct to Postgres", target: "", measured: `p50 ${ms3(a.p50)}, p99 ${ms3(a.p99)}` },
        { what: "through the fault proxy", target: "", measured: `p50 ${ms3(b.p50)}, p99 ${ms3(b.p99)}` },
        { what: "added by the proxy", target: "< 1 ms at p99", measured: `p50 ${added.p50 >= 0 ? "+" : ""}${ms3(added.p50)}, p99 ${added.p99 >= 0 ? "+" : ""}${ms3(added.p99)}`, met: added.p99 < 1 },
      ],
    });
    if (added.p99 >= 1) process.exitCode = 1;
  } finally {
    await direct.end();
    await proxied.end();
    await proxy.close();
    await database.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

await main();
