import { describe, expect, it } from "vitest";
import { IdempotencyKeySchema } from "@/lib/gameday/schemas";
import type { TimelineEventView } from "@/lib/timeline/schemas";
import { formatAge, formatDuration, formatErrorRate, formatUtcDateTime, formatUtcTime, formatValue } from "./format";
import { newIdempotencyKey } from "./idempotency";
import { canCorrect, matchesFilter, newestFirst, supersededBy } from "./timeline";

describe("format", () => {
  it("writes UTC instants with milliseconds", () => {
    expect(formatUtcTime("2026-11-24T18:04:05.123Z")).toBe("18:04:05.123");
    expect(formatUtcDateTime("2026-11-24T18:04:05.123+02:00")).toBe("2026-11-24 16:04:05.123 UTC");
    expect(formatUtcTime("not a date")).toBe("—");
  });

  it("writes durations, ages, values and error rates", () => {
    expect(formatDuration(42_900)).toBe("42 s");
    expect(formatDuration(125_000)).toBe("2:05");
    expect(formatDuration(3_723_000)).toBe("1:02:03");
    expect(formatDuration(-5)).toBe("0 s");
    expect(formatAge(800)).toBe("now");
    expect(formatAge(4_200)).toBe("4 s ago");
    expect(formatAge(180_000)).toBe("3 min ago");
    expect(formatValue(99.99, "percent")).toBe("100 %");
    expect(formatValue(97.25, "percent")).toBe("97.3 %");
    expect(formatValue(212.4, "ms")).toBe("212 ms");
    expect(formatValue(1500, "ms")).toBe("1.50 s");
    expect(formatValue(1234, "count")).toBe("1.2k");
    expect(formatErrorRate(1, 200)).toBe("0.5 %");
    expect(formatErrorRate(0, 0)).toBe("—");
  });
});

describe("idempotency keys", () => {
  it("are valid for the server and differ between dialogs", () => {
    const keys = new Set(Array.from({ length: 200 }, () => newIdempotencyKey()));
    expect(keys.size).toBe(200);
    for (const key of keys) expect(IdempotencyKeySchema.safeParse(key).success).toBe(true);
  });

  it("use every byte of randomness it is given", () => {
    expect(newIdempotencyKey((bytes) => bytes.fill(63))).toBe("_".repeat(24));
    expect(newIdempotencyKey((bytes) => bytes.fill(0))).toBe("A".repeat(24));
  });
});

function entry(overrides: Partial<TimelineEventView>): TimelineEventView {
  return {
    id: "1",
    gameDayId: "gd",
    runId: null,
    at: "2026-11-24T10:00:00.000Z",
    kind: "note",
    source: "user",
    actorId: "me",
    actorName: "Me",
    teamId: null,
    body: "x",
    data: {},
    correctsId: null,
    ...overrides,
  } as TimelineEventView;
}

describe("timeline reading", () => {
  it("maps a corrected entry to its newest correction", () => {
    const map = supersededBy([entry({ id: "1" }), entry({ id: "2", correctsId: "1" }), entry({ id: "3", correctsId: "1" })]);
    expect(map.get("1")).toBe("3");
    expect(map.has("2")).toBe(false);
  });

  it("lets people correct only what they wrote", () => {
    expect(canCorrect(entry({}), "me")).toBe(true);
    expect(canCorrect(entry({}), "someone else")).toBe(false);
    expect(canCorrect(entry({ kind: "halt.engaged" }), "me")).toBe(false);
    expect(canCorrect(entry({ source: "system", actorId: null, kind: "task.stopped" }), "me")).toBe(false);
  });

  it("shows the newest instant first, ids breaking ties numerically", () => {
    const order = newestFirst([
      entry({ id: "9", at: "2026-11-24T10:00:02.000Z" }),
      entry({ id: "10", at: "2026-11-24T10:00:01.000Z" }),
      entry({ id: "11", at: "2026-11-24T10:00:02.000Z" }),
    ]).map((event) => event.id);
    expect(order).toEqual(["11", "9", "10"]);
  });

  it("filters by who wrote it and by fault lifecycle", () => {
    const halt = entry({ kind: "halt.engaged" });
    const task = entry({ kind: "task.stopped", source: "system" });
    expect(matchesFilter(halt, "people")).toBe(false);
    expect(matchesFilter(halt, "faults")).toBe(true);
    expect(matchesFilter(task, "system")).toBe(true);
    expect(matchesFilter(entry({}), "people")).toBe(true);
  });
});
