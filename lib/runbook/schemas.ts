import { z } from "zod";
import { SCENARIO_IDS } from "@/contract/scenarios";

/** A runbook is named by the scenario it was written for. */
export const RunbookIdSchema = z.enum(SCENARIO_IDS, { error: `runbookId must be one of: ${SCENARIO_IDS.join(", ")}` });

export const ChooseRunbookSchema = z.object({ runbookId: RunbookIdSchema }).strict();
export type ChooseRunbookInput = z.infer<typeof ChooseRunbookSchema>;

export const RunbookStepInputSchema = z
  .object({
    runbookId: RunbookIdSchema,
    stepId: z.string({ error: "stepId is required" }).min(1, "stepId is required").max(80, "stepId must be at most 80 characters"),
    status: z.enum(["done", "skipped", "todo"], { error: "status must be done, skipped or todo" }),
    note: z.string().trim().max(1000, "note must be at most 1000 characters").optional(),
  })
  .strict();
export type RunbookStepInput = z.infer<typeof RunbookStepInputSchema>;

/** One runbook as a responder reads it: steps grouped detect → diagnose → mitigate → verify. */
export const RunbookViewSchema = z.object({
  id: z.string(),
  title: z.string(),
  steps: z.array(
    z.object({ id: z.string(), phase: z.string(), title: z.string(), detail: z.string(), tier: z.string(), aws: z.string().nullable(), local: z.string().nullable() }),
  ),
});
export type RunbookView = z.infer<typeof RunbookViewSchema>;
