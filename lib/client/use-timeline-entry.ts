"use client";

import { useCallback, useRef } from "react";
import { ApiCallError, apiCall } from "./api";
import { fieldErrorsOf } from "./form";
import { TimelineEntryAnswerSchema } from "./schemas";
import { useSubmission } from "./use-submission";
import { CreateTimelineEntrySchema, type CreateTimelineEntryInput, type TimelineEventView } from "@/lib/timeline/schemas";

/** How long to wait before the one automatic retry when the server gives no Retry-After of its own. */
const RETRY_DELAY_MS = 1000;

/** The answer never arrived, or the console said "try again shortly": the entry may or may not be stored. */
function worthRetrying(failure: unknown): boolean {
  return failure instanceof ApiCallError && (failure.status === 0 || failure.status === 503 || failure.code === "bad_response");
}

/**
 * Writes a timeline entry the way every form does: checked against the API's own schema
 * first (field messages without a round trip), then sent; `onSaved` gets the stored entry.
 * Each entry carries its own entryKey, kept until it is saved: a retry (the automatic one
 * after a dropped connection or a 503, or the person pressing Save again on the same words)
 * returns the entry already stored instead of writing it twice.
 */
export function useTimelineEntry(gameDayId: string) {
  const { pending, errors, setErrors, submit } = useSubmission();
  const unsaved = useRef<{ fingerprint: string; entryKey: string } | null>(null);
  const write = useCallback(
    async (input: Record<string, unknown>, onSaved: (event: TimelineEventView) => void) => {
      const parsed = CreateTimelineEntrySchema.safeParse(input);
      if (!parsed.success) {
        setErrors(fieldErrorsOf(parsed.error));
        return;
      }
      const fingerprint = JSON.stringify({ ...parsed.data, entryKey: undefined });
      if (unsaved.current?.fingerprint !== fingerprint) unsaved.current = { fingerprint, entryKey: crypto.randomUUID() };
      const body: CreateTimelineEntryInput = { ...parsed.data, entryKey: parsed.data.entryKey ?? unsaved.current.entryKey };
      const path = `/api/gamedays/${gameDayId}/timeline`;
      await submit(async () => {
        let answer;
        try {
          answer = await apiCall(path, TimelineEntryAnswerSchema, { body });
        } catch (failure) {
          if (!worthRetrying(failure)) throw failure;
          await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS));
          answer = await apiCall(path, TimelineEntryAnswerSchema, { body });
        }
        unsaved.current = null;
        onSaved(answer.event);
      }, "The entry could not be saved.");
    },
    [gameDayId, setErrors, submit],
  );
  return { pending, errors, write };
}
