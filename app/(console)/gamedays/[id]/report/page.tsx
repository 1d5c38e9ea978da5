import Link from "next/link";
import { notFound } from "next/navigation";
import { ApiError } from "@/lib/api/errors";
import { requirePagePrincipal } from "@/lib/auth/current-user";
import { IdSchema } from "@/lib/db/ids";
import { getReportEdits } from "@/lib/report/edit-report";
import { listReportVersions } from "@/lib/report/finalize-report";
import { getReport, requireReportAccess } from "@/lib/report/get-report";
import { PrintButton } from "@/components/report/print-button";
import { ReportEditor, type StarCandidate } from "@/components/report/report-editor";
import { ReportView } from "@/components/report/report-view";

function notFoundOn404(error: unknown): never {
  if (error instanceof ApiError && (error.code === "not_found" || error.code === "forbidden")) notFound();
  throw error;
}

/**
 * The report as a printable page with its downloads. Facilitators see the draft with its
 * editor (and may mark it final); everyone else the newest final version, or the draft while
 * none is final. `?version=n` shows a final version.
 */
export default async function ReportPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ version?: string }> }) {
  const { id } = await params;
  const { version: asked } = await searchParams;
  const principal = await requirePagePrincipal(undefined, `/gamedays/${id}/report`);
  if (!IdSchema.safeParse(id).success) notFound();
  const { canManage, gameDay } = await requireReportAccess(principal, id).catch(notFoundOn404);
  const version = asked && /^[0-9]{1,5}$/.test(asked) ? Number(asked) : undefined;
  const report = await getReport(principal, id, { version, draft: canManage && version === undefined }).catch(notFoundOn404);
  const versions = await listReportVersions(principal, id);
  const edits = canManage && !report.final ? await getReportEdits(principal, id) : null;
  const candidates: StarCandidate[] = report.runs.flatMap((run, index) =>
    run.timeline
      .filter((entry) => entry.source === "user" || entry.starred || entry.kind.startsWith("steady-state") || entry.kind.startsWith("fault."))
      .map((entry) => ({ id: entry.id, at: entry.at, label: entry.label, who: [entry.teamName, entry.actorName].filter(Boolean).join(" · ") || "system", body: entry.body, run: `Run ${index + 1}` })),
  );
  const download = (format: string) => `/api/gamedays/${id}/report?format=${format}${version ? `&version=${version}` : canManage ? "&draft=true" : ""}`;
  return (
    <div className="stack">
      <div className="row no-print">
        <h1 className="grow">Report: {gameDay.title}</h1>
        <a className="button primary" href={download("pdf")} download>
          Download PDF
        </a>
        <a className="button" href={download("md")} download>
          Markdown
        </a>
        <a className="button" href={download("md-zip")} download>
          Markdown + charts (zip)
        </a>
        <a className="button" href={download("json")} download>
          JSON
        </a>
        <PrintButton />
        <Link href={`/gamedays/${id}`}>Back to the game day</Link>
      </div>
      {versions.length ? (
        <p className="row no-print muted">
          Final versions:
          {versions.map((entry) => (
            <Link key={entry.version} href={`/gamedays/${id}/report?version=${entry.version}`}>
              v{entry.version} ({entry.finalizedAt.slice(0, 16).replace("T", " ")} UTC)
            </Link>
          ))}
          {canManage && version ? <Link href={`/gamedays/${id}/report`}>Back to the draft</Link> : null}
        </p>
      ) : null}
      {edits ? <ReportEditor gameDayId={id} summary={edits.summary} starred={edits.starred} actionItems={edits.actionItems} candidates={candidates} canFinalize={gameDay.status === "ended"} /> : null}
      <ReportView report={report} />
    </div>
  );
}
