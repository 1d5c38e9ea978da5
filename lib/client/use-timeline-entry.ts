"use client";

import { useCallback } from "react";
import { apiCall } from "./api";
import { fieldErrorsOf } from "./form";
import { TimelineEntryAnswerSchema } from "./schemas";
import { useSubmission } from "./use-submission";
import { CreateTimelineEntrySchema, type TimelineEventView } from "@/lib/timeline/schemas";

/**
 * Writes a timeline entry the way every form does: checked against the API's own schema
 * first (field messages without a round trip), then sent; `onSaved` gets the stored entry.
 */
export function useTimelineEntry(gameDayId: string) {
  const { pending, errors, setErrors, submit } = useSubmission();
  const write = useCallback(
    async (input: Record<string, unknown>, onSaved: (event: TimelineEventView) => void) => {
      const parsed = CreateTimelineEntrySchema.safeParse(input);
      if (!parsed.success) {
        setErrors(fieldErrorsOf(parsed.error));
        return;
      }
      await submit(async () => {
        const { event } = await apiCall(`/api/gamedays/${gameDayId}/timeline`, TimelineEntryAnswerSchema, { body: parsed.data });
        onSaved(event);
      }, "The entry could not be saved.");
    },
    [gameDayId, setErrors, submit],
  );
  return { pending, errors, write };
}
