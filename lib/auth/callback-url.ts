/**
 * Where the sign-in page may send a person afterwards: a path of the console itself, never
 * another site. Browsers read `/\evil.example` and `/\t/evil.example` as `//evil.example`, so a
 * prefix check on "/" is not enough: the value is resolved the way a browser would and
 * kept only when it stays on the console.
 */
export function safeCallbackPath(value: string | string[] | undefined): string {
  if (typeof value !== "string" || !value.startsWith("/")) return "/";
  const base = "http://console.invalid";
  let resolved: URL;
  try {
    resolved = new URL(value, base);
  } catch {
    return "/";
  }
  if (resolved.origin !== base) return "/";
  return `${resolved.pathname}${resolved.search}${resolved.hash}`;
}
