/** A response body as JSON, or null when it is empty or not JSON (tests assert on both). */
export function jsonOrNull(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
