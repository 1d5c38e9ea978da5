import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import type { GameDayScores } from "@/lib/scoring/schemas";
import type { TeamHistory } from "@/lib/scoring/schemas";
import type { Part, TeamMeasures } from "@/lib/scoring/model";
import type { RunScoreView } from "@/lib/scoring/schemas";
import { MEASURE_DEFINITIONS } from "@/lib/scoring/definitions";
import { CAPABILITIES } from "@/lib/scoring/vocabulary";
import { GameDaySummary } from "./game-day-summary";
import { RunScorePanel } from "./run-score-panel";
import { TeamHistoryView } from "./team-history";

vi.mock("next/navigation", () => ({ useRouter: () => ({ refresh: () => undefined }) }));

const part = (capability: Part["capability"], overrides: Partial<Part> = {}): Part => ({
  capability,
  applicable: true,
  value: 100,
  weight: 0.2,
  target: `target of ${capability}`,
  rating: "P",
  reasons: [`reason for ${capability}`],
  evidence: [],
  ...overrides,
});
const measures: TeamMeasures = {
  timeToDetect: { seconds: 30, from: "2026-12-05T10:00:20.000Z", to: "2026-12-05T10:00:50.000Z" },
  timeToDetectFromFaultStart: { seconds: 50, from: "2026-12-05T10:00:00.000Z", to: "2026-12-05T10:00:50.000Z" },
  timeToDiagnose: null,
  diagnosis: "none",
  timeToMitigate: null,
  timeToMitigateFromFaultStart: null,
  mitigation: "fault-expired",
  timeToFirstStatusUpdate: null,
  flags: [{ kind: "false-claim", entryId: "7", detail: "'mitigated' at 10:01, but the metrics never showed recovery." }],
};

const run: RunScoreView = {
  runId: "run1",
  gameDayId: "gd1",
  scenarioId: "cpu-stress",
  scenarioTitle: "CPU stress",
  revealed: false,
  groundTruth: {
    faultStart: "2026-12-05T10:00:00.000Z",
    impactOnset: { at: "2026-12-05T10:00:20.000Z", source: "metrics", detail: "p95 latency ≤ 500 ms failed" },
    faultEnd: { at: "2026-12-05T10:05:00.000Z", by: "lease" },
    recovery: null,
    remediations: [],
  },
  reason: null,
  teams: [
    {
      teamId: "red",
      teamName: "Red",
      computedAt: "2026-12-05T10:10:00.000Z",
      parts: CAPABILITIES.map((capability) =>
        capability === "detect" ? part(capability, { evidence: [{ id: "5", at: "2026-12-05T10:00:50.000Z", kind: "detected", note: "first detection" }] }) : part(capability),
      ),
      computedTotal: 90,
      total: 90,
      totalOverride: null,
      ratings: CAPABILITIES.map((capability) => ({
        capability,
        proposed: "P" as const,
        final: capability === "communicate" ? ("M" as const) : ("P" as const),
        decision: capability === "communicate" ? { rating: "M" as const, proposed: "S" as const, reason: "Wrong channel for updates", byId: "f", at: "2026-12-05T10:09:00.000Z" } : null,
        proposalChanged: capability === "communicate",
        reasons: [],
        evidence: [],
      })),
      measures,
    },
  ],
  entries: { "5": { at: "2026-12-05T10:00:50.000Z", kind: "detected", actorName: "Rita", body: "p95 far above the SLO" } },
  definitions: { ...MEASURE_DEFINITIONS },
};

describe("scoring views", () => {
  it("the panel shows ground truth, every part's target and reasons, the evidence entry, decisions and flags", () => {
    const html = renderToStaticMarkup(<RunScorePanel runs={[run]} gameDayId="gd1" revealedAt={null} />);
    expect(html).toContain("Reveal scores");
    expect(html).toContain("Impact onset");
    expect(html).toContain("target of mitigate");
    expect(html).toContain("reason for diagnose");
    expect(html).toContain("p95 far above the SLO");
    expect(html).toContain("Wrong channel for updates");
    expect(html).toContain("The proposal changed to P since this decision");
    expect(html).toContain("false claim");
    expect(html).toContain(MEASURE_DEFINITIONS.timeToMitigate.replaceAll("'", "&#x27;"));
  });

  it("the summary lists teams side by side and spreads, without a mean time", () => {
    const scores: GameDayScores = {
      gameDayId: "gd1",
      revealed: true,
      revealedAt: "2026-12-05T11:00:00.000Z",
      teams: [{ id: "red", name: "Red" }],
      runs: [{ runId: "run1", scenarioId: "cpu-stress", scenarioTitle: "CPU stress", faultStart: "2026-12-05T10:00:00.000Z", teams: [{ teamId: "red", total: 90, overridden: true, ratings: { detect: "P", diagnose: "S", mitigate: "M", communicate: "U", procedure: null }, mitigation: "mitigated", flags: 1 }] }],
      capabilities: [{ teamId: "red", capabilities: CAPABILITIES.map((capability) => ({ capability, count: 1, spread: { P: 1, S: 0, M: 0, U: 0 }, trend: "too-few" as const, series: [] })) }],
    };
    const html = renderToStaticMarkup(<GameDaySummary scores={scores} />);
    expect(html).toContain("set by facilitator");
    expect(html).toContain("mitigated (credited)");
    expect(html).toContain("P1 S0 M0 U0");
    expect(html.toLowerCase()).not.toContain("mean");
  });

  it("the history shows count, spread, trend and exact timings", () => {
    const history: TeamHistory = {
      team: { id: "red", name: "Red" },
      gameDays: [{ id: "gd1", title: "November", teamId: "red" }],
      runs: 1,
      capabilities: [{ capability: "detect", count: 1, spread: { P: 1, S: 0, M: 0, U: 0 }, trend: "too-few", series: [{ runId: "run1", at: "2026-12-05T10:00:00.000Z", gameDayTitle: "November", scenarioId: "cpu-stress", rating: "P" }] }],
      timings: [{ measure: "detect", count: 1, values: [{ runId: "run1", at: "2026-12-05T10:00:00.000Z", scenarioId: "cpu-stress", seconds: 30 }], min: 30, median: 30, max: 30 }],
    };
    const html = renderToStaticMarkup(<TeamHistoryView history={history} />);
    expect(html).toContain("too few runs to tell");
    expect(html).toContain("30 s (cpu-stress)");
    expect(html).toContain("30 s · 30 s · 30 s");
  });
});
