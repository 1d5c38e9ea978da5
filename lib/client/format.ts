/**
 * How the console writes times and numbers. Timeline instants are UTC with milliseconds
 * (the record is evidence; local time zones would make two screens disagree).
 */

/** `18:04:05.123` (UTC). */
export function formatUtcTime(iso: string | number): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? "—" : date.toISOString().slice(11, 23);
}

/** `2026-11-24 18:04:05.123 UTC`. */
export function formatUtcDateTime(iso: string | number): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? "—" : `${date.toISOString().slice(0, 23).replace("T", " ")} UTC`;
}

/** A countdown or elapsed time: `42 s`, `2:05`, `1:02:03`. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  if (total < 60) return `${total} s`;
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, "0");
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, "0")}:${seconds}` : `${minutes}:${seconds}`;
}

/** How old a reading is: `now`, `4 s ago`, `3 min ago`, `2 h ago`. */
export function formatAge(ms: number): string {
  if (ms < 1500) return "now";
  const seconds = Math.round(ms / 1000);
  if (seconds < 120) return `${seconds} s ago`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 120) return `${minutes} min ago`;
  return `${Math.round(minutes / 60)} h ago`;
}

/** A chart value with its unit, compact enough for an axis tick or a tooltip. */
export function formatValue(value: number, unit: "count" | "ms" | "percent" | "seconds"): string {
  if (!Number.isFinite(value)) return "—";
  switch (unit) {
    case "percent":
      return `${value >= 99.95 || value === 0 ? value.toFixed(0) : value.toFixed(1)} %`;
    case "ms":
      return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(value < 10 ? 1 : 0)} ms`;
    case "seconds":
      return `${value.toFixed(value < 10 ? 2 : 0)} s`;
    case "count":
      return Math.abs(value) >= 10_000 ? `${(value / 1000).toFixed(0)}k` : Math.abs(value) >= 1000 ? `${(value / 1000).toFixed(1)}k` : Number.isInteger(value) ? String(value) : value.toFixed(1);
  }
}

/** `12.5 %` of errors among requests; `—` without requests. */
export function formatErrorRate(errors: number, requests: number): string {
  if (requests <= 0) return "—";
  const rate = (errors / requests) * 100;
  return `${rate === 0 ? "0" : rate < 0.1 ? "<0.1" : rate.toFixed(1)} %`;
}
