import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./credentials";

/**
 * The facilitator's whole loop on the real stack: a real local lab (target-service
 * processes behind its load balancer), the real live stream, real Postgres. Launch task
 * termination, watch the healthy-host count drop and recover on the chart, read the
 * events on the timeline, then HALT ALL and see launches refused.
 */

/** Records every value the healthy-host legend shows, so a dip of a few seconds cannot slip between two polls. */
async function recordHealthyHosts(page: Page): Promise<void> {
  await page.evaluate(() => {
    const element = document.querySelector('[data-testid="latest-healthyHosts"]');
    if (!element) throw new Error("no healthy-host legend");
    const seen: number[] = [];
    (window as unknown as { healthySeen: number[] }).healthySeen = seen;
    const read = () => {
      const value = Number(element.getAttribute("data-value"));
      if (element.getAttribute("data-value") !== "" && Number.isFinite(value)) seen.push(value);
    };
    read();
    new MutationObserver(read).observe(element, { attributes: true, attributeFilter: ["data-value"] });
  });
}

async function healthySeen(page: Page): Promise<number[]> {
  return page.evaluate(() => (window as unknown as { healthySeen: number[] }).healthySeen);
}

function timelineEntry(page: Page, kind: string) {
  return page.getByTestId("timeline-entry").and(page.locator(`[data-kind="${kind}"]`));
}

test("the facilitator launches task termination, watches it live, and HALT ALL stops everything", async ({ page }) => {
  test.setTimeout(240_000);
  await signIn(page, "facilitator@gameday.local");
  await page.getByRole("link", { name: /Demo game day/ }).click();
  await expect(page.getByTestId("gameday-status")).toHaveText("draft");

  // Plan: the demo's planned scenarios are listed with their blast radius.
  await expect(page.getByTestId("planned-row").filter({ hasText: "Task termination" })).toContainText("50 % of the running api tasks");

  await page.getByTestId("start-gameday").click();
  await expect(page.getByTestId("gameday-status")).toHaveText("running");
  await page.getByRole("tab", { name: "Live" }).click();

  // The stream is open, the lab reachable, and the healthy-host chart has data.
  await expect(page.getByTestId("stream-status")).toHaveAttribute("data-state", "open", { timeout: 30_000 });
  await expect(page.getByTestId("lab-status")).toHaveAttribute("data-reachable", "true", { timeout: 30_000 });
  const legend = page.getByTestId("latest-healthyHosts");
  await expect(legend).not.toHaveAttribute("data-value", "", { timeout: 30_000 });
  // Wait for a settled fleet before measuring the baseline.
  await expect.poll(async () => Number(await legend.getAttribute("data-value")), { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
  const baseline = Number(await legend.getAttribute("data-value"));
  await recordHealthyHosts(page);

  // Launch: the dialog states the blast radius and refuses to launch until it is confirmed.
  await page.getByTestId("launch-ecs-task-termination").first().click();
  const dialog = page.getByTestId("launch-dialog");
  await expect(dialog.getByTestId("blast-radius")).toContainText("50 % of the running api tasks are killed");
  await dialog.getByLabel("duration (s)").fill("30");
  await expect(dialog.getByTestId("launch-submit")).toBeDisabled();
  await dialog.getByTestId("confirm-blast-radius").check();
  const launchRequest = page.waitForRequest((request) => request.method() === "POST" && request.url().endsWith("/runs"));
  await dialog.getByTestId("launch-submit").click();
  const launchBody: unknown = (await launchRequest).postDataJSON();

  const card = page.getByTestId("run-card").filter({ hasText: "Task termination" }).first();
  await expect(card).toHaveAttribute("data-status", /^(initiating|injecting|active)$/, { timeout: 15_000 });
  await expect(card.getByTestId("lease-countdown")).toContainText(/left|lease over/);
  const runId = await card.getAttribute("data-run-id");

  // A retry of the same launch (same idempotency key) returns the same run: no second fault.
  const replay = await page.request.post(page.url().replace(/\/gamedays\/([^/?#]+).*/, "/api/gamedays/$1/runs"), { data: launchBody });
  expect(replay.status()).toBe(200);
  const replayed = (await replay.json()) as { run: { id: string }; created: boolean };
  expect(replayed).toMatchObject({ created: false, run: { id: runId } });
  await expect(page.getByTestId("live-run-count")).toHaveText("1 live");

  // Watch: healthy hosts drop below the baseline, then recover.
  await expect.poll(async () => Math.min(...(await healthySeen(page))), { timeout: 60_000 }).toBeLessThan(baseline);
  await expect.poll(async () => (await healthySeen(page)).at(-1), { timeout: 90_000 }).toBeGreaterThanOrEqual(baseline);
  await page.screenshot({ path: test.info().outputPath("live-after-fault.png"), fullPage: true });

  // Timeline: the launch, the injection, the task the fault killed and its replacement.
  await expect(timelineEntry(page, "run.launched").first()).toContainText("launched Task termination");
  await expect(timelineEntry(page, "fault.injected").first()).toBeVisible({ timeout: 30_000 });
  await expect(timelineEntry(page, "task.stopped").first()).toContainText("stopped", { timeout: 30_000 });
  await expect(timelineEntry(page, "task.started").first()).toBeVisible({ timeout: 30_000 });
  // The 30 s lease ends and the lab reverts the fault.
  await expect(timelineEntry(page, "fault.reverted").first()).toBeVisible({ timeout: 90_000 });
  await expect(card).toHaveAttribute("data-status", "ended", { timeout: 30_000 });

  // HALT ALL: recorded with who and why, and launches are refused until it is lifted.
  await page.getByTestId("halt-all").click();
  await page.getByTestId("halt-dialog").getByLabel("Reason").fill("e2e: customer traffic at risk");
  await page.getByTestId("halt-confirm").click();
  await expect(page.getByTestId("halt-banner")).toContainText("e2e: customer traffic at risk");
  await expect(page.getByTestId("halted-badge")).toBeVisible();
  await expect(timelineEntry(page, "halt.engaged").first()).toContainText("HALT ALL by Fran Facilitator: e2e: customer traffic at risk");
  await expect(page.getByTestId("launch-ecs-task-termination").first()).toBeDisabled();
  await expect(page.getByTestId("launch-blocked")).toContainText("HALT ALL is engaged");
  await page.screenshot({ path: test.info().outputPath("halted.png") });

  const refused = await page.request.post(page.url().replace(/\/gamedays\/([^/?#]+).*/, "/api/gamedays/$1/runs"), {
    data: { scenarioId: "ecs-task-termination", params: {}, durationSeconds: 30, idempotencyKey: `e2e-after-halt-${Date.now()}`, confirmBlastRadius: true },
  });
  expect(refused.status()).toBe(409);
  expect(((await refused.json()) as { error: { message: string } }).error.message).toContain("HALT ALL is engaged");

  // Lifting the halt is recorded too, and launching is possible again.
  await page.getByTestId("lift-halt").click();
  await page.getByTestId("lift-dialog").getByLabel("Reason").fill("e2e: done");
  await page.getByTestId("lift-confirm").click();
  await expect(page.getByTestId("halt-banner")).toHaveCount(0);
  await expect(timelineEntry(page, "halt.lifted").first()).toContainText("e2e: done");
  await expect(page.getByTestId("launch-ecs-task-termination").first()).toBeEnabled();
});

test("a trainee writes a detection and corrects it; the original stays, superseded", async ({ page }) => {
  await signIn(page, "trainee.blue@gameday.local");
  await page.getByRole("link", { name: /Demo game day/ }).click();
  await expect(page.getByTestId("responder-console")).toBeVisible();
  // Trainees get no run controls and no HALT ALL.
  await expect(page.getByTestId("halt-all")).toHaveCount(0);
  await expect(page.getByTestId("launch-other")).toHaveCount(0);

  await page.getByLabel("What you see, think or did (optional)").fill("e2e: healthy hosts dropped to 1");
  await page.getByTestId("log-detected").click();
  const log = page.getByTestId("evidence-list");
  const original = log.locator("li").filter({ hasText: "e2e: healthy hosts dropped to 1" }).first();
  await expect(original).toBeVisible();

  await original.getByRole("button", { name: "Correct" }).click();
  await page.getByLabel("What you see, think or did (optional)").fill("e2e: healthy hosts dropped to 1 of 2 (one api task killed)");
  await page.getByTestId("log-detected").click();
  await expect(log.locator("li").filter({ hasText: "one api task killed" }).first()).toBeVisible();
  await expect(log.locator("li.superseded").filter({ hasText: "e2e: healthy hosts dropped to 1" })).toHaveCount(1);
  await page.screenshot({ path: test.info().outputPath("trainee-correction.png") });
});

test("in a blind game day the trainee responds from the signals alone while the facilitator watches each entry arrive", async ({ browser }) => {
  const facilitatorContext = await browser.newContext();
  const traineeContext = await browser.newContext();
  const facilitator = await facilitatorContext.newPage();
  const trainee = await traineeContext.newPage();
  await signIn(facilitator, "facilitator@gameday.local");
  await signIn(trainee, "trainee.blue@gameday.local");

  // A blind game day with the trainee in team Blue, planned and started through the API the console uses.
  const created = await facilitator.request.post("/api/gamedays", { data: { title: "e2e blind response", environment: "local", blindMode: true, labPace: "fast", teams: ["Blue"] } });
  expect(created.status()).toBe(201);
  const gameDayId = ((await created.json()) as { gameDay: { id: string } }).gameDay.id;
  expect((await facilitator.request.post(`/api/gamedays/${gameDayId}/participants`, { data: { email: "trainee.blue@gameday.local", role: "trainee", team: "Blue" } })).status()).toBe(201);
  expect((await facilitator.request.post(`/api/gamedays/${gameDayId}/start`)).status()).toBe(200);

  await facilitator.goto(`/gamedays/${gameDayId}`);
  await trainee.goto(`/gamedays/${gameDayId}`);
  await expect(trainee.getByTestId("responder-console")).toBeVisible();

  const launched = await facilitator.request.post(`/api/gamedays/${gameDayId}/runs`, {
    data: { scenarioId: "health-check-failure", durationSeconds: 60, idempotencyKey: `e2e-blind-${Date.now()}`, confirmBlastRadius: true },
  });
  expect(launched.status()).toBe(201);
  const runId = ((await launched.json()) as { run: { id: string } }).run.id;
  await expect(timelineEntry(facilitator, "fault.injected").first()).toBeVisible({ timeout: 30_000 });

  // The trainee learns of the fault only from the target: no run, no launch, no injection.
  await trainee.waitForTimeout(2000);
  expect(await trainee.getByTestId("run-card").count()).toBe(0);
  const traineeRuns = (await (await trainee.request.get(`/api/gamedays/${gameDayId}/runs`)).json()) as { runs: unknown[] };
  expect(traineeRuns.runs).toEqual([]);
  const traineeTimeline = JSON.stringify(await (await trainee.request.get(`/api/gamedays/${gameDayId}/timeline`)).json());
  expect(traineeTimeline).not.toContain("health-check-failure");
  expect(traineeTimeline).not.toContain("run.launched");
  expect(traineeTimeline).not.toContain("fault.injected");

  await trainee.getByLabel("What you see, think or did (optional)").fill("e2e: unhealthy targets on api");
  await trainee.getByTestId("log-detected").click();
  // The log clears its text box once an entry is saved: wait for that before typing the next one.
  await expect(trainee.getByLabel("What you see, think or did (optional)")).toHaveValue("");
  await trainee.getByLabel("What you see, think or did (optional)").fill("e2e: the health endpoint fails");
  await trainee.getByTestId("log-hypothesis").click();
  await trainee.getByLabel("Which runbook fits what you see?").selectOption("health-check-failure");
  const firstStep = trainee.locator('[data-testid^="step-"]').first();
  // The box reflects the recorded step, so it turns checked once the server has the entry.
  await firstStep.getByRole("checkbox").click();
  await expect(firstStep).toHaveAttribute("data-status", "done");
  await trainee.getByTestId("remediation-apply").click();

  // The facilitator sees each of the trainee's entries arrive, live.
  for (const text of ["e2e: unhealthy targets on api", "e2e: the health endpoint fails"]) {
    await expect(facilitator.getByTestId("timeline-entry").filter({ hasText: text }).first()).toBeVisible();
  }
  await expect(timelineEntry(facilitator, "runbook.chosen").first()).toBeVisible();
  await expect(timelineEntry(facilitator, "runbook.step").first()).toBeVisible();
  await expect(timelineEntry(facilitator, "remediation").first()).toBeVisible();
  await trainee.screenshot({ path: test.info().outputPath("trainee-blind.png") });
  await facilitator.screenshot({ path: test.info().outputPath("facilitator-sees-trainee.png") });

  expect((await facilitator.request.post(`/api/runs/${runId}/stop`, { data: { reason: "e2e: done" } })).status()).toBe(200);
  await facilitatorContext.close();
  await traineeContext.close();
});
