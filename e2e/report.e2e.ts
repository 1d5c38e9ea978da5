import { readFileSync, statSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { createGameDay, launchFault, personPage, snap, startGameDay, stopRun, waitForInjection } from "./helpers";

/**
 * A short game day played on the real local lab, scored and reported: the facilitator
 * launches a fault, the trainee logs what they see, the game day ends, the facilitator
 * confirms a rating with a reason and reveals the scores, the trainee sees them, and the
 * report downloads from its page as PDF, Markdown and JSON.
 */
test("a played game day is scored, revealed, and reported as PDF, Markdown and JSON", async ({ browser }) => {
  test.setTimeout(180_000);
  const flow = "scoring";
  const facilitator = await personPage(browser, "facilitator@gameday.local");
  const trainee = await personPage(browser, "trainee.red@gameday.local");
  const gameDayId = await createGameDay(facilitator.page.request, { title: "e2e report drill", teams: ["Red"], participants: [{ email: "trainee.red@gameday.local", role: "trainee", team: "Red" }] });
  await startGameDay(facilitator.page.request, gameDayId);
  const runId = await launchFault(facilitator.page.request, gameDayId, "waf-misblock", 60);
  await waitForInjection(facilitator.page.request, gameDayId, runId);

  await trainee.page.goto(`/gamedays/${gameDayId}`);
  await trainee.page.getByLabel("What you see, think or did (optional)").fill("e2e: 403s at the load balancer on a path");
  await trainee.page.getByTestId("log-detected").click();
  await expect(trainee.page.getByTestId("evidence-list")).toContainText("e2e: 403s at the load balancer");
  // No report for trainees before the reveal.
  expect((await trainee.page.request.get(`/api/gamedays/${gameDayId}/report?format=json`)).status()).toBe(404);

  await stopRun(facilitator.page.request, runId, "e2e: drill over");
  expect((await facilitator.page.request.post(`/api/gamedays/${gameDayId}/end`)).status()).toBe(200);

  // Scoring: the run's teams side by side, each rating proposed from evidence; the facilitator confirms one with a reason.
  const page = facilitator.page;
  await page.goto(`/gamedays/${gameDayId}`);
  await page.getByTestId("scoring-link").click();
  await expect(page.getByRole("heading", { name: "Scoring: e2e report drill" })).toBeVisible();
  const teams = page.getByRole("table", { name: "Teams side by side" });
  await expect(teams.getByRole("columnheader", { name: "Red" })).toBeVisible();
  await snap(page, flow, "01-proposed");
  // The team logged no root cause, so diagnosis is proposed U; the facilitator confirms it with a reason.
  const diagnosis = teams.getByRole("row").filter({ has: page.getByRole("rowheader", { name: /^Diagnose/ }) }).first();
  await expect(diagnosis).toContainText("No root-cause entry.");
  await diagnosis.getByLabel("Reason").fill("e2e: no root cause was named before the fault ended");
  await diagnosis.getByRole("button", { name: "Confirm" }).click();
  await expect(diagnosis).toContainText("Reason: e2e: no root cause was named before the fault ended");
  await expect(diagnosis).toContainText("confirmed");
  await snap(page, flow, "02-decided");

  // Reveal: the trainee sees the scores and the way to the report.
  await page.getByRole("button", { name: "Reveal scores" }).click();
  await expect(page.getByText(/Scores revealed to trainees and observers at/)).toBeVisible();
  await snap(page, flow, "03-revealed");
  await trainee.page.reload();
  await expect(trainee.page.getByTestId("revealed-scores")).toBeVisible();
  await expect(trainee.page.getByTestId("report-link")).toBeVisible();
  await snap(trainee.page, flow, "04-trainee-sees-scores");

  // Report: the page, then every download, each non-empty and in its format.
  await page.goto(`/gamedays/${gameDayId}`);
  await page.getByTestId("report-link").click();
  await expect(page.getByRole("heading", { name: /Report: e2e report drill/ })).toBeVisible();
  await snap(page, "report", "01-page");
  const downloads: Record<string, string> = {};
  for (const [name, label] of [
    ["pdf", "Download PDF"],
    ["md", "Markdown"],
    ["json", "JSON"],
  ] as const) {
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: label, exact: true }).click()]);
    const file = test.info().outputPath(download.suggestedFilename());
    await download.saveAs(file);
    downloads[name] = file;
    expect(download.suggestedFilename()).toMatch(new RegExp(`report.*\\.${name}$`));
    expect(statSync(file).size).toBeGreaterThan(200);
  }
  const pdf = readFileSync(downloads.pdf ?? "");
  // A PDF file: the header names its version, the file ends with its trailer, and it holds pages.
  expect(pdf.subarray(0, 16).toString("latin1")).toMatch(/^%PDF-1\.[3-7]\n/);
  expect(pdf.subarray(-32).toString("latin1")).toContain("%%EOF");
  expect(pdf.toString("latin1")).toMatch(/\/Type\s*\/Page\b/);
  const markdown = readFileSync(downloads.md ?? "", "utf8");
  expect(markdown).toContain("e2e report drill");
  expect(markdown).toContain("WAF misblock");
  const json = JSON.parse(readFileSync(downloads.json ?? "", "utf8")) as { schemaVersion: number; runs: unknown[] };
  expect(json.schemaVersion).toBe(1);
  expect(json.runs).toHaveLength(1);
  await facilitator.context.close();
  await trainee.context.close();
});
