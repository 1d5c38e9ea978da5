import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import { ReportSchema, type Report } from "@/lib/report/model";
import { ReportEditor } from "./report-editor";
import { ReportView } from "./report-view";

vi.mock("next/navigation", () => ({ useRouter: () => ({ refresh: () => undefined }) }));

const T0 = Date.parse("2026-12-05T10:00:00.000Z");
const iso = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();
const entry = (id: string, seconds: number, body: string, starred = false) => ({ id, at: iso(seconds), kind: "detected", label: "Detected", source: "user" as const, actorName: "Rita Red", teamName: "Red", body, starred });

const report: Report = ReportSchema.parse({
  schemaVersion: 1,
  version: 2,
  final: true,
  finalizedAt: iso(3600),
  generatedAt: iso(3600),
  gameDay: { id: "g", title: "Winter drill", description: "", environment: "local", status: "ended", startedAt: iso(-600), endedAt: iso(3000), facilitators: ["Fran"], observers: [], teams: [{ id: "t", name: "Red", members: ["Rita Red"] }], scenarios: ["Task termination"] },
  summary: { facilitatorWords: "Half the tasks died; users saw three seconds of errors.", tested: ["Task termination: kills tasks"], held: [], didNotHold: ["Task termination: users were affected"], teams: ["Red: 1 run(s)"], topActions: ["Raise minimum healthy percent (owner: Platform)"] },
  runs: [
    {
      runId: "r",
      scenarioId: "ecs-task-termination",
      title: "Task termination",
      summary: "kills tasks",
      hypothesis: "Losing half the tasks costs a few failed requests.",
      blastRadius: "50 % of the api tasks",
      outcome: "stopped",
      happened: { faultStart: iso(0), faultEnd: iso(300), faultEndedBy: "lease", impactOnset: iso(20), impactDetail: "target5xx over 1", steadyStateLost: [iso(20)], steadyStateRegained: [iso(320)], recovery: iso(320) },
      availability: { percent: 99.2, samples: 380, longestOutageSeconds: 3, longestOutageFrom: iso(21), zeroDowntime: "broken" },
      groundTruth: null,
      charts: [{ metric: "probe_public", label: "Probe availability", unit: "%", expectation: "100 % is fully available.", fromMs: T0 - 300_000, toMs: T0 + 600_000, fault: { fromMs: T0, toMs: T0 + 300_000 }, marks: [{ atMs: T0 + 20_000, label: "impact" }], points: [[T0 - 300_000, 100], [T0 + 21_000, 0], [T0 + 24_000, 100]] }],
      starred: [entry("7", 60, "503s on the public endpoint", true)],
      timeline: [entry("7", 60, "503s on the public endpoint", true), entry("8", 90, "Tasks replaced")],
      teams: [],
      contributors: ["Impact: target5xx over 1"],
      mitigators: [],
      lucky: ["The fault ended on its own."],
    },
  ],
  improvementPlan: [{ id: "a1", issue: "Errors during task loss", action: "Raise minimum healthy percent", owner: "Platform", due: "2026-12-19", capability: "mitigate", status: "open" }],
  definitions: {},
});

describe("the report page", () => {
  it("reads like the PDF: summary first, the run with its chart, starred entries, the improvement plan", () => {
    const html = renderToStaticMarkup(<ReportView report={report} />);
    expect(html).toContain("Final, version 2");
    expect(html.indexOf("Half the tasks died")).toBeLessThan(html.indexOf("Run 1: Task termination</h2>"));
    expect(html).toContain("Zero downtime broken");
    expect(html).toMatch(/<svg[^>]*aria-label="Probe availability over the run, the fault shaded"/);
    expect(html).toContain("★ 10:01:00 UTC");
    expect(html).toContain("Raise minimum healthy percent");
    expect(html).toContain("@media print");
  });

  it("gives the facilitator the summary, the action items, the entries to star and the final button", () => {
    const html = renderToStaticMarkup(
      <ReportEditor gameDayId="g" summary="Our words" starred={["7"]} actionItems={report.improvementPlan} candidates={[{ id: "7", at: iso(60), label: "Detected", who: "Red", body: "503s", run: "Run 1" }]} canFinalize={false} />,
    );
    expect(html).toContain("Our words");
    expect(html).toContain('value="Platform"');
    expect(html).toContain("1 starred");
    expect(html).toMatch(/<button[^>]*disabled=""[^>]*>Mark final<\/button>/);
  });
});
