import type { LiveEvent } from "./events";

const encoder = new TextEncoder();

/** One SSE message; timeline events carry their id so a reconnect resumes after it. */
export function encodeLiveEvent(event: LiveEvent, id?: string): Uint8Array {
  return encoder.encode(`${id ? `id: ${id}\n` : ""}data: ${JSON.stringify(event)}\n\n`);
}

/** Tells the browser how long to wait before reconnecting. */
export function encodeRetry(milliseconds: number): Uint8Array {
  return encoder.encode(`retry: ${milliseconds}\n\n`);
}
