import { RATING_LABELS, type Rating } from "@/lib/scoring/vocabulary";

const TONE: Record<Rating, string> = { P: "ok", S: "info", M: "warn", U: "bad" };

/** A P/S/M/U rating with its HSEEP meaning as the accessible name; "n/a" when the capability does not apply. */
export function RatingBadge({ rating, label }: { rating: Rating | null; label?: string }) {
  if (rating === null) return <span className="badge" title="Not applicable to this run">n/a</span>;
  return (
    <span className={`badge ${TONE[rating]}`} title={RATING_LABELS[rating]} aria-label={`${label ? `${label}: ` : ""}${rating}, ${RATING_LABELS[rating]}`}>
      {rating}
    </span>
  );
}
