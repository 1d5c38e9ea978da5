/**
 * The AWS CLI prints timestamps as ISO 8601, but AWS JSON and restJson1 bodies carry them as
 * epoch seconds (the API references' own examples show e.g. `"createdAt": 1466801808.595`).
 * Fixtures keep the documented ISO text and send it the way the wire does.
 */
export function epoch(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`not an instant: ${iso}`);
  return ms / 1000;
}

/** Epoch seconds of a Date, for bodies built around a test's clock. */
export function epochOf(date: Date): number {
  return date.getTime() / 1000;
}
