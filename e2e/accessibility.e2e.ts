import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { createGameDay, launchFault, personPage, seriousViolations, signIn, snap, startGameDay, stopRun, waitForInjection, waitForLiveCharts } from "./helpers";

/**
 * Every page of the console (app/**\/page.tsx), as each role that sees it, scanned by axe in
 * a real Chromium: no finding of impact serious or critical. The live pages are scanned while
 * a fault runs and frames arrive, with their dialogs open; the scoring, report and team pages
 * on a game day that has been played, scored and revealed. Each page's findings are written to
 * test-results/axe/<page>.json and a screenshot to test-results/screenshots/a11y-<page>.png.
 */

let runningId = "";
let playedId = "";
let playedTeamId = "";
let liveRunId = "";

async function scan(page: Page, name: string): Promise<void> {
  const found = await seriousViolations(page);
  const directory = path.join(test.info().project.outputDir, "axe");
  mkdirSync(directory, { recursive: true });
  writeFileSync(path.join(directory, `${name}.json`), JSON.stringify(found, null, 2));
  await snap(page, "a11y", name);
  const summary = found.map((finding) => `${finding.rule} (${finding.impact}) ×${finding.nodes.length}: ${finding.nodes.slice(0, 3).join(" | ")}`).join("\n");
  expect.soft(found, `${name} has serious or critical axe findings:\n${summary}`).toEqual([]);
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(180_000);
  const { context, page } = await personPage(browser, "facilitator@gameday.local");
  // A game day being played: a fault live for the whole suite, a trainee in Blue, an observer.
  runningId = await createGameDay(page.request, {
    title: "a11y live drill",
    teams: ["Blue"],
    participants: [
      { email: "trainee.blue@gameday.local", role: "trainee", team: "Blue" },
      { email: "observer@gameday.local", role: "observer" },
    ],
  });
  await startGameDay(page.request, runningId);
  liveRunId = await launchFault(page.request, runningId, "network-latency", 600);
  await waitForInjection(page.request, runningId, liveRunId);

  // A game day already played: one scored run, ended, scores revealed.
  playedId = await createGameDay(page.request, { title: "a11y played drill", teams: ["Red"], participants: [{ email: "trainee.red@gameday.local", role: "trainee", team: "Red" }] });
  await startGameDay(page.request, playedId);
  const runId = await launchFault(page.request, playedId, "waf-misblock", 60);
  await waitForInjection(page.request, playedId, runId);
  const trainee = await personPage(browser, "trainee.red@gameday.local");
  for (const [kind, body] of [
    ["detected", "403s on /api/orders at the load balancer"],
    ["hypothesis", "a WAF rule blocks the path"],
    ["mitigated", "rule removed"],
  ] as const) {
    expect((await trainee.page.request.post(`/api/gamedays/${playedId}/timeline`, { data: { kind, body } })).status()).toBe(201);
  }
  await trainee.context.close();
  await stopRun(page.request, runId, "a11y: drill over");
  expect((await page.request.post(`/api/gamedays/${playedId}/end`)).status()).toBe(200);
  expect((await page.request.post(`/api/gamedays/${playedId}/scores/reveal`)).status()).toBeLessThan(300);
  const played = (await (await page.request.get(`/api/gamedays/${playedId}`)).json()) as { gameDay: { teams: { id: string }[] } };
  playedTeamId = played.gameDay.teams[0]?.id ?? "";
  expect(playedTeamId).not.toBe("");
  await context.close();
});

test.afterAll(async ({ browser }) => {
  if (!liveRunId) return;
  const { context, page } = await personPage(browser, "facilitator@gameday.local");
  await stopRun(page.request, liveRunId, "a11y: suite over");
  await context.close();
});

test("the sign-in page, and its refusal", async ({ page }) => {
  await page.goto("/signin");
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  await scan(page, "signin");
  await page.getByLabel("Email").fill("facilitator@gameday.local");
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Email or password is wrong." })).toBeVisible();
  await scan(page, "signin-refused");
});

test("the facilitator's pages, with a fault running", async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, "facilitator@gameday.local");
  await scan(page, "gamedays-facilitator");

  await page.goto(`/gamedays/${runningId}`);
  await waitForLiveCharts(page);
  await expect(page.getByTestId("run-card").first()).toHaveAttribute("data-status", "active", { timeout: 30_000 });
  await scan(page, "gameday-live-facilitator");

  await page.getByTestId("launch-other").click();
  await expect(page.getByTestId("launch-dialog")).toBeVisible();
  await scan(page, "gameday-launch-dialog");
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("launch-dialog")).toBeHidden();

  await page.getByTestId("halt-all").click();
  await expect(page.getByTestId("halt-dialog")).toBeVisible();
  await scan(page, "gameday-halt-dialog");
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("halt-dialog")).toBeHidden();

  await page.getByRole("tab", { name: "Plan and people" }).click();
  await expect(page.getByTestId("planned-panel")).toBeVisible();
  await scan(page, "gameday-plan-facilitator");

  await page.goto(`/gamedays/${playedId}/scoring`);
  await expect(page.getByRole("heading", { name: /Scoring: a11y played drill/ })).toBeVisible();
  await scan(page, "scoring");

  await page.goto(`/gamedays/${playedId}/report`);
  await expect(page.getByRole("heading", { name: /Report: a11y played drill/ })).toBeVisible();
  await scan(page, "report-facilitator");

  await page.goto(`/teams/${playedTeamId}`);
  await expect(page.getByRole("heading", { name: /Team Red: history/ })).toBeVisible();
  await scan(page, "team-history");

  await page.goto(`/gamedays/${playedId}`);
  await expect(page.getByTestId("gameday-status")).toHaveText("ended");
  await scan(page, "gameday-ended-facilitator");

  await page.goto("/join");
  await scan(page, "join-facilitator");
  await page.goto("/settings/tokens");
  await expect(page.getByRole("heading", { name: "API tokens" })).toBeVisible();
  await scan(page, "tokens");
});

test("the trainee's pages: the responder console while the fault runs, revealed scores, the report", async ({ page }) => {
  await signIn(page, "trainee.blue@gameday.local");
  await scan(page, "gamedays-trainee");
  await page.goto(`/gamedays/${runningId}`);
  await expect(page.getByTestId("responder-console")).toBeVisible();
  await waitForLiveCharts(page);
  await scan(page, "gameday-trainee");
  await page.goto("/join");
  await expect(page.getByLabel("Join code")).toBeVisible();
  await scan(page, "join-trainee");

  await page.context().clearCookies();
  await signIn(page, "trainee.red@gameday.local");
  await page.goto(`/gamedays/${playedId}`);
  await expect(page.getByTestId("revealed-scores")).toBeVisible();
  await scan(page, "gameday-revealed-trainee");
  await page.goto(`/gamedays/${playedId}/report`);
  await expect(page.getByRole("heading", { name: /Report: a11y played drill/ })).toBeVisible();
  await scan(page, "report-trainee");
});

test("the observer's view of the live game day", async ({ page }) => {
  await signIn(page, "observer@gameday.local");
  await page.goto(`/gamedays/${runningId}`);
  await expect(page.getByTestId("responder-console")).toBeVisible();
  await waitForLiveCharts(page);
  await scan(page, "gameday-observer");
});

test("the admin's pages", async ({ page }) => {
  await signIn(page, "admin@gameday.local");
  await scan(page, "gamedays-admin");
  await page.goto("/admin/users");
  await expect(page.getByRole("heading", { name: "Users", level: 1 })).toBeVisible();
  await scan(page, "admin-users");
  await page.goto("/admin/audit");
  await expect(page.getByRole("heading", { name: "Audit log", level: 1 })).toBeVisible();
  await scan(page, "admin-audit");
});
