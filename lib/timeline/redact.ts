import type { TimelineEventView } from "./schemas";

export interface TimelineViewer {
  /** Blind mode on, and the viewer is a trainee: the scenario must not show. */
  blind: boolean;
}

/**
 * What a viewer may read of an event. In blind mode trainees see system events that name a
 * scenario through their neutral wording (`data.blindBody`), without scenario ids or params.
 */
export function redactTimelineEvent(event: TimelineEventView, viewer: TimelineViewer): TimelineEventView {
  if (!viewer.blind || event.source !== "system") return event;
  const { blindBody, scenarioId: _scenarioId, params: _params, scenarioTitle: _scenarioTitle, ...rest } = event.data;
  if (typeof blindBody !== "string" && _scenarioId === undefined) return event;
  return { ...event, body: typeof blindBody === "string" ? blindBody : event.body, data: rest };
}
