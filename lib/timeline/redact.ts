import { TIMELINE_KINDS } from "./kinds";
import type { TimelineEventView } from "./schemas";

export interface TimelineViewer {
  /** Blind mode on, and the viewer is a trainee: neither the fault nor its timing may show. */
  blind: boolean;
  /**
   * A trainee whose team's log is its own: people's entries of other teams are withheld.
   * Null for everyone who sees every team (facilitators, observers, or when logs are shared).
   */
  onlyTeam: string | null;
}

/** Data keys that would name the scenario, wherever a lab or a person put them. */
const SCENARIO_KEYS = new Set(["scenarioId", "scenarioTitle", "params", "faultId", "runId"]);

/**
 * What a viewer may read of an event, or null when a blind trainee may not see it at all.
 * Decided by the event's kind (see TIMELINE_KINDS): blind trainees are scored on how fast
 * they detect, so they work from the target's own signals and people's entries only.
 */
export function redactTimelineEvent(event: TimelineEventView, viewer: TimelineViewer): TimelineEventView | null {
  if (viewer.onlyTeam !== null && event.teamId !== null && event.teamId !== viewer.onlyTeam) return null;
  if (!viewer.blind) return event;
  const spec = TIMELINE_KINDS[event.kind];
  if (spec.blind === "hide") return null;
  if (spec.blind === "neutral" && spec.neutral) return { ...event, runId: null, actorId: null, actorName: null, ...spec.neutral } as TimelineEventView;
  if (event.runId !== null && spec.writer !== "entry") return null;
  const keys = Object.keys(event.data);
  if (!keys.some((key) => SCENARIO_KEYS.has(key))) return event;
  return { ...event, data: Object.fromEntries(Object.entries(event.data).filter(([key]) => !SCENARIO_KEYS.has(key))) } as TimelineEventView;
}
