import { LiveEventSchema, type LiveEvent } from "@/lib/live/events";

export interface ReceivedEvent {
  id: string | null;
  event: LiveEvent;
}

/**
 * Reads server-sent events from a response body as a browser would, until `until` says
 * enough or the time runs out (then it returns what it has: assertions say what was missing).
 */
export async function readEvents(response: Response, until: (received: ReceivedEvent[]) => boolean, timeoutMs: number): Promise<ReceivedEvent[]> {
  const body = response.body;
  if (!body) throw new Error("response has no body");
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const received: ReceivedEvent[] = [];
  let buffer = "";
  const deadline = Date.now() + timeoutMs;
  try {
    while (Date.now() < deadline && !until(received)) {
      const chunk = await Promise.race([reader.read(), new Promise<null>((resolve) => setTimeout(() => resolve(null), Math.max(1, deadline - Date.now())))]);
      if (chunk === null || chunk.done) break;
      buffer += decoder.decode(chunk.value, { stream: true });
      let boundary = buffer.indexOf("\n\n");
      while (boundary >= 0) {
        const block = buffer.slice(0, boundary);
        buffer = buffer.slice(boundary + 2);
        boundary = buffer.indexOf("\n\n");
        let id: string | null = null;
        let data = "";
        for (const line of block.split("\n")) {
          if (line.startsWith("id: ")) id = line.slice(4);
          else if (line.startsWith("data: ")) data += line.slice(6);
        }
        if (data) received.push({ id, event: LiveEventSchema.parse(JSON.parse(data)) });
      }
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return received;
}

export function timelineIds(received: ReceivedEvent[]): string[] {
  return received.flatMap((entry) => (entry.event.type === "timeline" ? [entry.event.event.id] : []));
}
