/**
 * A team's record per capability across runs and game days: how many ratings, how they spread
 * over P/S/M/U, and which way they move. Never a mean time: per-run timings are listed exactly,
 * with their count and range (MTTx means across incidents are statistically weak). Pure.
 */
import { z } from "zod";
import { CAPABILITIES, CapabilitySchema, RatingSchema, RATINGS, type Capability, type Rating } from "./vocabulary";

export interface HistoryRun {
  runId: string;
  gameDayId: string;
  gameDayTitle: string;
  scenarioId: string;
  /** Fault start. */
  at: string;
  ratings: Partial<Record<Capability, Rating | null>>;
  timings: { detect: number | null; diagnose: number | null; mitigate: number | null; firstUpdate: number | null };
}

export const TREND = ["improving", "steady", "declining", "too-few"] as const;

export const CapabilityHistorySchema = z.object({
  capability: CapabilitySchema,
  count: z.number(),
  spread: z.record(RatingSchema, z.number()),
  trend: z.enum(TREND),
  /** Oldest first: every rating with its run, so the trend can be checked by eye. */
  series: z.array(z.object({ runId: z.string(), at: z.string(), gameDayTitle: z.string(), scenarioId: z.string(), rating: RatingSchema })),
});
export type CapabilityHistory = z.infer<typeof CapabilityHistorySchema>;

export const TimingHistorySchema = z.object({
  measure: z.enum(["detect", "diagnose", "mitigate", "firstUpdate"]),
  count: z.number(),
  /** Exact per-run seconds, oldest first; min, median and max describe the spread. */
  values: z.array(z.object({ runId: z.string(), at: z.string(), scenarioId: z.string(), seconds: z.number() })),
  min: z.number().nullable(),
  median: z.number().nullable(),
  max: z.number().nullable(),
});
export type TimingHistory = z.infer<typeof TimingHistorySchema>;

const RANK: Record<Rating, number> = { P: 0, S: 1, M: 2, U: 3 };
/** At least this many ratings before a trend is named. */
export const TREND_MINIMUM = 4;

/**
 * The later half against the earlier half, by rank (P best): a shift of half a grade or more
 * is a trend; less is steady.
 */
export function trendOf(ratings: readonly Rating[]): (typeof TREND)[number] {
  if (ratings.length < TREND_MINIMUM) return "too-few";
  const half = Math.floor(ratings.length / 2);
  const mean = (values: readonly Rating[]) => values.reduce((sum, rating) => sum + RANK[rating], 0) / values.length;
  const shift = mean(ratings.slice(ratings.length - half)) - mean(ratings.slice(0, half));
  if (shift <= -0.5) return "improving";
  if (shift >= 0.5) return "declining";
  return "steady";
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? null) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

export function capabilityHistory(runs: readonly HistoryRun[]): CapabilityHistory[] {
  const ordered = [...runs].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return CAPABILITIES.map((capability) => {
    const series = ordered.flatMap((run) => {
      const rating = run.ratings[capability];
      return rating ? [{ runId: run.runId, at: run.at, gameDayTitle: run.gameDayTitle, scenarioId: run.scenarioId, rating }] : [];
    });
    const spread = Object.fromEntries(RATINGS.map((rating) => [rating, series.filter((entry) => entry.rating === rating).length])) as Record<Rating, number>;
    return { capability, count: series.length, spread, trend: trendOf(series.map((entry) => entry.rating)), series };
  });
}

export function timingHistory(runs: readonly HistoryRun[]): TimingHistory[] {
  const ordered = [...runs].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return (["detect", "diagnose", "mitigate", "firstUpdate"] as const).map((measure) => {
    const values = ordered.flatMap((run) => {
      const seconds = run.timings[measure];
      return seconds === null ? [] : [{ runId: run.runId, at: run.at, scenarioId: run.scenarioId, seconds }];
    });
    const numbers = values.map((value) => value.seconds);
    return { measure, count: values.length, values, min: numbers.length ? Math.min(...numbers) : null, median: median(numbers), max: numbers.length ? Math.max(...numbers) : null };
  });
}
