/**
 * X-Ray over the wire (restJson1): GetServiceGraph pages and GetTraceSummaries from the
 * documented bodies, and X-Ray's errors.
 */
import { describe, expect, it } from "vitest";
import { TracesSchema } from "../types";
import { ok, wireError } from "./test/aws-endpoint";
import { labError } from "./test/harness";
import { useWireLab } from "./test/wire-harness";
import { DOCUMENTED_SERVICE_GRAPH, SERVICE_GRAPH_PAGE_2, TRACE_SUMMARIES } from "./test/wire/xray";

const open = useWireLab();
const FROM = new Date(1568835392_000);
const TO = new Date(1568835446_000);

describe("traces", () => {
  it("folds the documented service graph across pages and ranks faults, then errors, then the slowest", async () => {
    const { endpoint, lab } = open();
    endpoint.on("xray", "GetServiceGraph", [ok({ ...DOCUMENTED_SERVICE_GRAPH, NextToken: "graph-page-2" }), ok(SERVICE_GRAPH_PAGE_2)]);
    endpoint.on("xray", "GetTraceSummaries", ok(TRACE_SUMMARIES));
    const traces = TracesSchema.parse(await lab.traces(FROM, TO));

    const graphCalls = endpoint.calls("xray", "GetServiceGraph");
    expect(graphCalls.map((call) => [call.method, call.path, call.params])).toEqual([
      ["POST", "/ServiceGraph", { StartTime: 1568835392, EndTime: 1568835446 }],
      ["POST", "/ServiceGraph", { StartTime: 1568835392, EndTime: 1568835446, NextToken: "graph-page-2" }],
    ]);
    expect(endpoint.calls("xray", "GetTraceSummaries").map((call) => [call.path, call.params])).toEqual([["/TraceSummaries", { StartTime: 1568835392, EndTime: 1568835446, TimeRangeType: "Event", Sampling: true }]]);

    // The documented Scorekeep edge: 14 requests, 0.13 s in total; the 14th fastest (nearest rank for p95 of 14) took 0.038 s.
    expect(traces.graph.edges).toEqual([{ source: "0", target: "1", requests: 14, errors: 0, averageLatencyMs: (0.13 / 14) * 1000, p95LatencyMs: 38 }]);
    expect(traces.graph.nodes).toEqual([
      { id: "0", name: "Scorekeep", type: "service", requests: 14, errors: 0, averageLatencyMs: null },
      { id: "1", name: "scorekeep-db", type: "database", requests: 14, errors: 2, averageLatencyMs: 8 },
    ]);
    expect(traces.samples.map((sample) => [sample.status, sample.hasFault, sample.hasError, sample.method, sample.path])).toEqual([
      [502, true, false, "GET", "/api/move/GCQ2B35P/FREELDFT/4LRE643M"],
      [429, false, true, "PUT", "/api/game/VSAE93HF/GSSD2NTB/starttime/1568835513"],
      [200, false, false, "POST", "/api/move/VSAE93HF/GSSD2NTB/DP0PCC09"],
    ]);
    // No StartTime on the faulted summary: its instant comes from the trace id (0x5d82b3e1 s).
    expect(traces.samples[0]).toMatchObject({ at: new Date(0x5d82b3e1 * 1000).toISOString(), durationMs: 1200, services: ["Scorekeep", "scorekeep-db"] });
  });

  it("keeps an edge to a node the graph does not return out of the picture", async () => {
    const { endpoint, lab } = open();
    endpoint.on("xray", "GetServiceGraph", ok(DOCUMENTED_SERVICE_GRAPH));
    endpoint.on("xray", "GetTraceSummaries", ok({ TraceSummaries: [], ApproximateTime: 1568835446, TracesProcessedCount: 0 }));
    const traces = await lab.traces(FROM, TO);
    expect(traces.graph).toEqual({ nodes: [{ id: "0", name: "Scorekeep", type: "service", requests: 0, errors: 0, averageLatencyMs: null }], edges: [] });
    expect(traces.samples).toEqual([]);
  });
});

describe("X-Ray errors (restJson1)", () => {
  // X-Ray API reference, GetServiceGraph "Errors": InvalidRequestException 400, ThrottledException 429.
  const cases: [string, ReturnType<typeof wireError>, string, RegExp][] = [
    ["throttling", wireError("xray", "ThrottledException", "Request rate is too high.", 429), "throttled", /kept throttling xray:GetServiceGraph/],
    ["validation", wireError("xray", "InvalidRequestException", "StartTime must be before EndTime.", 400), "invalid", /StartTime must be before EndTime/],
    ["access denied", wireError("xray", "AccessDeniedException", "User is not authorized to perform: xray:GetServiceGraph", 403), "access-denied", /not allowed to call xray:GetServiceGraph/],
  ];
  for (const [label, reply, code, message] of cases) {
    it(`maps ${label} to '${code}'`, async () => {
      const { endpoint, lab } = open();
      endpoint.on("xray", "GetServiceGraph", reply);
      const error = await labError(lab.traces(FROM, TO));
      expect({ code: error.code, message: error.message }).toMatchObject({ code, message: expect.stringMatching(message) as unknown });
    });
  }
});
