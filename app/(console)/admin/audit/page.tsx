import { requirePagePrincipal } from "@/lib/auth/current-user";
import { listAudit } from "@/lib/audit/list-audit";

export default async function AuditPage() {
  await requirePagePrincipal(["admin"], "/admin/audit");
  const entries = await listAudit({ limit: 200 });
  return (
    <div className="stack">
      <h1>Audit log</h1>
      <p className="muted">Every state-changing call: who, what, when (UTC) and from where. Newest first; the log cannot be edited.</p>
      <section className="card" style={{ overflowX: "auto" }} aria-label="Audit entries, scrollable" tabIndex={0}>
        {entries.length === 0 ? (
          <p className="empty">Nothing recorded yet.</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th>When</th>
                <th>Who</th>
                <th>Action</th>
                <th>Target</th>
                <th>From</th>
                <th>Details</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id}>
                  <td className="mono">{entry.at.toISOString().replace("T", " ").slice(0, 23)}</td>
                  <td>
                    {entry.actorEmail ?? "system"} <span className="muted">({entry.actorKind})</span>
                  </td>
                  <td className="mono">{entry.action}</td>
                  <td className="mono">{entry.targetType ? `${entry.targetType}:${entry.targetId ?? ""}` : "—"}</td>
                  <td className="mono">{entry.ip ?? "—"}</td>
                  <td className="mono">{JSON.stringify(entry.details)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
