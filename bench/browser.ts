/**
 * The console as a browser loads and uses it, on the real stack (embedded Postgres, local
 * lab, `next start` of the production build): a game day runs with a live fault, so the
 * live view receives a metrics frame every second.
 *   1. Lighthouse 12 (navigation, desktop preset, the session cookie as a header) on the
 *      game-day list and on the live view: LCP, total blocking time, main-thread work while
 *      loading, and the JavaScript transferred (sum of the script responses' transfer sizes,
 *      gzip as served). The median of BENCH_LIGHTHOUSE_RUNS runs per page.
 *   2. Interaction latency during the 1 Hz updates, in Chromium driven by Playwright: a
 *      PerformanceObserver on 'event' entries (durationThreshold 16 ms) records each
 *      interaction while the facilitator switches tabs, chart windows and timeline filters
 *      and types a timeline entry, and while a trainee types in the incident log and uses
 *      its keyboard shortcuts. INP is the worst interaction (fewer than 50 per page).
 * Run: npm run bench -- browser   (BENCH_LIGHTHOUSE_RUNS tunes it; default 3)
 */
import lighthouse, { type Flags, type RunnerResult } from "lighthouse";
import desktopConfig from "lighthouse/core/config/desktop-config.js";
import { chromium, type Browser, type Page } from "playwright-core";
import { z } from "zod";
import { findFreePort } from "../scripts/db/embedded-postgres";
import { startThrowawayStack } from "../scripts/console/throwaway";
import { ConsoleSession } from "./support/console-session";
import { formatMs, reportFigures } from "./support/figures";

const LIGHTHOUSE_RUNS = Number(process.env.BENCH_LIGHTHOUSE_RUNS ?? 3);
const CHROMIUM = process.env.CHROME_PATH ?? "/usr/bin/chromium";
const CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"];
const TARGETS = { lcpMs: 1000, scriptKb: 250, inpMs: 100 };

/** Before and after, measured with this script on this machine (2 cores shared with other builds). */
const NOTES = `
Measured on 2026-12-06 with \`npm run bench -- browser\` (3 Lighthouse runs per page), on 2 cores shared with other builds: load average 15–19 for the first run, 22–27 for the others. CPU-bound figures (total blocking time, main-thread work, INP, and LCP, which Lighthouse's simulation derives from the observed CPU tasks) are inflated several times by that load; bytes are not.

| figure | before (recharts) | SVG charts | SVG charts + deferred frames |
|---|---|---|---|
| list: LCP | 602 ms | 1.14 s | 1.10 s |
| list: JavaScript (gzip) | 190 KB, 11 scripts | 190 KB | 190 KB |
| list: TBT / main thread | 132 ms / 641 ms | 138 ms / 1.25 s | 165 ms / 693 ms |
| live view: LCP | 1.67 s | 2.21 s | 1.65 s |
| live view: JavaScript (gzip) | 332 KB, 12 scripts | 233 KB | 233 KB |
| live view: TBT / main thread | 17.0 s / 31.9 s | 8.05 s / 11.7 s | 7.36 s / 13.6 s |
| INP, facilitator | 864 ms (pointerdown on "15 min") | 488 ms (typing a timeline entry) | 472 ms (typing a timeline entry) |
| INP, trainee | 608 ms (typing in the incident log) | 208 ms | 56 ms |

What changed: the dashboard's eight charts were recharts (with its redux/immer store: 144 KB gzip, a third of the live view's JavaScript) and redrew their SVG through it on every frame; they are now hand-written SVG (components/charts/line-plot.tsx, scales in chart-scale.ts), one path per line, axes as HTML. The charts and the alarms, traces, service-map and fleet panels take each frame through \`useDeferredValue\`, so React renders them in an interruptible pass and a keystroke or click is handled first; the runbook and incident log are memoized so a metrics frame no longer re-renders them.

Why the live view's load figures stay far above the list's: Lighthouse waits for the network to go quiet, and the live view holds its event stream open and takes a frame every second, so the trace runs to Lighthouse's load timeout and TBT and main-thread work add up every frame's work (plus the zod check of each message in lib/client/use-live-game-day.ts, and on connect the 15-minute backlog of points) over that time rather than the load itself. LCP misses the 1 s target under this machine's load (the list page, whose code did not change, moved from 0.6 to 1.1 s between runs); the task brief's reference on a quieter machine had the live view at 0.8 s before these changes. The facilitator's INP was 432–504 ms until the timeline form moved above the list: its text box ended 1 px below the window and its button was out of sight, so headless Chromium drew a keystroke only with the page's next unrelated change (the clock's half-second tick). Each key was handled in about 1 ms with the main thread idle; a Chromium trace showed no new frame for up to 500 ms. With the form on screen the same clicks and typing measure 64–72 ms, and the worst interactions are now tab switches (about 50 ms of style and layout to show a whole tab). A blind viewer's chart grid no longer re-renders its eight charts on every live message (its runs list was a new empty array each render), and a new chart window is drawn in a deferred render so the pressed button paints first.
`.trim();

const GameDaysSchema = z.object({ gameDays: z.array(z.object({ id: z.string(), title: z.string() })) });
const CreatedSchema = z.object({ gameDay: z.object({ id: z.string() }) });
const LaunchSchema = z.object({ run: z.object({ id: z.string() }) });
const RunsSchema = z.object({ runs: z.array(z.object({ id: z.string(), injectedAt: z.string().nullable() })) });
const NetworkItemSchema = z.object({ resourceType: z.string().optional(), transferSize: z.number().optional(), url: z.string() });

interface PageLoad {
  lcpMs: number;
  tbtMs: number;
  mainThreadMs: number;
  scriptBytes: number;
  scriptCount: number;
}

interface Interactions {
  inpMs: number;
  count: number;
  worst: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(250);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

function numeric(result: RunnerResult, audit: string): number {
  const value = result.lhr.audits[audit]?.numericValue;
  if (value === undefined) throw new Error(`Lighthouse returned no ${audit}: ${result.lhr.runtimeError?.message ?? "no runtime error"}`);
  return value;
}

/** One Lighthouse navigation in a fresh tab of the browser listening on `port`. */
async function lighthouseOnce(url: string, port: number, cookie: string): Promise<PageLoad> {
  const flags: Flags = { port, output: "json", logLevel: "error", extraHeaders: { Cookie: cookie }, onlyCategories: ["performance"] };
  const result = await lighthouse(url, flags, desktopConfig);
  if (!result) throw new Error(`Lighthouse gave no result for ${url}`);
  if (result.lhr.runtimeError) throw new Error(`Lighthouse: ${result.lhr.runtimeError.message}`);
  const details = result.lhr.audits["network-requests"]?.details;
  const items = details && "items" in details ? z.array(NetworkItemSchema).parse(details.items) : [];
  const scripts = items.filter((item) => item.resourceType === "Script");
  return {
    lcpMs: numeric(result, "largest-contentful-paint"),
    tbtMs: numeric(result, "total-blocking-time"),
    mainThreadMs: numeric(result, "mainthread-work-breakdown"),
    scriptBytes: scripts.reduce((sum, item) => sum + (item.transferSize ?? 0), 0),
    scriptCount: scripts.length,
  };
}

async function measureLoad(url: string, port: number, cookie: string): Promise<PageLoad> {
  const runs: PageLoad[] = [];
  for (let index = 0; index < LIGHTHOUSE_RUNS; index += 1) runs.push(await lighthouseOnce(url, port, cookie));
  return {
    lcpMs: median(runs.map((run) => run.lcpMs)),
    tbtMs: median(runs.map((run) => run.tbtMs)),
    mainThreadMs: median(runs.map((run) => run.mainThreadMs)),
    scriptBytes: median(runs.map((run) => run.scriptBytes)),
    scriptCount: median(runs.map((run) => run.scriptCount)),
  };
}

/** Records every interaction's longest event entry, by interactionId, from the page's first instant. */
const OBSERVE_INTERACTIONS = () => {
  const seen = new Map<number, { duration: number; name: string; target: string }>();
  (window as unknown as { interactionLatencies: typeof seen }).interactionLatencies = seen;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as PerformanceEventTiming[]) {
      if (!entry.interactionId) continue;
      const target = entry.target instanceof HTMLElement ? (entry.target.dataset.testid ?? entry.target.textContent?.slice(0, 24) ?? entry.target.tagName) : "";
      const previous = seen.get(entry.interactionId);
      if (!previous || entry.duration > previous.duration) seen.set(entry.interactionId, { duration: entry.duration, name: entry.name, target });
    }
  });
  observer.observe({ type: "event", durationThreshold: 16, buffered: true } as PerformanceObserverInit);
};

async function interactionsOf(page: Page): Promise<Interactions> {
  const entries = await page.evaluate(() => [...(window as unknown as { interactionLatencies: Map<number, { duration: number; name: string; target: string }> }).interactionLatencies.values()]);
  const sorted = entries.sort((a, b) => b.duration - a.duration);
  // INP: the worst interaction, or the 98th percentile once there are 50 or more.
  const inp = sorted[sorted.length >= 50 ? Math.floor(sorted.length / 50) : 0];
  return { inpMs: inp?.duration ?? 0, count: entries.length, worst: inp ? `${inp.name} on "${inp.target.trim()}"` : "none over 16 ms" };
}

async function signedInPage(browser: Browser, baseUrl: string, cookie: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1350, height: 940 } });
  const [name, ...rest] = cookie.split("=");
  await context.addCookies([{ name: name ?? "", value: rest.join("="), url: baseUrl, httpOnly: true, sameSite: "Lax" }]);
  await context.addInitScript(OBSERVE_INTERACTIONS);
  return context.newPage();
}

/** The facilitator's hands on the live view while frames arrive: tabs, chart windows, timeline filters, a typed entry. */
async function facilitatorInteractions(page: Page, url: string): Promise<Interactions> {
  await page.goto(url);
  await page.getByTestId("latest-healthyHosts").and(page.locator(":not([data-value=''])")).waitFor({ timeout: 60_000 });
  await sleep(3000);
  for (let round = 0; round < 3; round += 1) {
    await page.getByRole("tab", { name: "Plan and people" }).click();
    await sleep(400);
    await page.getByRole("tab", { name: "Live" }).click();
    await sleep(400);
    for (const window of ["1 min", "5 min", "15 min"]) {
      await page.getByRole("group", { name: "Chart window" }).getByRole("button", { name: window, exact: true }).click();
      await sleep(600);
    }
    for (const filter of ["Faults", "People", "System", "All"]) {
      await page.getByRole("group", { name: "Show" }).getByRole("button", { name: filter, exact: true }).click();
      await sleep(300);
    }
  }
  await page.getByTestId("timeline-panel").locator("textarea").first().pressSequentially("the p95 climbs on api since the launch", { delay: 80 });
  await sleep(1000);
  return interactionsOf(page);
}

/** A trainee's hands on the incident log while frames arrive: typed words and the one-key shortcuts. */
async function traineeInteractions(page: Page, url: string): Promise<Interactions> {
  await page.goto(url);
  await page.getByTestId("responder-console").waitFor();
  await page.getByTestId("latest-healthyHosts").and(page.locator(":not([data-value=''])")).waitFor({ timeout: 60_000 });
  await sleep(3000);
  const body = page.getByLabel("What you see, think or did (optional)");
  for (const words of ["latency climbs on every api route", "p99 above one second since the last deploy"]) {
    await body.pressSequentially(words, { delay: 80 });
    await body.blur();
    // H: the shortcut picks "hypothesis" and focuses the text again.
    await page.keyboard.press("h");
    await sleep(300);
    await body.fill("");
    await body.blur();
  }
  for (const window of ["1 min", "5 min", "15 min"]) {
    await page.getByRole("group", { name: "Chart window" }).getByRole("button", { name: window, exact: true }).click();
    await sleep(600);
  }
  await sleep(1000);
  return interactionsOf(page);
}

async function main(): Promise<void> {
  const stack = await startThrowawayStack({ name: "bench-browser", log: (message) => console.log(`  · ${message}`) });
  const debuggingPort = await findFreePort();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, `--remote-debugging-port=${debuggingPort}`] });
  let runId: string | undefined;
  let facilitatorSession: ConsoleSession | undefined;
  try {
    const credential = (role: string) => {
      const found = stack.credentials.find((entry) => entry.role === role);
      if (!found) throw new Error(`the seed printed no ${role}`);
      return found;
    };
    const facilitator = credential("facilitator");
    const trainee = credential("trainee");
    facilitatorSession = await ConsoleSession.signIn(stack.url, facilitator.email, facilitator.password);
    const traineeSession = await ConsoleSession.signIn(stack.url, trainee.email, trainee.password);

    // A game day of its own with the trainee on a team, started, with a fault live for the whole measurement.
    const { gameDay } = await facilitatorSession.call("/api/gamedays", CreatedSchema, { body: { title: "Browser benchmark", environment: "local", labPace: "fast", teams: ["Blue"] } });
    await facilitatorSession.call(`/api/gamedays/${gameDay.id}/participants`, z.unknown(), { body: { email: trainee.email, role: "trainee", team: "Blue" } });
    await facilitatorSession.call(`/api/gamedays/${gameDay.id}/start`, z.unknown(), { method: "POST" });
    const launched = await facilitatorSession.call(`/api/gamedays/${gameDay.id}/runs`, LaunchSchema, {
      body: { scenarioId: "network-latency", durationSeconds: 900, idempotencyKey: `bench-browser-${Date.now()}`, confirmBlastRadius: true },
    });
    runId = launched.run.id;
    const session = facilitatorSession;
    await waitUntil(async () => (await session.call(`/api/gamedays/${gameDay.id}/runs`, RunsSchema)).runs.some((run) => run.injectedAt !== null), 30_000, "the fault to be injected");
    const { gameDays } = await facilitatorSession.call("/api/gamedays", GameDaysSchema);

    const liveUrl = `${stack.url}/gamedays/${gameDay.id}`;
    const listUrl = `${stack.url}/`;
    // Warm the server's caches once so the first measured run is not the first request.
    for (const url of [listUrl, liveUrl]) await fetch(url, { headers: { cookie: facilitatorSession.cookie } }).then((response) => response.text());

    const list = await measureLoad(listUrl, debuggingPort, facilitatorSession.cookie);
    console.log("game-day list:", JSON.stringify(list));
    const liveView = await measureLoad(liveUrl, debuggingPort, facilitatorSession.cookie);
    console.log("live view:", JSON.stringify(liveView));
    const facilitatorPage = await signedInPage(browser, stack.url, facilitatorSession.cookie);
    const facilitatorInp = await facilitatorInteractions(facilitatorPage, liveUrl);
    console.log("facilitator interactions:", JSON.stringify(facilitatorInp));
    const traineePage = await signedInPage(browser, stack.url, traineeSession.cookie);
    const traineeInp = await traineeInteractions(traineePage, liveUrl);
    console.log("trainee interactions:", JSON.stringify(traineeInp));

    const loadFigures = (label: string, load: PageLoad) => [
      { what: `${label}: largest contentful paint`, target: `≤ ${formatMs(TARGETS.lcpMs)}`, measured: formatMs(load.lcpMs), met: load.lcpMs <= TARGETS.lcpMs },
      {
        what: `${label}: first-load JavaScript transferred (gzip)`,
        target: `≤ ${TARGETS.scriptKb} KB`,
        measured: `${kb(load.scriptBytes)} in ${load.scriptCount} scripts`,
        met: load.scriptBytes <= TARGETS.scriptKb * 1024,
      },
      { what: `${label}: total blocking time`, measured: formatMs(load.tbtMs) },
      { what: `${label}: main-thread work while loading`, measured: formatMs(load.mainThreadMs) },
    ];
    const inpFigure = (label: string, result: Interactions) => ({
      what: `${label}: interaction to next paint during 1 Hz updates`,
      target: `≤ ${TARGETS.inpMs} ms`,
      measured: `${formatMs(result.inpMs)} (${result.count} interactions over 16 ms; worst: ${result.worst})`,
      met: result.inpMs <= TARGETS.inpMs,
    });

    reportFigures({
      script: "browser",
      title: "The console in a browser: load and interaction",
      command: "npm run bench -- browser",
      about: [
        `A throwaway stack (embedded Postgres, local lab, \`next start\` of the production build) and Debian's Chromium (headless). A game day runs with a network-latency fault live, so the live view gets a metrics frame every second; the list holds ${gameDays.length} game days.`,
        `Load figures are Lighthouse 12.2.3 navigations with the desktop preset (simulated throttling: 40 ms RTT, 10 Mbit/s, no CPU slowdown), the facilitator's session cookie sent as a header, the median of ${LIGHTHOUSE_RUNS} runs per page. JavaScript is the sum of the transfer sizes of every script response (gzip as \`next start\` serves it).`,
        "Interaction latency is read from Chromium's Event Timing API (PerformanceObserver 'event', durationThreshold 16 ms) while Playwright clicks and types at a person's pace: the facilitator switches tabs, chart windows and timeline filters and types a timeline entry; a trainee types in the incident log and uses its one-key shortcuts. INP is the worst interaction.",
      ].join("\n\n"),
      figures: [...loadFigures("Game-day list", list), ...loadFigures("Live view (facilitator, fault running)", liveView), inpFigure("Live view, facilitator", facilitatorInp), inpFigure("Live view, trainee", traineeInp)],
      notes: NOTES,
    });
  } finally {
    if (runId && facilitatorSession) await facilitatorSession.call(`/api/runs/${runId}/stop`, z.unknown(), { body: { reason: "benchmark over" } }).catch(() => undefined);
    await browser.close();
    await stack.stop();
  }
}

main()
  .then(() => process.exit(0))
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  });
