/**
 * The facilitator's console under load, on the real stack (embedded Postgres, local lab,
 * `next start`), measured from the outside like a browser:
 *   1. fault launch → the first chart sample showing it in a connected stream (p50/p95);
 *   2. HALT ALL → every local fault reverted (ground-truth revert instants, p50/p95);
 *   3. 1,000 concurrent stream viewers: delivery lag p50/p99, console RSS, and upstream lab
 *      calls per minute with 1,000 viewers vs 1 viewer.
 * Every loop is bounded; the script stops the stack when done.
 * Run: npm run bench -- console-live   (BENCH_LAUNCHES, BENCH_HALTS, BENCH_VIEWERS, BENCH_WINDOW_S tune it)
 */
import { z } from "zod";
import { startThrowawayStack } from "../scripts/console/throwaway";
import { ConsoleSession, rssOfTree } from "./support/console-session";
import { percentile } from "./support/figures";

const LAUNCHES = Number(process.env.BENCH_LAUNCHES ?? 8);
const HALTS = Number(process.env.BENCH_HALTS ?? 8);
const VIEWERS = Number(process.env.BENCH_VIEWERS ?? 1000);
const WINDOW_MS = Number(process.env.BENCH_WINDOW_S ?? 60) * 1000;
const PHASES = new Set((process.env.BENCH_PHASES ?? "launch,halt,viewers").split(","));

const RunSchema = z.object({ id: z.string(), status: z.string(), injectedAt: z.string().nullable(), revertedAt: z.string().nullable() });
const RunsSchema = z.object({ runs: z.array(RunSchema) });
const LaunchSchema = z.object({ run: RunSchema });
const HealthSchema = z.object({ live: z.object({ viewers: z.number(), upstreamCalls: z.record(z.string(), z.number()) }) });
const GameDaysSchema = z.object({ gameDays: z.array(z.object({ id: z.string(), title: z.string() })) });
const MetricsEventSchema = z.object({ type: z.literal("metrics"), at: z.string(), series: z.array(z.object({ id: z.string(), points: z.array(z.object({ t: z.number(), v: z.number() })) })) });
const TimelineEventSchema = z.object({ type: z.literal("timeline"), event: z.object({ id: z.string(), body: z.string() }) });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ms = (value: number) => `${Math.round(value)} ms`;

async function waitUntil(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(100);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

function latest(series: Map<string, Map<number, number>>, id: string): number | undefined {
  const points = series.get(id);
  if (!points || points.size === 0) return undefined;
  return points.get(Math.max(...points.keys()));
}

async function main(): Promise<void> {
  const stack = await startThrowawayStack({ name: "bench", log: (message) => console.log(`  · ${message}`) });
  const abort = new AbortController();
  try {
    const facilitator = stack.credentials.find((credential) => credential.role === "facilitator");
    if (!facilitator) throw new Error("the seed printed no facilitator");
    const session = await ConsoleSession.signIn(stack.url, facilitator.email, facilitator.password);
    const { gameDays } = await session.call("/api/gamedays", GameDaysSchema);
    const gameDayId = gameDays.find((gameDay) => gameDay.title.startsWith("Demo"))?.id;
    if (!gameDayId) throw new Error("no demo game day");
    await session.call(`/api/gamedays/${gameDayId}/start`, z.unknown(), { method: "POST" });

    // One watching tab: the newest point of every series, by time.
    const series = new Map<string, Map<number, number>>();
    let firstSeen: ((series: Map<string, Map<number, number>>, receivedAt: number) => void) | null = null;
    await session.stream(
      gameDayId,
      (data, receivedAt) => {
        const parsed = MetricsEventSchema.safeParse(data);
        if (!parsed.success) return;
        for (const entry of parsed.data.series) {
          const points = series.get(entry.id) ?? new Map<number, number>();
          for (const point of entry.points) points.set(point.t, point.v);
          series.set(entry.id, points);
        }
        firstSeen?.(series, receivedAt);
      },
      abort.signal,
    );
    const steady = () => {
      const running = latest(series, "runningTasks");
      const desired = latest(series, "desiredTasks");
      const healthy = latest(series, "healthyHosts");
      return running !== undefined && desired !== undefined && running >= desired && healthy !== undefined && healthy >= desired;
    };
    await waitUntil(steady, 120_000, "the lab's steady state in the stream");

    // 1. Launch → first chart sample that shows the fault: any of its expected signals
    //    (5xx from the dead targets, running or healthy below desired), and separately the
    //    running-task count, which the lab reports after ECS's stop-report delay.
    const launchLatencies: number[] = [];
    const runningLatencies: number[] = [];
    for (let index = 0; PHASES.has("launch") && index < LAUNCHES; index += 1) {
      const startedAt = Date.now();
      let signalAt = Number.NaN;
      const seen = new Promise<number>((resolve) => {
        firstSeen = (current, receivedAt) => {
          const desired = latest(current, "desiredTasks") ?? 0;
          const since = (id: string, deviates: (value: number) => boolean) =>
            [...(current.get(id) ?? new Map<number, number>())].some(([t, value]) => t >= startedAt - 1000 && deviates(value));
          const fiveHundreds = since("target5xx", (value) => value > 0) || since("elb5xx", (value) => value > 0);
          const capacity = since("healthyHosts", (value) => value < desired);
          if (Number.isNaN(signalAt) && (fiveHundreds || capacity || since("runningTasks", (value) => value < desired))) signalAt = receivedAt;
          if (since("runningTasks", (value) => value < desired)) {
            firstSeen = null;
            resolve(receivedAt);
          }
        };
      });
      const { run } = await session.call(`/api/gamedays/${gameDayId}/runs`, LaunchSchema, {
        body: { scenarioId: "ecs-task-termination", params: { service: "api", percent: 50 }, durationSeconds: 30, idempotencyKey: `bench-launch-${index}-${startedAt}`, confirmBlastRadius: true },
      });
      const runningAt = await Promise.race([seen, sleep(15_000).then(() => Number.NaN)]);
      firstSeen = null;
      if (!Number.isNaN(signalAt)) launchLatencies.push(signalAt - startedAt);
      if (!Number.isNaN(runningAt)) runningLatencies.push(runningAt - startedAt);
      await session.call(`/api/runs/${run.id}/stop`, z.unknown(), { body: { reason: "benchmark: next launch" } });
      await waitUntil(steady, 120_000, "recovery before the next launch");
    }
    if (PHASES.has("launch")) {
      console.log(`launch → first chart sample showing the fault (${launchLatencies.length}/${LAUNCHES}): p50 ${ms(percentile(launchLatencies, 50))}, p95 ${ms(percentile(launchLatencies, 95))}, max ${ms(Math.max(...launchLatencies))}`);
      console.log(`launch → running-task chart below desired (${runningLatencies.length}/${LAUNCHES}; includes the lab's 2 s ECS stop-report delay): p50 ${ms(percentile(runningLatencies, 50))}, p95 ${ms(percentile(runningLatencies, 95))}`);
    }

    // 2. HALT ALL → every fault reverted (the lab's own revert instants).
    const haltLatencies: number[] = [];
    for (let index = 0; PHASES.has("halt") && index < HALTS; index += 1) {
      const launched: string[] = [];
      for (const scenarioId of ["network-latency", "cpu-stress", "health-check-failure"]) {
        const { run } = await session.call(`/api/gamedays/${gameDayId}/runs`, LaunchSchema, {
          body: { scenarioId, params: {}, durationSeconds: 60, idempotencyKey: `bench-halt-${index}-${scenarioId}-${Date.now()}`, confirmBlastRadius: true },
        });
        launched.push(run.id);
      }
      await waitUntil(
        async () => (await session.call(`/api/gamedays/${gameDayId}/runs`, RunsSchema)).runs.filter((run) => launched.includes(run.id)).every((run) => run.injectedAt !== null),
        20_000,
        "the faults to be injected",
      );
      const haltAt = Date.now();
      await session.call(`/api/gamedays/${gameDayId}/halt`, z.unknown(), { body: { reason: `benchmark halt ${index}` } });
      const { runs } = await session.call(`/api/gamedays/${gameDayId}/runs`, RunsSchema);
      const reverted = runs.filter((run) => launched.includes(run.id)).map((run) => (run.revertedAt ? Date.parse(run.revertedAt) : Number.NaN));
      haltLatencies.push(Math.max(...reverted) - haltAt);
      await session.call(`/api/gamedays/${gameDayId}/halt/lift`, z.unknown(), { body: { reason: "benchmark: next halt" } });
      await waitUntil(steady, 120_000, "recovery before the next halt");
    }
    if (PHASES.has("halt")) console.log(`halt-all → every local fault reverted (${HALTS} halts of 3 faults): p50 ${ms(percentile(haltLatencies, 50))}, p95 ${ms(percentile(haltLatencies, 95))}, max ${ms(Math.max(...haltLatencies))}`);

    if (!PHASES.has("viewers")) return;
    // 3. Viewers: upstream cost with 1 viewer, then with VIEWERS, and delivery lag.
    const idleRss = await rssOfTree(stack.consolePid);
    const upstream = async () => {
      const { live } = await session.call("/api/health", HealthSchema);
      return Object.values(live.upstreamCalls).reduce((sum, count) => sum + count, 0);
    };
    const perMinute = async () => {
      const before = await upstream();
      await sleep(WINDOW_MS);
      return ((await upstream()) - before) * (60_000 / WINDOW_MS);
    };
    const oneViewer = await perMinute();

    const lags: number[] = [];
    const noteLags: number[] = [];
    const notes = new Map<string, number>();
    let connected = 0;
    for (let index = 0; index < VIEWERS; index += 1) {
      await session.stream(
        gameDayId,
        (data, receivedAt) => {
          const metrics = MetricsEventSchema.safeParse(data);
          if (metrics.success) {
            lags.push(receivedAt - Date.parse(metrics.data.at));
            return;
          }
          const timeline = TimelineEventSchema.safeParse(data);
          const sentAt = timeline.success ? notes.get(timeline.data.event.body) : undefined;
          if (sentAt !== undefined) noteLags.push(receivedAt - sentAt);
        },
        abort.signal,
      );
      connected += 1;
    }
    await waitUntil(async () => (await session.call("/api/health", HealthSchema)).live.viewers >= VIEWERS, 60_000, `${VIEWERS} viewers to be attached`);
    lags.length = 0;
    const manyViewers = perMinute();
    for (let index = 0; index < 10; index += 1) {
      const body = `benchmark note ${index} ${Date.now()}`;
      notes.set(body, Date.now());
      await session.call(`/api/gamedays/${gameDayId}/timeline`, z.unknown(), { body: { kind: "note", body } });
      await sleep(WINDOW_MS / 12);
    }
    const rateWithMany = await manyViewers;
    const rss = await rssOfTree(stack.consolePid);
    console.log(`${connected} concurrent viewers: metrics delivery lag p50 ${ms(percentile(lags, 50))}, p99 ${ms(percentile(lags, 99))} (${lags.length} deliveries); timeline note lag p50 ${ms(percentile(noteLags, 50))}, p99 ${ms(percentile(noteLags, 99))} (${noteLags.length} deliveries)`);
    console.log(`console RSS (next start and its children): ${Math.round(idleRss / 1024 / 1024)} MB with 1 viewer, ${Math.round(rss / 1024 / 1024)} MB with ${connected} viewers`);
    console.log(`upstream lab calls per minute: ${Math.round(oneViewer)} with 1 viewer, ${Math.round(rateWithMany)} with ${connected} viewers`);
  } finally {
    abort.abort();
    await stack.stop();
  }
}

main()
  .then(() => process.exit(0))
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
