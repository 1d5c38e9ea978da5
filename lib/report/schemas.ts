/** What the report routes take: one schema per concept, used by the catalog, the handlers and the editor. */
import { z } from "zod";
import { CapabilitySchema } from "@/lib/scoring/vocabulary";
import { ActionStatusSchema } from "./model";

/** md: one Markdown file, charts inline; md-zip: the Markdown with its charts as SVG files beside it (for code-hosting sites). */
export const REPORT_FORMATS = ["json", "md", "pdf", "md-zip"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const ReportQuerySchema = z
  .object({
    format: z.enum(REPORT_FORMATS, { error: `format must be one of: ${REPORT_FORMATS.join(", ")}` }).default("json"),
    /** A final version's number; without it, the newest final version, or the draft when none is final. */
    version: z.coerce.number({ error: "version must be a whole number" }).int("version must be a whole number").min(1, "version must be at least 1").max(10_000, "version is too large").optional(),
    /** true: the draft as it stands even when a final version exists (facilitators, to preview edits). */
    draft: z.enum(["true", "false"], { error: "draft must be true or false" }).optional(),
  })
  .strict();

const text = (name: string, max: number) => z.string({ error: `${name} is required` }).trim().min(1, `${name} is required`).max(max, `${name} must be at most ${max} characters`);

export const ActionItemInputSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]{1,40}$/, "id is malformed").optional(),
    issue: text("issue", 1000),
    action: text("action", 1000),
    owner: text("owner", 200),
    due: z.iso.date({ error: "due must be a date (YYYY-MM-DD)" }).nullable().default(null),
    capability: CapabilitySchema.nullable().default(null),
    status: ActionStatusSchema.default("open"),
  })
  .strict();

/** The facilitator's edits; every field optional, what is given replaces what was there. */
export const EditReportSchema = z
  .object({
    summary: z.string({ error: "summary must be text" }).max(20_000, "summary must be at most 20000 characters").optional(),
    starred: z.array(z.string().regex(/^[0-9]{1,18}$/, "starred entries are timeline event ids"), { error: "starred must be a list of timeline event ids" }).max(500, "at most 500 starred entries").optional(),
    actionItems: z.array(ActionItemInputSchema, { error: "actionItems must be a list" }).max(200, "at most 200 action items").optional(),
  })
  .strict();
export type EditReportInput = z.infer<typeof EditReportSchema>;

export const FinalizeReportSchema = z.object({}).strict();

export const ReportVersionSummarySchema = z.object({ version: z.number(), finalizedAt: z.string(), finalizedById: z.string() });
