import "server-only";
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** A random, URL-safe secret with a readable prefix (e.g. `gdc_…` for API tokens). */
export function randomSecret(prefix = "", bytes = 32): string {
  return `${prefix}${randomBytes(bytes).toString("base64url")}`;
}

/** Tokens are stored as SHA-256: they are long random values, so a slow hash adds nothing. */
export function sha256(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
