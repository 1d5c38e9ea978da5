/** Words and numbers as every renderer writes them. Pure. */
import { CAPABILITY_LABELS, RATING_LABELS, type Capability, type Rating } from "@/lib/scoring/vocabulary";
import type { Report, ReportRun } from "./model";

export const time = (value: string | null) => (value ? `${value.slice(11, 19)} UTC` : "—");
export const dateTime = (value: string | null) => (value ? `${value.slice(0, 10)} ${value.slice(11, 16)} UTC` : "—");
export const seconds = (value: number | null | undefined) => (value === null || value === undefined ? "—" : value >= 120 ? `${Math.floor(value / 60)} min ${Math.round(value % 60)} s` : `${Math.round(value)} s`);
export const capability = (name: Capability) => CAPABILITY_LABELS[name];
export const rating = (value: Rating | null) => (value ? `${value} (${RATING_LABELS[value]})` : "not rated");

export const ZERO_DOWNTIME_WORDS = { held: "Zero downtime held", broken: "Zero downtime broken", "no-probe": "No probe data" } as const;

/** The "what happened" rows of a run, label and value, in reading order. */
export function happenedRows(run: ReportRun): Array<[string, string]> {
  const h = run.happened;
  return [
    ["Fault start", time(h.faultStart)],
    ["Impact onset", h.impactOnset ? `${time(h.impactOnset)}${h.impactDetail ? ` (${h.impactDetail})` : ""}` : "no visible impact"],
    ["Steady state lost", h.steadyStateLost.map(time).join(", ") || "—"],
    ["Steady state regained", h.steadyStateRegained.map(time).join(", ") || "—"],
    ["Fault end", `${time(h.faultEnd)}${h.faultEndedBy ? ` (${h.faultEndedBy})` : ""}`],
    ["Recovery", time(h.recovery)],
    ["Availability (public probe)", run.availability.percent === null ? "no probe data" : `${run.availability.percent} % of ${run.availability.samples} samples`],
    ["Longest outage", run.availability.longestOutageFrom ? `${seconds(run.availability.longestOutageSeconds)} from ${time(run.availability.longestOutageFrom)}` : "none"],
    ["Zero-downtime verdict", ZERO_DOWNTIME_WORDS[run.availability.zeroDowntime]],
  ];
}

/** Measures of one team on a run, label and value. */
export function measureRows(team: ReportRun["teams"][number]): Array<[string, string]> {
  const m = team.measures;
  return [
    ["Time to detect", seconds(m.timeToDetect?.seconds)],
    ["Time to diagnose", `${seconds(m.timeToDiagnose?.seconds)} (diagnosis ${m.diagnosis})`],
    ["Time to mitigate", `${seconds(m.timeToMitigate?.seconds)} (${m.mitigation})`],
    ["First status update", seconds(m.timeToFirstStatusUpdate?.seconds)],
  ];
}

/** How many timeline entries a printed run shows; the JSON export has all of them. */
export const PRINTED_ENTRIES = 150;

/** The entries a printed run shows: people's entries and the console's own first, lab noise only while room is left. */
export function printedTimeline(run: ReportRun): { entries: ReportRun["timeline"]; left: number } {
  if (run.timeline.length <= PRINTED_ENTRIES) return { entries: run.timeline, left: 0 };
  const rank = (entry: ReportRun["timeline"][number]) => (entry.starred ? 0 : entry.source === "user" ? 1 : 2);
  const kept = new Set([...run.timeline].sort((a, b) => rank(a) - rank(b)).slice(0, PRINTED_ENTRIES).map((entry) => entry.id));
  const entries = run.timeline.filter((entry) => kept.has(entry.id));
  return { entries, left: run.timeline.length - entries.length };
}

export const fileName = (report: Report, extension: string) => {
  const slug = report.gameDay.title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 60) || "game-day";
  return `${slug}-report${report.final ? `-v${report.version}` : "-draft"}.${extension}`;
};
