/**
 * Spans from the tasks (OTLP) and from the load balancer, kept for the trace retention and
 * folded on request.
 */
import type { TracesView } from "../api/schemas";
import { foldGraph, summarise, type GraphNaming } from "./graph";
import type { SpanRecord } from "./otlp";

export const SAMPLE_LIMIT = 50;

export class TraceStore {
  private spans: SpanRecord[] = [];
  private readonly retentionMs: number;
  private readonly naming: GraphNaming;

  constructor(retentionSeconds: number, naming: GraphNaming) {
    this.retentionMs = retentionSeconds * 1000;
    this.naming = naming;
  }

  add(spans: readonly SpanRecord[]): void {
    for (const span of spans) this.spans.push(span);
    // Bounded however much a runaway exporter sends.
    if (this.spans.length > 200_000) this.spans.splice(0, this.spans.length - 200_000);
  }

  prune(nowMs = Date.now()): void {
    const oldest = nowMs - this.retentionMs;
    if (this.spans.length > 0 && (this.spans[0]?.endMs ?? nowMs) < oldest) this.spans = this.spans.filter((span) => span.endMs >= oldest);
  }

  /** Spans of every trace that has a span starting in [fromMs, toMs]. */
  private window(fromMs: number, toMs: number): SpanRecord[] {
    const traceIds = new Set<string>();
    for (const span of this.spans) if (span.startMs >= fromMs && span.startMs <= toMs) traceIds.add(span.traceId);
    return this.spans.filter((span) => traceIds.has(span.traceId));
  }

  query(fromMs: number, toMs: number): TracesView {
    const spans = this.window(fromMs, toMs);
    return { graph: foldGraph(spans, this.naming), samples: summarise(spans, SAMPLE_LIMIT) };
  }

  /** Spans of one trace (tests follow a request end to end). */
  trace(traceId: string): SpanRecord[] {
    return this.spans.filter((span) => span.traceId === traceId);
  }
}
