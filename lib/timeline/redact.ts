import type { TimelineEventView } from "./schemas";

export interface TimelineViewer {
  /** Blind mode on, and the viewer is a trainee: the scenario must not show. */
  blind: boolean;
}

/**
 * Entries that say when a fault was launched, took effect, ended or was recovered from.
 * Blind trainees are scored on how fast they detect, so they must find the fault from the
 * target's own signals (alarms, task stops, metrics), never from these.
 */
const FAULT_TIMING_KINDS = new Set(["run.launched", "run.phase", "fault.injected", "fault.reverted", "run.stopped"]);

/**
 * What a viewer may read of an event, or null when a blind trainee may not see it at all.
 * Other system entries keep their wording but lose any scenario id and parameters.
 */
export function redactTimelineEvent(event: TimelineEventView, viewer: TimelineViewer): TimelineEventView | null {
  if (!viewer.blind || event.source !== "system") return event;
  if (FAULT_TIMING_KINDS.has(event.kind) || event.runId !== null) return null;
  const { scenarioId, params: _params, scenarioTitle: _scenarioTitle, ...rest } = event.data;
  return scenarioId === undefined ? event : { ...event, data: rest };
}
