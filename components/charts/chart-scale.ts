/**
 * The arithmetic of the dashboard's line charts: y ranges that end on round numbers, tick
 * positions a person reads at a glance, and SVG path data for plain and step lines. Pure, so
 * the plot component only maps it to elements.
 */
import type { ChartRow } from "./chart-rows";

const TIME_STEPS_MS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200].map((seconds) => seconds * 1000);

/** The smallest "round" step (1, 2, 2.5, 5 × 10^n) that splits `span` into at most `count` parts. */
function roundStep(span: number, count: number, allowDecimals: boolean): number {
  const raw = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((factor) => factor * power).find((candidate) => candidate >= raw) ?? 10 * power;
  return allowDecimals ? step : Math.max(1, Math.ceil(step));
}

/** The y range: `fixed` when the spec has one, else zero to a round number at or above the largest value. */
export function valueDomain(rows: readonly ChartRow[], keys: readonly string[], fixed: readonly [number, number] | undefined, allowDecimals: boolean): [number, number] {
  if (fixed) return [fixed[0], fixed[1]];
  let max = 0;
  for (const row of rows) {
    for (const key of keys) {
      const value = row[key];
      if (typeof value === "number" && value > max) max = value;
    }
  }
  if (max <= 0) return [0, allowDecimals ? 1 : 4];
  const step = roundStep(max, 4, allowDecimals);
  return [0, Number((Math.ceil(max / step) * step).toFixed(6))];
}

/** About `count` round values across the domain, both ends included when they are round. */
export function valueTicks([min, max]: readonly [number, number], count: number, allowDecimals: boolean): number[] {
  const step = roundStep(max - min, count, allowDecimals);
  const ticks: number[] = [];
  for (let value = Math.ceil(min / step) * step; value <= max + step / 1e6; value += step) ticks.push(Number(value.toFixed(6)));
  return ticks;
}

/** Instants on whole seconds, minutes or hours, at most `count` of them inside the range. */
export function timeTicks(fromMs: number, toMs: number, count: number): number[] {
  const span = toMs - fromMs;
  if (!(span > 0)) return [];
  const step = TIME_STEPS_MS.find((candidate) => span / candidate <= count) ?? TIME_STEPS_MS[TIME_STEPS_MS.length - 1] ?? 3_600_000;
  const ticks: number[] = [];
  for (let t = Math.ceil(fromMs / step) * step; t <= toMs; t += step) ticks.push(t);
  return ticks;
}

/**
 * SVG path data for one line: `x` and `y` map a row's instant and value to the plot's units.
 * A row without a value breaks the line (a gap, not a zero); step lines hold each value until
 * the next point, as host and task counts do.
 */
export function linePath(rows: readonly ChartRow[], key: string, x: (t: number) => number, y: (value: number) => number, step: boolean): string {
  const parts: string[] = [];
  let drawing = false;
  for (const row of rows) {
    const value = row[key];
    if (typeof value !== "number") {
      drawing = false;
      continue;
    }
    const px = x(row.t).toFixed(1);
    const py = y(value);
    if (!drawing) parts.push(`M${px} ${py.toFixed(1)}`);
    else if (step) parts.push(`H${px}V${py.toFixed(1)}`);
    else parts.push(`L${px} ${py.toFixed(1)}`);
    drawing = true;
  }
  return parts.join("");
}
