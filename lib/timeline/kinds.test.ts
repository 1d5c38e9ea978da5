import { describe, expect, it } from "vitest";
import * as DatabaseEnums from "@/lib/generated/prisma/enums";
import { GameDayStatusSchema, RunOutcomeSchema, RunStatusSchema } from "@/lib/gameday/vocabulary";
import { ENTRY_KINDS, TIMELINE_KINDS, TIMELINE_KIND_NAMES, sourceOf } from "./kinds";
import { redactTimelineEvent } from "./redact";
import { TimelineEventViewSchema, type TimelineEventView } from "./schemas";

function event(fields: { kind: string; data: Record<string, unknown>; runId?: string | null; body?: string }): TimelineEventView {
  return TimelineEventViewSchema.parse({
    id: "7",
    gameDayId: "gd",
    runId: fields.runId ?? null,
    at: "2026-12-05T10:00:00.000Z",
    kind: fields.kind,
    source: "user",
    actorId: "u1",
    actorName: "Fran",
    teamId: null,
    body: fields.body ?? "Fran launched Task termination for 300 s: 50 % of the running api tasks",
    data: fields.data,
    correctsId: null,
  });
}

describe("timeline kinds", () => {
  it("lists as entry kinds exactly the kinds people write through the timeline API", () => {
    expect([...ENTRY_KINDS].sort()).toEqual(TIMELINE_KIND_NAMES.filter((name) => TIMELINE_KINDS[name].writer === "entry").sort());
  });

  it("gives every entry kind its writers, and neutral kinds a neutral wording that fits their own schema", () => {
    for (const name of TIMELINE_KIND_NAMES) {
      const spec = TIMELINE_KINDS[name];
      if (spec.writer === "entry") expect(spec.roles?.length, name).toBeGreaterThan(0);
      if (spec.blind === "neutral") expect(spec.neutral !== undefined && spec.data.safeParse(spec.neutral.data).success, name).toBe(true);
    }
  });

  it("derives the source from the kind: acts done for a person are theirs, lab and phase records the console's", () => {
    expect(sourceOf("run.launched")).toBe("user");
    expect(sourceOf("halt.engaged")).toBe("user");
    expect(sourceOf("fault.injected")).toBe("system");
    expect(sourceOf("alarm")).toBe("system");
  });

  it("refuses a read whose data does not fit its kind", () => {
    expect(() => event({ kind: "run.launched", data: { scenarioId: "cpu-stress" } })).toThrow(/data/);
  });
});

describe("blind redaction by kind", () => {
  const blind = { blind: true, onlyTeam: null };
  const launched = event({ kind: "run.launched", data: { scenarioId: "ecs-task-termination", params: { percent: 50 }, durationSeconds: 300, concurrentRuns: 0 } });

  it("withholds a launch written on the facilitator's behalf (source user), the defect the old source rule let through", () => {
    expect(launched.source).toBe("user");
    expect(redactTimelineEvent(launched, blind)).toBeNull();
    expect(redactTimelineEvent(launched, { blind: false, onlyTeam: null })).toBe(launched);
  });

  it("withholds every kind that tells when or which fault ran", () => {
    const hidden = TIMELINE_KIND_NAMES.filter((name) => TIMELINE_KINDS[name].blind === "hide");
    expect(hidden).toEqual(expect.arrayContaining(["run.launched", "run.phase", "fault.injected", "fault.reverted", "run.stopped", "run.recovered"]));
    const stopped = event({ kind: "run.stopped", runId: "run1", data: { scenarioId: "cpu-stress", reason: "p99 over budget" } });
    expect(redactTimelineEvent(stopped, blind)).toBeNull();
  });

  it("tells a blind trainee the exercise paused, in words that name no fault", () => {
    const halt = event({ kind: "halt.engaged", body: "HALT ALL by Fran: network latency hurt checkout", data: { reason: "network latency hurt checkout", stopped: ["fault-1"], engageSafetyLever: false, labError: null } });
    const seen = redactTimelineEvent(halt, blind);
    expect(seen?.body).toBe("The facilitator paused the exercise.");
    expect(JSON.stringify(seen)).not.toMatch(/latency|fault-1|Fran/);
  });

  it("keeps the target's own signals, without anything that names the scenario", () => {
    const alarm = event({ kind: "alarm", body: "lab-p95-latency: OK → ALARM", data: { labEventId: "a1", labKind: "alarm", service: "api", scenarioId: "network-latency" } });
    const seen = redactTimelineEvent(alarm, blind);
    expect(seen?.body).toBe("lab-p95-latency: OK → ALARM");
    expect(seen?.data).toEqual({ labEventId: "a1", labKind: "alarm", service: "api" });
  });
});

describe("status vocabularies", () => {
  it("match the database's enums word for word", () => {
    expect(GameDayStatusSchema.options).toEqual(Object.values(DatabaseEnums.GameDayStatus));
    expect(RunStatusSchema.options).toEqual(Object.values(DatabaseEnums.RunStatus));
    expect(RunOutcomeSchema.options).toEqual(Object.values(DatabaseEnums.RunOutcome));
  });
});

describe("team logs", () => {
  const entryOf = (teamId: string | null) => TimelineEventViewSchema.parse({ id: "9", gameDayId: "gd", runId: null, at: "2026-12-05T10:00:00.000Z", kind: "hypothesis", source: "user", actorId: "u", actorName: "Tia", teamId, body: "DNS?", data: {}, correctsId: null });

  it("keeps other teams' entries from a trainee whose team's log is its own, but not the game day's own entries", () => {
    const blue = { blind: false, onlyTeam: "blue" };
    expect(redactTimelineEvent(entryOf("red"), blue)).toBeNull();
    expect(redactTimelineEvent(entryOf("blue"), blue)?.body).toBe("DNS?");
    expect(redactTimelineEvent(entryOf(null), blue)?.body).toBe("DNS?");
    expect(redactTimelineEvent(entryOf("red"), { blind: false, onlyTeam: null })?.body).toBe("DNS?");
  });
});
