/**
 * What a benchmark reports: its section of BENCHMARKS.md. Each script calls `reportFigures`
 * once at the end; `npm run bench` (bench/run.ts) collects the sections and rewrites
 * BENCHMARKS.md, keeping the sections of scripts it did not run this time.
 */
import { appendFileSync } from "node:fs";
import { z } from "zod";

export const FigureSchema = z.object({
  /** What was measured, in the words of the person reading the table. */
  what: z.string().min(1),
  /** The goal, e.g. "p95 ≤ 1 s"; empty when the figure is context, not a goal. */
  target: z.string().default(""),
  /** The measurement, e.g. "p50 54 ms, p95 86 ms (20 trials)". */
  measured: z.string().min(1),
  /** Whether the goal was met; absent when there is no goal. */
  met: z.boolean().optional(),
});
export type Figure = z.input<typeof FigureSchema>;

export const SectionSchema = z.object({
  /** The script's file name without `.ts`: the key a later run replaces. */
  script: z.string().min(1),
  title: z.string().min(1),
  /** How to run only this benchmark, e.g. `npm run bench -- lab-halt`. */
  command: z.string().min(1),
  /** What the setup is and how to read the figures (Markdown paragraphs). */
  about: z.string().default(""),
  figures: z.array(FigureSchema).min(1),
  /** Findings worth keeping next to the numbers (Markdown). */
  notes: z.string().default(""),
  measuredAt: z.string().optional(),
  /** The machine's 1-minute load average just before the script started (set by the runner). */
  loadBefore: z.number().optional(),
});
export type Section = z.infer<typeof SectionSchema>;

/** Prints the section as a table and, under `npm run bench`, hands it to the runner. */
export function reportFigures(section: z.input<typeof SectionSchema>): void {
  const parsed = SectionSchema.parse({ ...section, measuredAt: new Date().toISOString() });
  console.log(`\n${parsed.title}`);
  for (const figure of parsed.figures) {
    const verdict = figure.met === undefined ? "" : figure.met ? "  [met]" : "  [NOT MET]";
    console.log(`  ${figure.what}: ${figure.measured}${figure.target ? `  (target ${figure.target})` : ""}${verdict}`);
  }
  const sink = process.env.BENCH_FIGURES_FILE;
  if (sink) appendFileSync(sink, `${JSON.stringify(parsed)}\n`);
}

/** Formats milliseconds the way the tables do: "86 ms", "1.42 s". */
export function formatMs(value: number): string {
  return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`;
}

/** Nearest-rank percentile of the values (p in 0..100). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}
