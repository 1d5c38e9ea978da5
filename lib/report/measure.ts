/**
 * What the probe and the snapshots say about a run, and the charts drawn from them. Pure.
 */
import type { Series } from "@/contract/lab";
import type { Availability, ReportChart } from "./model";

/** Samples at or above this share answered count as "up". */
const UP_PERCENT = 100;

/**
 * Availability over [fromMs, toMs] from the public probe (each sample: % of probe requests
 * answered). Zero downtime means every sample answered in full, as in a zero-downtime
 * update's proof: every availability check through the change succeeded.
 */
export function availabilityOf(probe: Series | undefined, fromMs: number, toMs: number): Availability {
  const points = (probe?.points ?? []).filter((point) => point.t >= fromMs && point.t <= toMs);
  if (points.length === 0) return { percent: null, samples: 0, longestOutageSeconds: 0, longestOutageFrom: null, zeroDowntime: "no-probe" };
  const period = points.length > 1 ? ((points.at(-1)?.t ?? 0) - (points[0]?.t ?? 0)) / (points.length - 1) : 1000;
  let sum = 0;
  let longest = 0;
  let longestFrom: number | null = null;
  let runFrom: number | null = null;
  let runLast = 0;
  for (const point of points) {
    sum += Math.min(100, Math.max(0, point.v));
    if (point.v < UP_PERCENT) {
      runFrom ??= point.t;
      runLast = point.t;
      const length = runLast - runFrom + period;
      if (length > longest) {
        longest = length;
        longestFrom = runFrom;
      }
    } else runFrom = null;
  }
  return {
    percent: Math.round((sum / points.length) * 100) / 100,
    samples: points.length,
    longestOutageSeconds: Math.round(longest / 1000),
    longestOutageFrom: longestFrom === null ? null : new Date(longestFrom).toISOString(),
    zeroDowntime: longest === 0 ? "held" : "broken",
  };
}

/** At most this many buckets per chart; each keeps its minimum and maximum so spikes survive. */
export const CHART_BUCKETS = 240;

/** Points of a series inside the window, reduced to min/max per bucket. */
export function chartPoints(series: Series, fromMs: number, toMs: number, buckets = CHART_BUCKETS): Array<[number, number]> {
  const inside = series.points.filter((point) => point.t >= fromMs && point.t <= toMs && Number.isFinite(point.v));
  if (inside.length <= buckets * 2) return inside.map((point) => [point.t, point.v]);
  const width = (toMs - fromMs) / buckets;
  const result: Array<[number, number]> = [];
  let index = 0;
  for (let bucket = 0; bucket < buckets; bucket++) {
    const end = fromMs + (bucket + 1) * width;
    let min: { t: number; v: number } | null = null;
    let max: { t: number; v: number } | null = null;
    for (; index < inside.length && (inside[index]?.t ?? Infinity) <= end; index++) {
      const point = inside[index];
      if (!point) break;
      if (!min || point.v < min.v) min = point;
      if (!max || point.v > max.v) max = point;
    }
    if (!min || !max) continue;
    if (min === max) result.push([min.t, min.v]);
    else if (min.t < max.t) result.push([min.t, min.v], [max.t, max.v]);
    else result.push([max.t, max.v], [min.t, min.v]);
  }
  return result;
}

export interface ChartGeometry {
  width: number;
  height: number;
  plot: { left: number; top: number; right: number; bottom: number };
  line: Array<[number, number]>;
  fault: { x0: number; x1: number } | null;
  marks: Array<{ x: number; label: string }>;
  yTicks: Array<{ y: number; label: string }>;
  xTicks: Array<{ x: number; label: string }>;
}

function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 2.5, 5, 10].find((multiple) => multiple * power >= value) ?? 10;
  return step * power;
}

const formatValue = (value: number) => (value === 0 ? "0" : Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 1 ? value.toFixed(1).replace(/\.0$/, "") : value.toFixed(2));
const clock = (ms: number) => new Date(ms).toISOString().slice(11, 16);

/** Where every stroke of a chart goes, in a width × height box; shared by the SVG and PDF renderers. */
export function chartGeometry(chart: ReportChart, width: number, height: number): ChartGeometry {
  const plot = { left: 44, top: 10, right: width - 10, bottom: height - 22 };
  const top = niceMax(Math.max(0, ...chart.points.map((point) => point[1])));
  const span = Math.max(1, chart.toMs - chart.fromMs);
  const x = (ms: number) => plot.left + ((ms - chart.fromMs) / span) * (plot.right - plot.left);
  const y = (v: number) => plot.bottom - (Math.max(0, v) / top) * (plot.bottom - plot.top);
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    width,
    height,
    plot,
    line: chart.points.map(([t, v]) => [round(x(t)), round(y(v))]),
    fault: chart.fault ? { x0: round(x(Math.max(chart.fromMs, chart.fault.fromMs))), x1: round(x(Math.min(chart.toMs, chart.fault.toMs))) } : null,
    marks: chart.marks.filter((mark) => mark.atMs >= chart.fromMs && mark.atMs <= chart.toMs).map((mark) => ({ x: round(x(mark.atMs)), label: mark.label })),
    yTicks: [0, 0.5, 1].map((share) => ({ y: round(y(top * share)), label: formatValue(top * share) })),
    xTicks: [0, 0.25, 0.5, 0.75, 1].map((share) => ({ x: round(x(chart.fromMs + span * share)), label: clock(chart.fromMs + span * share) })),
  };
}

const escapeXml = (text: string) => text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c] ?? c);

/**
 * The chart as a standalone SVG: greyscale-safe (the fault is a hatched band, marks are dashed
 * lines with their label written out, the series a solid black line).
 */
export function chartSvg(chart: ReportChart, width = 640, height = 180): string {
  const g = chartGeometry(chart, width, height);
  const path = g.line.map(([px, py], index) => `${index === 0 ? "M" : "L"}${px} ${py}`).join("");
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="10">`,
    `<title>${escapeXml(`${chart.label} (${chart.unit})`)}</title>`,
    `<defs><pattern id="h" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#eee"/><line x1="0" y1="0" x2="0" y2="6" stroke="#999" stroke-width="2"/></pattern></defs>`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
  ];
  if (g.fault) parts.push(`<rect x="${g.fault.x0}" y="${g.plot.top}" width="${Math.max(1, g.fault.x1 - g.fault.x0)}" height="${g.plot.bottom - g.plot.top}" fill="url(#h)"/>`);
  for (const tick of g.yTicks) parts.push(`<line x1="${g.plot.left}" x2="${g.plot.right}" y1="${tick.y}" y2="${tick.y}" stroke="#ddd"/><text x="${g.plot.left - 4}" y="${tick.y + 3}" text-anchor="end">${tick.label}</text>`);
  for (const tick of g.xTicks) parts.push(`<text x="${tick.x}" y="${height - 8}" text-anchor="middle">${tick.label}</text>`);
  parts.push(`<path d="${path}" fill="none" stroke="#000" stroke-width="1.2"/>`);
  g.marks.forEach((mark, index) => {
    parts.push(`<line x1="${mark.x}" x2="${mark.x}" y1="${g.plot.top}" y2="${g.plot.bottom}" stroke="#000" stroke-dasharray="3 2"/><text x="${mark.x + 2}" y="${g.plot.top + 10 + (index % 3) * 11}">${escapeXml(mark.label)}</text>`);
  });
  parts.push(`<line x1="${g.plot.left}" x2="${g.plot.left}" y1="${g.plot.top}" y2="${g.plot.bottom}" stroke="#000"/><line x1="${g.plot.left}" x2="${g.plot.right}" y1="${g.plot.bottom}" y2="${g.plot.bottom}" stroke="#000"/></svg>`);
  return parts.join("");
}
