/**
 * Keeps a game day's live state in the browser: one EventSource per tab on the game day's
 * stream, every message checked against the live schema before it reaches the reducer.
 *
 * The browser reconnects an EventSource by itself after a network drop (sending
 * Last-Event-ID, so the timeline resumes without gaps); when the server answers with an
 * error instead, the browser gives up and we reconnect by hand with backoff. While the
 * stream is not open, runs, the timeline and the game day's status are polled, so the
 * controls never act on a stale picture.
 */
import { useCallback, useEffect, useReducer, useRef, useState, type Dispatch } from "react";
import { z } from "zod";
import { GameDayStatusSchema } from "@/lib/gameday/vocabulary";
import { LiveEventSchema } from "@/lib/live/events";
import { apiCall } from "./api";
import { initialLiveState, reduceLive, type LiveAction, type LiveSeed, type LiveState } from "./live-state";
import { RunsAnswerSchema, TimelineAnswerSchema } from "./schemas";

const FALLBACK_POLL_MS = 5000;
const MAX_BACKOFF_MS = 30_000;

const GameDayStatusAnswerSchema = z.object({
  gameDay: z.object({
    status: GameDayStatusSchema,
    startedAt: z.string().nullable(),
    endedAt: z.string().nullable(),
    haltedAt: z.string().nullable(),
    haltedReason: z.string().nullable(),
  }),
});

/** The live state and what the page can do to it. */
export interface LiveGameDay {
  state: LiveState;
  dispatch: Dispatch<LiveAction>;
  windowSeconds: number;
  /** Changes how much metric history the charts hold; reconnects the stream for the backlog. */
  setWindowSeconds: (seconds: number) => void;
  /** Reconnect now instead of waiting for the backoff. */
  reconnect: () => void;
}

/**
 * `after` names the newest timeline entry already held (server-rendered, or from an earlier
 * connection), so a fresh EventSource does not replay the backlog; the browser's own
 * reconnects send Last-Event-ID instead, which the server prefers.
 */
export function streamUrl(gameDayId: string, windowSeconds: number, after: string | null): string {
  return `/api/gamedays/${encodeURIComponent(gameDayId)}/stream?window=${windowSeconds}${after ? `&after=${after}` : ""}`;
}

export function useLiveGameDay(gameDayId: string, seed: LiveSeed): LiveGameDay {
  const [state, dispatch] = useReducer(reduceLive, seed, initialLiveState);
  const [windowSeconds, setWindow] = useState(seed.windowSeconds);
  const [attempt, setAttempt] = useState(0);
  const failures = useRef(0);
  const newestTimelineId = state.timeline.at(-1)?.id ?? null;
  const lastTimelineId = useRef<string | null>(newestTimelineId);
  useEffect(() => {
    lastTimelineId.current = newestTimelineId;
  }, [newestTimelineId]);

  useEffect(() => {
    const source = new EventSource(streamUrl(gameDayId, windowSeconds, lastTimelineId.current));
    let retry: ReturnType<typeof setTimeout> | undefined;
    dispatch({ type: "connection", status: attempt === 0 ? "connecting" : "reconnecting" });
    source.onopen = () => {
      failures.current = 0;
      dispatch({ type: "connection", status: "open" });
    };
    source.onmessage = (message: MessageEvent<string>) => {
      let data: unknown;
      try {
        data = JSON.parse(message.data);
      } catch {
        dispatch({ type: "rejected" });
        return;
      }
      const parsed = LiveEventSchema.safeParse(data);
      if (parsed.success) dispatch({ type: "event", event: parsed.data, receivedAt: Date.now() });
      else dispatch({ type: "rejected" });
    };
    source.onerror = () => {
      if (source.readyState !== EventSource.CLOSED) {
        dispatch({ type: "connection", status: "reconnecting" });
        return;
      }
      dispatch({ type: "connection", status: "down" });
      const delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** failures.current);
      failures.current += 1;
      retry = setTimeout(() => setAttempt((value) => value + 1), delay);
    };
    return () => {
      clearTimeout(retry);
      source.close();
    };
  }, [gameDayId, windowSeconds, attempt]);

  const streamOpen = state.connection === "open";
  useEffect(() => {
    if (streamOpen) return;
    let cancelled = false;
    const poll = async () => {
      const after = lastTimelineId.current;
      const [runs, timeline, gameDay] = await Promise.allSettled([
        apiCall(`/api/gamedays/${gameDayId}/runs`, RunsAnswerSchema),
        apiCall(`/api/gamedays/${gameDayId}/timeline${after ? `?after=${after}` : ""}`, TimelineAnswerSchema),
        apiCall(`/api/gamedays/${gameDayId}`, GameDayStatusAnswerSchema),
      ]);
      if (cancelled) return;
      if (runs.status === "fulfilled") dispatch({ type: "runs", runs: runs.value.runs });
      if (timeline.status === "fulfilled") dispatch({ type: "timeline", events: timeline.value.events });
      if (gameDay.status === "fulfilled") dispatch({ type: "gameday", gameDay: gameDay.value.gameDay });
    };
    const timer = setInterval(() => void poll(), FALLBACK_POLL_MS);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [gameDayId, streamOpen]);

  const setWindowSeconds = useCallback((seconds: number) => {
    setWindow(seconds);
    dispatch({ type: "window", windowSeconds: seconds });
  }, []);
  const reconnect = useCallback(() => {
    failures.current = 0;
    setAttempt((value) => value + 1);
  }, []);

  return { state, dispatch, windowSeconds, setWindowSeconds, reconnect };
}
