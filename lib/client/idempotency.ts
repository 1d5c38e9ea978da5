/**
 * Idempotency keys for launches: one per opened launch dialog, reused by every retry of
 * that launch, so a double click or a retry after a timeout can never start a second fault.
 * Built from `crypto.getRandomValues` because `randomUUID` exists only in secure contexts,
 * and the console may be opened over plain HTTP on a LAN address during a game day.
 */
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** 24 characters from [A-Za-z0-9_-] (144 bits), matching the server's IdempotencyKeySchema. */
export function newIdempotencyKey(random: (bytes: Uint8Array) => Uint8Array = (bytes) => crypto.getRandomValues(bytes)): string {
  const bytes = random(new Uint8Array(24));
  let key = "";
  for (const byte of bytes) key += ALPHABET[byte & 63];
  return key;
}
