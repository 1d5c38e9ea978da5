import "server-only";
import { fileName } from "./format";
import type { Report } from "./model";
import { renderMarkdown, renderMarkdownBundle } from "./render-markdown";
import { renderPdf } from "./render-pdf";
import type { ReportFormat } from "./schemas";
import { zip } from "./zip";

export const CONTENT_TYPES: Record<ReportFormat, string> = { json: "application/json", md: "text/markdown; charset=utf-8", pdf: "application/pdf", "md-zip": "application/zip" };
const EXTENSIONS: Record<ReportFormat, string> = { json: "json", md: "md", pdf: "pdf", "md-zip": "zip" };

/** The report in one format, as a download: its bytes, content type and file name. */
export async function renderReport(report: Report, format: ReportFormat): Promise<{ body: string | Buffer; contentType: string; fileName: string }> {
  const body =
    format === "pdf" ? await renderPdf(report) : format === "md" ? renderMarkdown(report) : format === "md-zip" ? zip(renderMarkdownBundle(report), new Date(report.generatedAt)) : JSON.stringify(report, null, 2);
  return { body, contentType: CONTENT_TYPES[format], fileName: fileName(report, EXTENSIONS[format]) };
}
