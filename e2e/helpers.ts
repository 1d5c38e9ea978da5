import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type APIRequestContext, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { signIn } from "./credentials";

export { credentialFor, signIn } from "./credentials";

/**
 * Steps the browser tests share: screenshots kept as artefacts, game days set up through the
 * API the console itself calls, the timeline's entries by kind, and the axe scan.
 */

/** Where every flow's step screenshots go: test-results/screenshots/<flow>-<step>.png. */
export function screenshotPath(flow: string, step: string): string {
  return path.join(test.info().project.outputDir, "screenshots", `${flow}-${step}.png`);
}

/** A full-page screenshot of this step, kept whether the test passes or fails. */
export async function snap(page: Page, flow: string, step: string): Promise<void> {
  await page.screenshot({ path: screenshotPath(flow, step), fullPage: true, animations: "disabled" });
}

/** A signed-in page in a context of its own, so two people can act side by side. */
export async function personPage(browser: Browser, email: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await signIn(page, email);
  return { context, page };
}

/** The timeline's entries of one kind, newest first. */
export function timelineEntry(page: Page, kind: string) {
  return page.getByTestId("timeline-entry").and(page.locator(`[data-kind="${kind}"]`));
}

export interface PlannedGameDay {
  title: string;
  blindMode?: boolean;
  teams: string[];
  participants: { email: string; role: "trainee" | "observer"; team?: string }[];
}

/** Creates a local, fast-paced game day with its people, as the facilitator (the request carries their session). */
export async function createGameDay(request: APIRequestContext, plan: PlannedGameDay): Promise<string> {
  const created = await request.post("/api/gamedays", { data: { title: plan.title, environment: "local", blindMode: plan.blindMode ?? false, labPace: "fast", teams: plan.teams } });
  expect(created.status()).toBe(201);
  const gameDayId = ((await created.json()) as { gameDay: { id: string } }).gameDay.id;
  for (const participant of plan.participants) {
    const added = await request.post(`/api/gamedays/${gameDayId}/participants`, { data: participant });
    expect(added.status()).toBe(201);
  }
  return gameDayId;
}

export async function startGameDay(request: APIRequestContext, gameDayId: string): Promise<void> {
  expect((await request.post(`/api/gamedays/${gameDayId}/start`)).status()).toBe(200);
}

/** Launches a fault through the API with a fresh idempotency key; returns the run's id. */
export async function launchFault(request: APIRequestContext, gameDayId: string, scenarioId: string, durationSeconds: number): Promise<string> {
  const launched = await request.post(`/api/gamedays/${gameDayId}/runs`, {
    data: { scenarioId, durationSeconds, idempotencyKey: `e2e-${scenarioId}-${Date.now()}-${Math.floor(Math.random() * 1e6)}`, confirmBlastRadius: true },
  });
  expect(launched.status(), await launched.text()).toBe(201);
  return ((await launched.json()) as { run: { id: string } }).run.id;
}

export async function stopRun(request: APIRequestContext, runId: string, reason: string): Promise<void> {
  expect((await request.post(`/api/runs/${runId}/stop`, { data: { reason } })).status()).toBe(200);
}

/** Waits until the lab reports the run's fault injected. */
export async function waitForInjection(request: APIRequestContext, gameDayId: string, runId: string): Promise<void> {
  await expect
    .poll(
      async () => {
        const { runs } = (await (await request.get(`/api/gamedays/${gameDayId}/runs`)).json()) as { runs: { id: string; injectedAt: string | null }[] };
        return runs.find((run) => run.id === runId)?.injectedAt ?? null;
      },
      { timeout: 30_000 },
    )
    .not.toBeNull();
}

/** Waits until the live view shows a connected stream with data on the charts. */
export async function waitForLiveCharts(page: Page): Promise<void> {
  await expect(page.getByTestId("stream-status")).toHaveAttribute("data-state", "open", { timeout: 30_000 });
  await expect(page.getByTestId("latest-healthyHosts")).not.toHaveAttribute("data-value", "", { timeout: 30_000 });
}

/** One axe finding, as kept in the artefacts. */
export interface AxeFinding {
  rule: string;
  impact: string;
  help: string;
  nodes: string[];
}

/** Axe's serious and critical findings on the page as it stands (every rule axe ships, WCAG 2.x A/AA and best practice). */
export async function seriousViolations(page: Page): Promise<AxeFinding[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => ({ rule: violation.id, impact: violation.impact ?? "", help: violation.help, nodes: violation.nodes.map((node) => node.target.join(" ")) }));
}
