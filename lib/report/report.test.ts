/**
 * The report of a game day built through the product's own use cases (launch, supervision,
 * people's entries, stop, metrics snapshot, end) on a scripted lab whose probe fails for three
 * seconds after the fault: the model against a hand-checked expectation, Markdown, JSON and
 * PDF from the same model, editing and final versions, and who may download it when.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as reportRoute, PATCH as editRoute } from "@/app/api/gamedays/[id]/report/route";
import { POST as finalRoute } from "@/app/api/gamedays/[id]/report/final/route";
import { GET as versionsRoute } from "@/app/api/gamedays/[id]/report/versions/route";
import { POST as revealRoute } from "@/app/api/gamedays/[id]/scores/reveal/route";
import { POST as launchRoute } from "@/app/api/gamedays/[id]/runs/route";
import { POST as stopRoute } from "@/app/api/runs/[id]/stop/route";
import type { Principal } from "@/lib/auth/principal";
import type { MetricQuery, Series } from "@/lib/lab/types";
import { db } from "@/lib/db/client";
import { endGameDay } from "@/lib/gameday/end-game-day";
import { snapshotRunMetrics } from "@/lib/gameday/snapshot-run-metrics";
import { superviseRuns } from "@/lib/gameday/supervise-runs";
import { installLab } from "@/lib/lab";
import { getRunScore } from "@/lib/scoring/get-run-score";
import { appendTimelineEvent } from "@/lib/timeline/append-event";
import { useTestDatabase } from "@/test/database";
import { apiTokenFor, callRoute, createTestUser, errorOf, type TestUser } from "@/test/fixtures";
import { ScriptedLab } from "@/test/scripted-lab";
import { ReportSchema } from "./model";
import { renderMarkdown, renderMarkdownBundle } from "./render-markdown";
import { renderPdf } from "./render-pdf";

useTestDatabase();

/** The probe answers nothing, and the targets answer 5xx, for the first three whole seconds of the fault. */
class ProbeLab extends ScriptedLab {
  outageFrom: number | null = null;
  override metrics(queries: MetricQuery[], from: Date, to: Date): Promise<Series[]> {
    return Promise.resolve(
      queries.map((query) => {
        const points = [];
        for (let t = Math.ceil(from.getTime() / 1000) * 1000; t <= to.getTime(); t += 1000) {
          const down = this.outageFrom !== null && t >= this.outageFrom && t < this.outageFrom + 3000;
          points.push({ t, v: query.id === "probe_public" ? (down ? 0 : 100) : query.id === "target5xx" && down ? 12 : (this.values[query.id] ?? 0) });
        }
        return { id: query.id, label: query.label ?? query.id, points };
      }),
    );
  }
}

let facilitator: TestUser;
let red: TestUser;
let observer: TestUser;
let gameDayId: string;
let runId: string;
let redTeam: string;
let detectedId: string;
let lab: ProbeLab;

const principalOf = (user: TestUser): Principal => ({ userId: user.id, email: user.email, name: user.name, role: user.role, via: "session", credentialId: "test" });
const get = (user: TestUser, query = "") => callRoute(reportRoute, "GET", `/api/gamedays/${gameDayId}/report${query}`, { cookie: user.cookie, params: { id: gameDayId } });
const reportOf = async (user: TestUser, query = "") => {
  const answer = await get(user, query);
  expect(answer.status, answer.text).toBe(200);
  return ReportSchema.parse(answer.json);
};

describe("the after-action report", () => {
  beforeAll(async () => {
    facilitator = await createTestUser("facilitator", { name: "Fran Facilitator" });
    red = await createTestUser("trainee", { name: "Rita Red" });
    observer = await createTestUser("observer", { name: "Otto Observer" });
    lab = new ProbeLab();
    installLab(lab);
    const gameDay = await db().gameDay.create({
      data: {
        title: "Report drill",
        environment: "local",
        status: "running",
        startedAt: new Date(),
        joinCode: Math.random().toString(36).slice(2, 8).toUpperCase(),
        createdById: facilitator.id,
        teams: { create: [{ name: "Red" }] },
      },
      include: { teams: true },
    });
    gameDayId = gameDay.id;
    redTeam = gameDay.teams[0]?.id ?? "";
    await db().participant.createMany({
      data: [
        { gameDayId, userId: facilitator.id, role: "facilitator" },
        { gameDayId, userId: red.id, role: "trainee", teamId: redTeam },
        { gameDayId, userId: observer.id, role: "observer" },
      ],
    });
    const launched = await callRoute(launchRoute, "POST", `/api/gamedays/${gameDayId}/runs`, {
      cookie: facilitator.cookie,
      params: { id: gameDayId },
      body: { scenarioId: "ecs-task-termination", idempotencyKey: "report-run", confirmBlastRadius: true },
    });
    expect(launched.status, launched.text).toBe(201);
    runId = (launched.json as { run: { id: string } }).run.id;
    await superviseRuns(gameDayId, lab);
    const injectedAt = (await db().run.findUniqueOrThrow({ where: { id: runId } })).injectedAt;
    lab.outageFrom = Math.ceil((injectedAt?.getTime() ?? 0) / 1000) * 1000;
    const person = { actor: { id: red.id, name: red.name }, teamId: redTeam, runId, gameDayId };
    detectedId = (await appendTimelineEvent({ ...person, kind: "detected", body: "Public endpoint answering 503s", data: {} })).id;
    await appendTimelineEvent({ ...person, kind: "status-update", body: "Checkout degraded; investigating the api service", data: {} });
    const stopped = await callRoute(stopRoute, "POST", `/api/runs/${runId}/stop`, { cookie: facilitator.cookie, params: { id: runId }, body: { reason: "Enough seen for the drill" } });
    expect(stopped.status, stopped.text).toBe(200);
    await superviseRuns(gameDayId, lab);
    const topology = await lab.topology();
    expect(await snapshotRunMetrics(gameDayId, lab, topology, { marginMs: 60_000, periodSeconds: 1 }, Date.now() + 120_000)).toEqual([runId]);
    await endGameDay(principalOf(facilitator), gameDayId, lab);
  });

  afterAll(() => installLab(undefined));

  it("builds the model from what the game day recorded", async () => {
    const report = await reportOf(facilitator);
    const run = await db().run.findUniqueOrThrow({ where: { id: runId } });
    const score = await getRunScore(principalOf(facilitator), runId);
    expect(report).toMatchObject({
      schemaVersion: 1,
      version: 0,
      final: false,
      gameDay: { id: gameDayId, title: "Report drill", environment: "local", status: "ended", facilitators: ["Fran Facilitator"], observers: ["Otto Observer"], teams: [{ name: "Red", members: ["Rita Red"] }], scenarios: ["Task termination"] },
    });
    expect(report.runs).toHaveLength(1);
    const [reportRun] = report.runs;
    expect(reportRun).toMatchObject({
      runId,
      scenarioId: "ecs-task-termination",
      title: "Task termination",
      happened: { faultStart: run.injectedAt?.toISOString(), faultEnd: score.groundTruth?.faultEnd?.at, faultEndedBy: "stopped", impactOnset: score.groundTruth?.impactOnset?.at ?? null, recovery: score.groundTruth?.recovery ?? null },
      // Three whole seconds of a failing probe inside the fault, its end and a minute after.
      availability: { longestOutageSeconds: 3, longestOutageFrom: new Date(lab.outageFrom ?? 0).toISOString(), zeroDowntime: "broken" },
    });
    const samples = reportRun?.availability.samples ?? 0;
    expect(samples).toBeGreaterThanOrEqual(60);
    expect(reportRun?.availability.percent).toBeCloseTo(((samples - 3) / samples) * 100, 1);
    expect(reportRun?.hypothesis).toMatch(/\S/);
    expect(reportRun?.blastRadius).toMatch(/\S/);
    expect(reportRun?.charts.map((chart) => chart.metric)[0]).toBe("probe_public");
    expect(reportRun?.charts.every((chart) => chart.fault?.fromMs === run.injectedAt?.getTime() && chart.points.length > 60)).toBe(true);
    expect(reportRun?.timeline.filter((entry) => entry.actorName === "Rita Red").map((entry) => [entry.kind, entry.teamName, entry.actorName, entry.body])).toEqual([
      ["detected", "Red", "Rita Red", "Public endpoint answering 503s"],
      ["status-update", "Red", "Rita Red", "Checkout degraded; investigating the api service"],
    ]);
    // Scores as the scoring engine reads them, never re-derived here.
    expect(reportRun?.teams.map((team) => [team.teamName, team.total, team.capabilities.map((c) => c.rating)])).toEqual(
      score.teams.map((team) => [team.teamName, team.total, team.ratings.map((rating) => rating.final)]),
    );
    expect(report.summary.didNotHold).toEqual([expect.stringMatching(/^Task termination: users were affected, .* the longest outage lasted 3 s\.$/)]);
    expect(report.summary.tested).toEqual([expect.stringMatching(/^Task termination: /)]);
  });

  it("keeps the facilitator's words, stars and action items, and leads with the starred entries", async () => {
    const refused = await callRoute(editRoute, "PATCH", `/api/gamedays/${gameDayId}/report`, { cookie: red.cookie, params: { id: gameDayId }, body: { summary: "We were great" } });
    expect(refused.status).toBe(403);
    const edited = await callRoute(editRoute, "PATCH", `/api/gamedays/${gameDayId}/report`, {
      cookie: facilitator.cookie,
      params: { id: gameDayId },
      body: {
        summary: "Losing half the api's tasks cost three seconds of errors.",
        starred: [detectedId],
        actionItems: [
          { issue: "Probe failed for 3 s", action: "Raise the api's minimum healthy percent to 100", owner: "Platform team", due: "2026-12-19", capability: "mitigate" },
          { issue: "No runbook step recorded", action: "Walk the runbook in the next drill", owner: "Red lead", status: "done" },
        ],
      },
    });
    expect(edited.status, edited.text).toBe(200);
    const report = await reportOf(facilitator);
    expect(report.summary.facilitatorWords).toBe("Losing half the api's tasks cost three seconds of errors.");
    expect(report.summary.topActions).toEqual(["Raise the api's minimum healthy percent to 100 (owner: Platform team, due 2026-12-19)"]);
    expect(report.improvementPlan.map((item) => [item.owner, item.status, item.capability])).toEqual([
      ["Platform team", "open", "mitigate"],
      ["Red lead", "done", null],
    ]);
    expect(report.runs[0]?.starred.map((entry) => entry.id)).toEqual([detectedId]);
    // The summary leads with the starred entries, before what was tested.
    const markdown = renderMarkdown(report);
    expect(markdown.indexOf("**Key moments**")).toBeGreaterThan(markdown.indexOf("Losing half the api's tasks"));
    expect(markdown.indexOf("**Key moments**")).toBeLessThan(markdown.indexOf("**What we tested**"));
  });

  it("renders Markdown, JSON and PDF from the same model, with content type and file name", async () => {
    const report = await reportOf(facilitator);
    const markdown = await get(facilitator, "?format=md");
    expect(markdown.status).toBe(200);
    expect(markdown.headers.get("content-type")).toBe("text/markdown; charset=utf-8");
    expect(markdown.headers.get("content-disposition")).toBe('attachment; filename="report-drill-report-draft.md"');
    const undated = (text: string) => text.replace(/Draft generated [^·]+·/, "");
    expect(undated(markdown.text)).toBe(undated(renderMarkdown(report)));
    expect(markdown.text).toContain("## Run 1: Task termination");
    expect(markdown.text).toContain("| ★ ");
    expect(markdown.text).toContain("Public endpoint answering 503s");
    expect(markdown.text).toContain("](data:image/svg+xml;base64,");

    const bundle = await callRoute(reportRoute, "GET", `/api/gamedays/${gameDayId}/report?format=md-zip`, { cookie: facilitator.cookie, params: { id: gameDayId } });
    expect(bundle.headers.get("content-type")).toBe("application/zip");
    expect(bundle.headers.get("content-disposition")).toBe('attachment; filename="report-drill-report-draft.zip"');
    const files = renderMarkdownBundle(report);
    expect(files.map((file) => file.name)).toEqual(["report.md", ...(report.runs[0]?.charts.map((chart) => `charts/run-1-${chart.metric}.svg`) ?? [])]);
    expect(files[0]?.data).toContain("![Probe availability (public)](charts/run-1-probe_public.svg)");

    const json = await get(facilitator, "?format=json");
    expect(json.headers.get("content-type")).toBe("application/json");
    expect(json.headers.get("content-disposition")).toBe('attachment; filename="report-drill-report-draft.json"');
    expect({ ...ReportSchema.parse(json.json), generatedAt: "" }).toEqual({ ...report, generatedAt: "" });

    const pdf = await get(facilitator, "?format=pdf");
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect(pdf.headers.get("content-disposition")).toBe('attachment; filename="report-drill-report-draft.pdf"');
    const text = pdfText(await renderPdf(report));
    expect(text).toContain("Losing half the api's tasks cost three seconds of errors.");
    expect(text).toContain("Run 1: Task termination");
    expect(text).toContain("Public endpoint answering 503s");
    expect(text).toMatch(/Team Red: [\d.]+ \/ 100/);
    expect(text).toContain("Zero downtime broken");
    expect(text).toMatch(/page 1 of \d+/);
  });

  it("opens to observers at once and to trainees only after the reveal; API tokens read it like their owner", async () => {
    expect((await reportOf(observer)).runs).toHaveLength(1);
    const hidden = await get(red);
    expect(hidden.status).toBe(404);
    expect(errorOf(hidden.json).message).toMatch(/reveals the scores/);
    expect((await get(observer, "?draft=true")).status).toBe(403);

    const revealed = await callRoute(revealRoute, "POST", `/api/gamedays/${gameDayId}/scores/reveal`, { cookie: facilitator.cookie, params: { id: gameDayId } });
    expect(revealed.status, revealed.text).toBe(200);
    const trainee = await reportOf(red);
    expect(trainee.runs[0]?.teams.map((team) => team.teamName)).toEqual(["Red"]);

    const token = await apiTokenFor(observer);
    const automated = await callRoute(reportRoute, "GET", `/api/gamedays/${gameDayId}/report?format=md`, { bearer: token, params: { id: gameDayId } });
    expect(automated.status, automated.text).toBe(200);
  });

  it("freezes a final version; later edits make the next version and leave the first unchanged", async () => {
    const first = await callRoute(finalRoute, "POST", `/api/gamedays/${gameDayId}/report/final`, { cookie: facilitator.cookie, params: { id: gameDayId } });
    expect(first.status, first.text).toBe(201);
    expect(first.json).toMatchObject({ version: 1 });
    await callRoute(editRoute, "PATCH", `/api/gamedays/${gameDayId}/report`, { cookie: facilitator.cookie, params: { id: gameDayId }, body: { summary: "Second thoughts." } });
    const stillFirst = await reportOf(observer);
    expect(stillFirst).toMatchObject({ version: 1, final: true, summary: { facilitatorWords: "Losing half the api's tasks cost three seconds of errors." } });
    expect((await reportOf(facilitator, "?draft=true")).summary.facilitatorWords).toBe("Second thoughts.");

    const second = await callRoute(finalRoute, "POST", `/api/gamedays/${gameDayId}/report/final`, { cookie: facilitator.cookie, params: { id: gameDayId } });
    expect(second.json).toMatchObject({ version: 2 });
    expect((await reportOf(observer)).summary.facilitatorWords).toBe("Second thoughts.");
    expect((await reportOf(observer, "?version=1")).summary.facilitatorWords).toBe("Losing half the api's tasks cost three seconds of errors.");
    const final = await get(observer, "?format=pdf&version=1");
    expect(final.headers.get("content-disposition")).toBe('attachment; filename="report-drill-report-v1.pdf"');
    const versions = await callRoute(versionsRoute, "GET", `/api/gamedays/${gameDayId}/report/versions`, { cookie: red.cookie, params: { id: gameDayId } });
    expect((versions.json as { versions: Array<{ version: number }> }).versions.map((entry) => entry.version)).toEqual([2, 1]);
    expect((await get(observer, "?version=7")).status).toBe(404);
  });
});

/** The PDF's text: poppler's pdftotext when installed, else the raw stream is not searchable and the test says so. */
function pdfText(pdf: Buffer): string {
  expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
  const tool = ["/usr/bin/pdftotext", "/usr/local/bin/pdftotext"].find((candidate) => existsSync(candidate));
  if (!tool) throw new Error("pdftotext is needed to read the PDF's text: apt-get install -y poppler-utils");
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "report-pdf-")), "report.pdf");
  writeFileSync(file, pdf);
  return execFileSync(tool, [file, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
}

