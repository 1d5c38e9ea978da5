import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { signIn } from "./credentials";

/**
 * A short game day played on the real local lab, scored and reported: the facilitator
 * launches a fault, the trainee logs what they see, the game day ends, the scores are
 * revealed, and the report downloads from its page in all three formats.
 */
test("a short game day ends in a report the facilitator downloads as PDF, Markdown and JSON", async ({ browser }) => {
  const facilitatorContext = await browser.newContext({ acceptDownloads: true });
  const traineeContext = await browser.newContext({ acceptDownloads: true });
  const facilitator = await facilitatorContext.newPage();
  const trainee = await traineeContext.newPage();
  await signIn(facilitator, "facilitator@gameday.local");
  await signIn(trainee, "trainee.red@gameday.local");

  const created = await facilitator.request.post("/api/gamedays", { data: { title: "e2e report drill", environment: "local", labPace: "fast", teams: ["Red"] } });
  expect(created.status()).toBe(201);
  const gameDayId = ((await created.json()) as { gameDay: { id: string } }).gameDay.id;
  expect((await facilitator.request.post(`/api/gamedays/${gameDayId}/participants`, { data: { email: "trainee.red@gameday.local", role: "trainee", team: "Red" } })).status()).toBe(201);
  expect((await facilitator.request.post(`/api/gamedays/${gameDayId}/start`)).status()).toBe(200);
  const launched = await facilitator.request.post(`/api/gamedays/${gameDayId}/runs`, {
    data: { scenarioId: "waf-misblock", durationSeconds: 60, idempotencyKey: `e2e-report-${Date.now()}`, confirmBlastRadius: true },
  });
  expect(launched.status()).toBe(201);
  const runId = ((await launched.json()) as { run: { id: string } }).run.id;

  await trainee.goto(`/gamedays/${gameDayId}`);
  await trainee.getByLabel("What you see, think or did (optional)").fill("e2e: 403s at the load balancer on a path");
  await trainee.getByTestId("log-detected").click();
  await expect(trainee.getByTestId("evidence-list")).toContainText("e2e: 403s at the load balancer");

  expect((await facilitator.request.post(`/api/runs/${runId}/stop`, { data: { reason: "e2e: drill over" } })).status()).toBe(200);
  expect((await facilitator.request.post(`/api/gamedays/${gameDayId}/end`)).status()).toBe(200);
  expect((await facilitator.request.post(`/api/gamedays/${gameDayId}/scores/reveal`)).status()).toBeLessThan(300);

  // The trainee sees the revealed scores and the way to the report.
  await trainee.reload();
  await expect(trainee.getByTestId("revealed-scores")).toBeVisible();
  await expect(trainee.getByTestId("report-link")).toBeVisible();

  await facilitator.goto(`/gamedays/${gameDayId}`);
  await facilitator.getByTestId("report-link").click();
  await expect(facilitator.getByRole("heading", { name: /Report: e2e report drill/ })).toBeVisible();

  const downloads: Record<string, string> = {};
  for (const [name, label] of [
    ["pdf", "Download PDF"],
    ["md", "Markdown"],
    ["json", "JSON"],
  ] as const) {
    const [download] = await Promise.all([facilitator.waitForEvent("download"), facilitator.getByRole("link", { name: label, exact: true }).click()]);
    const file = test.info().outputPath(download.suggestedFilename());
    await download.saveAs(file);
    downloads[name] = file;
    expect(download.suggestedFilename()).toMatch(new RegExp(`report.*\\.${name}$`));
  }
  expect(readFileSync(downloads.pdf ?? "").subarray(0, 5).toString()).toBe("%PDF-");
  const markdown = readFileSync(downloads.md ?? "", "utf8");
  expect(markdown).toContain("e2e report drill");
  expect(markdown).toContain("WAF misblock");
  const json = JSON.parse(readFileSync(downloads.json ?? "", "utf8")) as { schemaVersion: number; runs: unknown[] };
  expect(json.schemaVersion).toBe(1);
  expect(json.runs).toHaveLength(1);
  await facilitator.screenshot({ path: test.info().outputPath("report-page.png"), fullPage: false });
  await facilitatorContext.close();
  await traineeContext.close();
});
