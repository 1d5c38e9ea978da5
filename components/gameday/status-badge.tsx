const TONE: Record<string, string> = { draft: "", scheduled: "info", running: "warn", ended: "ok", cancelled: "bad" };

export function GameDayStatusBadge({ status, halted }: { status: string; halted?: boolean }) {
  if (halted) return <span className="badge bad">halted</span>;
  return <span className={`badge ${TONE[status] ?? ""}`}>{status}</span>;
}
