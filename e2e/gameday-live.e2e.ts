import { expect, test, type Page } from "@playwright/test";
import { createGameDay, launchFault, personPage, signIn, snap, startGameDay, stopRun, timelineEntry, waitForInjection, waitForLiveCharts } from "./helpers";

/**
 * The facilitator's whole loop on the real stack: a real local lab (target-service
 * processes behind its load balancer), the real live stream, real Postgres. Plan a game day
 * in the console, launch task termination, watch the healthy-host count drop and recover on
 * the chart while the fleet and the timeline follow, then launch network latency, see its
 * alarm fire, and HALT ALL: the fault ends, the timeline says so, launches are refused.
 */

/** Records every value a chart legend shows, so a dip of a few seconds cannot slip between two polls. */
async function recordLegend(page: Page, key: string): Promise<void> {
  await page.evaluate((legendKey) => {
    const element = document.querySelector(`[data-testid="latest-${legendKey}"]`);
    if (!element) throw new Error(`no ${legendKey} legend`);
    const seen: number[] = [];
    const store = window as unknown as { legendSeen?: Record<string, number[]> };
    store.legendSeen = { ...store.legendSeen, [legendKey]: seen };
    const read = () => {
      const value = Number(element.getAttribute("data-value"));
      if (element.getAttribute("data-value") !== "" && Number.isFinite(value)) seen.push(value);
    };
    read();
    new MutationObserver(read).observe(element, { attributes: true, attributeFilter: ["data-value"] });
  }, key);
}

async function legendSeen(page: Page, key: string): Promise<number[]> {
  return page.evaluate((legendKey) => (window as unknown as { legendSeen?: Record<string, number[]> }).legendSeen?.[legendKey] ?? [], key);
}

test("the facilitator plans a game day, launches task termination and watches it live, then HALT ALL ends a running fault", async ({ page }) => {
  test.setTimeout(300_000);
  const flow = "facilitator";
  const title = `e2e planned drill ${Date.now()}`;
  await signIn(page, "facilitator@gameday.local");

  // Plan: create the game day with its teams, invite a trainee, choose scenarios, pick the fast pace.
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Goal and steady state").fill("Lose half the api tasks and keep serving.");
  await page.getByLabel("Teams (comma-separated)").fill("Blue, Red");
  await snap(page, flow, "01-create-form");
  await page.getByRole("button", { name: "Create game day" }).click();
  await expect(page.getByRole("heading", { name: title })).toBeVisible();
  await expect(page.getByTestId("gameday-status")).toHaveText("draft");
  await expect(page.getByRole("tab", { name: "Plan and people" })).toHaveAttribute("aria-selected", "true");

  await page.getByLabel("New team").fill("Green");
  await page.getByRole("button", { name: "Add team" }).click();
  await expect(page.getByText("Blue, Green, Red")).toBeVisible();
  await page.locator("#invite-email").fill("trainee.blue@gameday.local");
  await page.locator("#invite-team").selectOption("Blue");
  await page.getByRole("button", { name: "Invite" }).click();
  await expect(page.getByRole("status").filter({ hasText: "trainee.blue@gameday.local invited as trainee." })).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: "Tom Trainee" })).toContainText("Blue");

  for (const [scenarioId, label] of [
    ["ecs-task-termination", "Task termination"],
    ["network-latency", "Network latency"],
  ] as const) {
    await page.getByTestId(`plan-${scenarioId}`).click();
    const planDialog = page.getByRole("dialog", { name: `Plan ${label}` });
    await planDialog.getByRole("button", { name: "Add to plan", exact: true }).click();
    await expect(planDialog).toBeHidden();
  }
  await expect(page.getByTestId("planned-row").filter({ hasText: "Task termination" })).toContainText("50 % of the running api tasks");
  await expect(page.getByTestId("planned-row").filter({ hasText: "Network latency" })).toBeVisible();
  await page.getByRole("radio", { name: /^Fast/ }).check();
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  await page.getByTestId("run-preflight").click();
  await expect(page.getByTestId("preflight-check").first()).toBeVisible({ timeout: 30_000 });
  await snap(page, flow, "02-planned");

  await page.getByTestId("start-gameday").click();
  await expect(page.getByTestId("gameday-status")).toHaveText("running");
  await page.getByRole("tab", { name: "Live" }).click();

  // The stream is open, the lab reachable, and the healthy-host chart has data.
  await expect(page.getByTestId("lab-status")).toHaveAttribute("data-reachable", "true", { timeout: 30_000 });
  await waitForLiveCharts(page);
  const legend = page.getByTestId("latest-healthyHosts");
  // Wait for a settled fleet before measuring the baseline.
  await expect.poll(async () => Number(await legend.getAttribute("data-value")), { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
  const baseline = Number(await legend.getAttribute("data-value"));
  await recordLegend(page, "healthyHosts");
  await snap(page, flow, "03-live-steady");
  // Before the page scrolls, the timeline's entry box and its button are whole on screen.
  await page.evaluate(() => window.scrollTo(0, 0));
  const entryForm = page.getByRole("form", { name: "New timeline entry" });
  await expect(entryForm.getByLabel("Entry", { exact: true })).toBeInViewport({ ratio: 1 });
  await expect(entryForm.getByTestId("entry-submit")).toBeInViewport({ ratio: 1 });

  // Launch: the dialog states the blast radius and refuses to launch until it is confirmed.
  await page.getByTestId("launch-ecs-task-termination").first().click();
  const dialog = page.getByTestId("launch-dialog");
  await expect(dialog.getByTestId("blast-radius")).toContainText("50 % of the running api tasks are killed");
  await dialog.getByLabel("duration (s)").fill("30");
  await expect(dialog.getByTestId("launch-submit")).toBeDisabled();
  await dialog.getByTestId("confirm-blast-radius").check();
  await snap(page, flow, "04-launch-dialog");
  const launchRequest = page.waitForRequest((request) => request.method() === "POST" && request.url().endsWith("/runs"));
  await dialog.getByTestId("launch-submit").click();
  const launchBody: unknown = (await launchRequest).postDataJSON();

  const card = page.getByTestId("run-card").filter({ hasText: "Task termination" }).first();
  await expect(card).toHaveAttribute("data-status", /^(initiating|injecting|active)$/, { timeout: 15_000 });
  await expect(card.getByTestId("lease-countdown")).toContainText(/left|lease over/);
  const runId = await card.getAttribute("data-run-id");

  // A retry of the same launch (same idempotency key) returns the same run: no second fault.
  const runsUrl = page.url().replace(/\/gamedays\/([^/?#]+).*/, "/api/gamedays/$1/runs");
  const replay = await page.request.post(runsUrl, { data: launchBody });
  expect(replay.status()).toBe(200);
  const replayed = (await replay.json()) as { run: { id: string }; created: boolean };
  expect(replayed).toMatchObject({ created: false, run: { id: runId } });
  await expect(page.getByTestId("live-run-count")).toHaveText("1 live");

  // Watch: healthy hosts drop below the baseline on the chart, the fault is shaded and named,
  // the killed task shows on the timeline, then it all recovers.
  await expect.poll(async () => Math.min(...(await legendSeen(page, "healthyHosts"))), { timeout: 60_000 }).toBeLessThan(baseline);
  await expect(page.getByRole("list", { name: "Faults in this window" })).toContainText("Task termination");
  await expect(timelineEntry(page, "task.stopped").first()).toContainText("stopped", { timeout: 30_000 });
  await expect(page.getByTestId("task-row").and(page.locator('[data-status="STOPPED"]')).first()).toBeAttached({ timeout: 30_000 });
  await snap(page, flow, "05-fault-live");
  await expect.poll(async () => (await legendSeen(page, "healthyHosts")).at(-1), { timeout: 90_000 }).toBeGreaterThanOrEqual(baseline);

  // Timeline: the launch, the injection, the task the fault killed and its replacement.
  await expect(timelineEntry(page, "run.launched").first()).toContainText("launched Task termination");
  await expect(timelineEntry(page, "fault.injected").first()).toBeVisible({ timeout: 30_000 });
  await expect(timelineEntry(page, "task.started").first()).toBeVisible({ timeout: 30_000 });
  // The 30 s lease ends and the lab reverts the fault.
  await expect(timelineEntry(page, "fault.reverted").first()).toBeVisible({ timeout: 90_000 });
  await expect(card).toHaveAttribute("data-status", "ended", { timeout: 30_000 });
  await snap(page, flow, "06-recovered");

  // A second fault with a long lease: latency rises and its alarm fires.
  await page.getByTestId("launch-network-latency").first().click();
  await dialog.getByLabel("duration (s)").fill("600");
  await dialog.getByTestId("confirm-blast-radius").check();
  await dialog.getByTestId("launch-submit").click();
  const latencyCard = page.getByTestId("run-card").filter({ hasText: "Network latency" }).first();
  await expect(latencyCard).toHaveAttribute("data-status", "active", { timeout: 30_000 });
  await expect(page.getByTestId("alarm-row").filter({ hasText: "p95-latency" })).toBeVisible({ timeout: 90_000 });
  await snap(page, flow, "07-latency-alarm");

  // HALT ALL: the running fault ends, recorded with who and why; launches are refused until it is lifted.
  const revertedBefore = await timelineEntry(page, "fault.reverted").count();
  await page.getByTestId("halt-all").click();
  await page.getByTestId("halt-dialog").getByLabel("Reason").fill("e2e: customer traffic at risk");
  await snap(page, flow, "08-halt-dialog");
  await page.getByTestId("halt-confirm").click();
  await expect(page.getByTestId("halt-banner")).toContainText("e2e: customer traffic at risk");
  await expect(page.getByTestId("halted-badge")).toBeVisible();
  await expect(timelineEntry(page, "halt.engaged").first()).toContainText("HALT ALL by Fran Facilitator: e2e: customer traffic at risk");
  await expect(latencyCard).toHaveAttribute("data-status", "ended", { timeout: 30_000 });
  await expect(page.getByTestId("live-run-count")).toHaveText("0 live");
  await expect.poll(() => timelineEntry(page, "fault.reverted").count(), { timeout: 30_000 }).toBeGreaterThan(revertedBefore);
  await expect(page.getByTestId("launch-ecs-task-termination").first()).toBeDisabled();
  await expect(page.getByTestId("launch-blocked")).toContainText("HALT ALL is engaged");
  await snap(page, flow, "09-halted");

  const refused = await page.request.post(runsUrl, {
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
  await snap(page, flow, "10-lifted");
});

test("a trainee works the scenario's runbook and the incident log from the keyboard, and corrects an entry", async ({ browser }) => {
  test.setTimeout(180_000);
  const flow = "trainee";
  const facilitator = await personPage(browser, "facilitator@gameday.local");
  const trainee = await personPage(browser, "trainee.red@gameday.local");
  const gameDayId = await createGameDay(facilitator.page.request, { title: "e2e sighted response", teams: ["Red"], participants: [{ email: "trainee.red@gameday.local", role: "trainee", team: "Red" }] });
  await startGameDay(facilitator.page.request, gameDayId);
  const runId = await launchFault(facilitator.page.request, gameDayId, "waf-misblock", 300);
  await waitForInjection(facilitator.page.request, gameDayId, runId);

  const page = trainee.page;
  await page.goto(`/gamedays/${gameDayId}`);
  await expect(page.getByTestId("responder-console")).toBeVisible();
  // Trainees get no run controls and no HALT ALL.
  await expect(page.getByTestId("halt-all")).toHaveCount(0);
  await expect(page.getByTestId("launch-other")).toHaveCount(0);
  // Not blind: the fault is named on the charts and its runbook is the one offered.
  await waitForLiveCharts(page);
  await expect(page.getByRole("list", { name: "Faults in this window" })).toContainText("WAF misblock");
  await expect(page.getByRole("combobox", { name: "Runbook", exact: true })).toBeVisible();
  await snap(page, flow, "01-console");

  // The runbook: ticking a step records it on the server, and the box reflects the record.
  await page.getByRole("combobox", { name: "Runbook", exact: true }).selectOption("waf-misblock");
  const firstStep = page.locator('[data-testid^="step-"]').first();
  await firstStep.getByRole("checkbox").click();
  await expect(firstStep).toHaveAttribute("data-status", "done");

  // Keyboard: D picks "detected" and puts the cursor in the words; R opens the root-cause fields.
  const words = page.getByLabel("What you see, think or did (optional)");
  await page.locator("body").click({ position: { x: 5, y: 5 } });
  await page.keyboard.press("d");
  await expect(words).toBeFocused();
  await expect(page.getByTestId("log-detected")).toHaveClass(/primary/);
  await page.keyboard.type("e2e: 403s on one api path");
  await page.getByTestId("log-detected").click();
  const log = page.getByTestId("evidence-list");
  const original = log.locator("li").filter({ hasText: "e2e: 403s on one api path" }).first();
  await expect(original).toHaveAttribute("data-kind", "detected");
  await words.blur();
  await page.keyboard.press("r");
  await expect(words).toBeFocused();
  await page.getByLabel("Component").selectOption("waf");
  await page.getByLabel("Failure mode").selectOption("traffic-blocked");
  await words.fill("e2e: a WAF rule blocks the path");
  await snap(page, flow, "02-root-cause-by-key");
  await page.getByTestId("log-root-cause-submit").click();
  await expect(log.locator('li[data-kind="root-cause"]').filter({ hasText: "e2e: a WAF rule blocks the path" })).toBeVisible();

  // A correction is a new entry; the original stays, struck through.
  await original.getByRole("button", { name: "Correct" }).click();
  await words.fill("e2e: 403s on /api/orders only (one path blocked)");
  await page.getByTestId("log-detected").click();
  await expect(log.locator("li").filter({ hasText: "one path blocked" }).first()).toBeVisible();
  await expect(log.locator("li.superseded").filter({ hasText: "e2e: 403s on one api path" })).toHaveCount(1);
  await snap(page, flow, "03-corrected");

  // The facilitator sees the trainee's entries on the timeline.
  await facilitator.page.goto(`/gamedays/${gameDayId}`);
  await expect(facilitator.page.getByTestId("timeline-entry").filter({ hasText: "e2e: a WAF rule blocks the path" }).first()).toBeVisible();
  await stopRun(facilitator.page.request, runId, "e2e: done");
  await facilitator.context.close();
  await trainee.context.close();
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
  // The charts are live, yet carry no fault window, name or run.
  await waitForLiveCharts(trainee);
  await expect(trainee.getByTestId("chart-hosts")).toBeVisible();
  await expect(trainee.getByRole("list", { name: "Faults in this window" })).toHaveCount(0);
  await expect(trainee.locator(".plot-fault")).toHaveCount(0);
  await expect(trainee.getByTestId("run-card")).toHaveCount(0);
  await expect(trainee.getByText("fault in effect")).toHaveCount(0);
  await expect(trainee.getByLabel("Which runbook fits what you see?")).toHaveValue("");
  await snap(trainee, "blind", "01-trainee-signals-only");
  const traineeRuns = (await (await trainee.request.get(`/api/gamedays/${gameDayId}/runs`)).json()) as { runs: unknown[] };
  expect(traineeRuns.runs).toEqual([]);
  const traineeTimeline = JSON.stringify(await (await trainee.request.get(`/api/gamedays/${gameDayId}/timeline`)).json());
  expect(traineeTimeline).not.toContain("health-check-failure");
  expect(traineeTimeline).not.toContain("run.launched");
  expect(traineeTimeline).not.toContain("fault.injected");

  await trainee.getByLabel("What you see, think or did (optional)").fill("e2e: unhealthy targets on api");
  await trainee.getByTestId("log-detected").click();
  // The log clears its words once the server has the entry: wait for it before typing the next.
  await expect(trainee.getByTestId("evidence-list")).toContainText("e2e: unhealthy targets on api");
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
  await snap(trainee, "blind", "02-trainee-responded");
  await snap(facilitator, "blind", "03-facilitator-sees-entries");

  expect((await facilitator.request.post(`/api/runs/${runId}/stop`, { data: { reason: "e2e: done" } })).status()).toBe(200);
  await facilitatorContext.close();
  await traineeContext.close();
});
