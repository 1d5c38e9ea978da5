/**
 * The report as an A4 PDF: pdfkit, with the Inter font embedded from the npm package, vector
 * charts drawn from the same geometry as the SVG ones, bookmarks for every section, a table of
 * contents and page numbers. Black, greys and hatching only, so it prints in greyscale.
 */
import "server-only";
import { readFileSync } from "node:fs";
import path from "node:path";
import PDFDocument from "pdfkit";
import { chartGeometry } from "./measure";
import type { Report, ReportChart, ReportEntry } from "./model";
import { capability, dateTime, happenedRows, measureRows, printedTimeline, rating, time } from "./format";

const FONT_DIR = path.join(process.cwd(), "node_modules/@fontsource/inter/files");
let fonts: { regular: Buffer; bold: Buffer } | null = null;
function loadFonts() {
  fonts ??= { regular: readFileSync(path.join(FONT_DIR, "inter-latin-400-normal.woff")), bold: readFileSync(path.join(FONT_DIR, "inter-latin-700-normal.woff")) };
  return fonts;
}

const MARGIN = 50;
const GREY = "#555555";

type Doc = InstanceType<typeof PDFDocument>;

/** Characters outside the embedded Latin subset, written the way the subset can show them. */
const printable = (text: string) => text.replace(/★/g, "*").replace(/✔/g, "(decided)").replace(/≤/g, "<=").replace(/≥/g, ">=").replace(/→/g, "->");

export async function renderPdf(report: Report): Promise<Buffer> {
  // pdfkit reads its own AFM files when it opens a document, so it stays outside the server bundle (next.config.ts serverExternalPackages).
  const { regular, bold } = loadFonts();
  const doc: Doc = new PDFDocument({ size: "A4", margins: { top: MARGIN, bottom: MARGIN + 10, left: MARGIN, right: MARGIN }, bufferPages: true, info: { Title: `After-action report: ${report.gameDay.title}`, Subject: "Game day after-action report" }, autoFirstPage: true });
  doc.registerFont("body", regular);
  doc.registerFont("bold", bold);
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  const width = doc.page.width - MARGIN * 2;
  const text = (value: string, options: PDFKit.Mixins.TextOptions & { size?: number; font?: "body" | "bold"; color?: string } = {}) => {
    const { size = 10, font = "body", color = "#000000", ...rest } = options;
    doc.font(font).fontSize(size).fillColor(color).text(printable(value), { width, ...rest });
  };
  const ensure = (height: number) => {
    if (doc.y + height > doc.page.height - MARGIN - 10) doc.addPage();
  };
  const heading = (title: string, level: 1 | 2 | 3) => {
    ensure(level === 1 ? 80 : 50);
    if (level === 1 || level === 2) {
      doc.outline.addItem(printable(title));
    }
    doc.moveDown(level === 3 ? 0.4 : 0.8);
    text(title, { size: level === 1 ? 18 : level === 2 ? 14 : 11.5, font: "bold" });
    doc.moveDown(0.3);
  };
  const bullets = (items: string[], none: string) => {
    for (const item of items.length ? items : [none]) {
      ensure(14);
      text(`•  ${item}`, { indent: 0 });
    }
  };
  const rows = (pairs: Array<[string, string]>, labelWidth = 150) => {
    for (const [label, value] of pairs) {
      const height = Math.max(doc.font("body").fontSize(9.5).heightOfString(printable(value), { width: width - labelWidth }), 12);
      ensure(height + 2);
      const y = doc.y;
      doc.font("bold").fontSize(9.5).fillColor(GREY).text(printable(label), MARGIN, y, { width: labelWidth - 8 });
      doc.font("body").fontSize(9.5).fillColor("#000000").text(printable(value), MARGIN + labelWidth, y, { width: width - labelWidth });
      doc.x = MARGIN;
      doc.y = Math.max(doc.y, y + height) + 2;
    }
  };
  const entries = (list: ReportEntry[]) => {
    for (const entry of list) {
      const who = [entry.teamName, entry.actorName].filter(Boolean).join(" · ") || (entry.source === "system" ? "system" : "");
      const body = `${entry.label}${who ? ` (${who})` : ""}: ${entry.body}`;
      const height = Math.max(doc.font("body").fontSize(8.5).heightOfString(printable(body), { width: width - 70 }), 10);
      ensure(height + 1);
      const y = doc.y;
      doc.font(entry.starred ? "bold" : "body").fontSize(8.5).fillColor(GREY).text(`${entry.starred ? "* " : ""}${time(entry.at).slice(0, 8)}`, MARGIN, y, { width: 66 });
      doc.font(entry.starred ? "bold" : "body").fontSize(8.5).fillColor("#000000").text(printable(body), MARGIN + 70, y, { width: width - 70 });
      doc.x = MARGIN;
      doc.y = Math.max(doc.y, y + height) + 1;
    }
  };
  const chart = (model: ReportChart) => {
    const height = 150;
    ensure(height + 60);
    text(`${model.label} (${model.unit})`, { size: 9.5, font: "bold" });
    text(model.expectation, { size: 8.5, color: GREY });
    const g = chartGeometry(model, width, height);
    const ox = MARGIN;
    const oy = doc.y + 4;
    // Nothing inside a chart may start a new page.
    const bottomMargin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.save();
    if (g.fault) {
      const x0 = ox + g.fault.x0;
      const x1 = ox + Math.max(g.fault.x0 + 1, g.fault.x1);
      doc.rect(x0, oy + g.plot.top, x1 - x0, g.plot.bottom - g.plot.top).fill("#eeeeee");
      doc.save().rect(x0, oy + g.plot.top, x1 - x0, g.plot.bottom - g.plot.top).clip();
      for (let x = x0 - (g.plot.bottom - g.plot.top); x < x1; x += 6) doc.moveTo(x, oy + g.plot.bottom).lineTo(x + (g.plot.bottom - g.plot.top), oy + g.plot.top).lineWidth(0.5).stroke("#aaaaaa");
      doc.restore();
    }
    doc.font("body").fontSize(7).fillColor(GREY);
    for (const tick of g.yTicks) {
      doc.moveTo(ox + g.plot.left, oy + tick.y).lineTo(ox + g.plot.right, oy + tick.y).lineWidth(0.3).stroke("#cccccc");
      doc.text(tick.label, ox, oy + tick.y - 3, { width: g.plot.left - 4, align: "right", lineBreak: false });
    }
    for (const tick of g.xTicks) doc.text(tick.label, ox + tick.x - 20, oy + height - 14, { width: 40, align: "center", lineBreak: false });
    g.line.forEach(([x, y], index) => (index === 0 ? doc.moveTo(ox + x, oy + y) : doc.lineTo(ox + x, oy + y)));
    if (g.line.length) doc.lineWidth(1).stroke("#000000");
    g.marks.forEach((mark, index) => {
      doc.moveTo(ox + mark.x, oy + g.plot.top).lineTo(ox + mark.x, oy + g.plot.bottom).lineWidth(0.7).dash(3, { space: 2 }).stroke("#000000").undash();
      doc.fillColor("#000000").text(printable(mark.label), ox + mark.x + 2, oy + g.plot.top + 2 + (index % 3) * 9, { lineBreak: false });
    });
    doc.moveTo(ox + g.plot.left, oy + g.plot.top).lineTo(ox + g.plot.left, oy + g.plot.bottom).lineTo(ox + g.plot.right, oy + g.plot.bottom).lineWidth(0.8).stroke("#000000");
    doc.restore();
    doc.page.margins.bottom = bottomMargin;
    doc.x = MARGIN;
    doc.y = oy + height + 6;
  };

  const g = report.gameDay;
  // Page 1: title, contents, summary.
  text(`After-action report`, { size: 11, color: GREY });
  text(g.title, { size: 22, font: "bold" });
  text(`${report.final ? `Final, version ${report.version} (${dateTime(report.finalizedAt)})` : `Draft generated ${dateTime(report.generatedAt)}`} · ${g.environment} · ${dateTime(g.startedAt)} to ${dateTime(g.endedAt)}`, { size: 9.5, color: GREY });
  doc.moveDown(0.8);
  text("Contents", { size: 12, font: "bold" });
  const sections = ["Summary", "Game day", ...report.runs.map((run, index) => `Run ${index + 1}: ${run.title}`), "Improvement plan", "Definitions"];
  const tocY = doc.y;
  doc.y += sections.length * 13 + 6;
  const pageOf = new Map<string, number>();
  const at = (title: string) => pageOf.set(title, doc.bufferedPageRange().start + doc.bufferedPageRange().count);

  at("Summary");
  heading("Summary", 1);
  if (report.summary.facilitatorWords.trim()) {
    text(report.summary.facilitatorWords.trim(), { size: 10.5 });
    doc.moveDown(0.5);
  }
  const starred = report.runs.flatMap((run) => run.starred);
  if (starred.length) {
    heading("Key moments", 3);
    entries(starred);
  }
  const block = (title: string, items: string[], none: string) => {
    heading(title, 3);
    bullets(items, none);
  };
  block("What we tested", report.summary.tested, "No fault was injected.");
  block("What held", report.summary.held, "Nothing held without users noticing.");
  block("What did not hold", report.summary.didNotHold, "Nothing: users saw no downtime.");
  block("How the teams did", report.summary.teams, "No scores to show.");
  block("The three most important actions", report.summary.topActions, "No action items yet.");

  at("Game day");
  heading("Game day", 1);
  rows([
    ["Facilitators", g.facilitators.join(", ") || "—"],
    ["Observers", g.observers.join(", ") || "—"],
    ...g.teams.map((team): [string, string] => [`Team ${team.name}`, team.members.join(", ") || "—"]),
    ["Scenarios", g.scenarios.join(", ") || "—"],
  ]);
  if (g.description) text(g.description, { size: 9.5 });

  report.runs.forEach((run, index) => {
    doc.addPage();
    const title = `Run ${index + 1}: ${run.title}`;
    at(title);
    heading(title, 2);
    text(`Hypothesis. ${run.hypothesis}`, { size: 9.5 });
    text(`Blast radius. ${run.blastRadius || "—"}`, { size: 9.5 });
    heading("What happened", 3);
    rows(happenedRows(run));
    if (run.charts.length) {
      heading("Key metrics", 3);
      text("Hatched band: the fault. Dashed lines: impact onset, each team's detection and mitigation, recovery.", { size: 8.5, color: GREY });
      run.charts.forEach(chart);
    }
    if (run.starred.length) {
      heading("Key moments", 3);
      entries(run.starred);
    }
    for (const team of run.teams) {
      heading(`Team ${team.teamName}: ${team.total} / 100${team.totalOverridden ? " (set by the facilitator)" : ""}`, 3);
      rows(measureRows(team));
      for (const c of team.capabilities) {
        rows([[`${capability(c.capability)}`, `${rating(c.rating)}${c.decided ? " (decided)" : ""}. ${c.reasons.join(" ")}${c.evidence.length ? ` Evidence: ${c.evidence.map((e) => `${time(e.at).slice(0, 8)} ${e.note}${e.body ? ` "${e.body}"` : ""}`).join("; ")}` : ""}`]]);
      }
      text("Strengths", { size: 9.5, font: "bold" });
      bullets(team.strengths, "—");
      text("Areas for improvement", { size: 9.5, font: "bold" });
      bullets(team.improvements, "—");
    }
    heading("Contributors, mitigators, where we got lucky", 3);
    rows([
      ["Contributors", run.contributors.join("\n") || "—"],
      ["Mitigators", run.mitigators.join("\n") || "—"],
      ["Where we got lucky", run.lucky.join("\n") || "—"],
    ]);
    heading("Timeline", 3);
    const printed = printedTimeline(run);
    entries(printed.entries);
    if (printed.left) text(`${printed.left} more entries (system events) are in the JSON export.`, { size: 8.5, color: GREY });
  });

  doc.addPage();
  at("Improvement plan");
  heading("Improvement plan", 1);
  if (report.improvementPlan.length === 0) text("No action items yet.");
  for (const item of report.improvementPlan) {
    rows([
      ["Issue", item.issue],
      ["Corrective action", item.action],
      ["Owner · due · status", `${item.owner} · ${item.due ?? "no date"} · ${item.status}${item.capability ? ` · ${capability(item.capability)}` : ""}`],
    ]);
    doc.moveDown(0.4);
  }
  at("Definitions");
  heading("Definitions", 1);
  for (const [name, value] of Object.entries(report.definitions)) rows([[name, value]], 120);

  // Contents with page numbers, then every page's footer.
  const range = doc.bufferedPageRange();
  doc.switchToPage(range.start);
  sections.forEach((title, index) => {
    const y = tocY + index * 13;
    doc.font("body").fontSize(10).fillColor("#000000").text(printable(title), MARGIN, y, { width: width - 40, lineBreak: false, ellipsis: true });
    doc.text(String(pageOf.get(title) ?? ""), MARGIN + width - 30, y, { width: 30, align: "right", lineBreak: false });
  });
  for (let page = range.start; page < range.start + range.count; page++) {
    doc.switchToPage(page);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font("body").fontSize(8).fillColor(GREY).text(`${printable(g.title)} · page ${page + 1} of ${range.count}`, MARGIN, doc.page.height - MARGIN + 6, { width, align: "center", lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
