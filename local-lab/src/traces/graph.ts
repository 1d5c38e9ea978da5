/**
 * Folds spans into a service graph (client → load balancer → api → backend → database, with
 * request, error and latency figures per node and edge) and into sampled trace summaries,
 * the way X-Ray's service map and trace list read. Pure: the store hands it spans.
 */
import type { ServiceEdgeView, ServiceNodeView, TraceSummaryView, TracesView } from "../api/schemas";
import { percentile } from "../metrics/aggregate";
import type { SpanRecord } from "./otlp";

/** How the fold names things it cannot read from a child span. */
export interface GraphNaming {
  /** Service name of the load balancer's own spans. */
  loadBalancer: string;
  database: { id: string; name: string };
  /** Names the callee of a client span with no child span (e.g. a blackholed backend). */
  resolvePeer: (span: SpanRecord) => string | null;
}

export const CLIENT_NODE = "client";

function statusOf(span: SpanRecord): number | null {
  const status = span.attributes["http.response.status_code"];
  return typeof status === "number" ? status : null;
}

function isFault(span: SpanRecord): boolean {
  const status = statusOf(span);
  return span.error || (status !== null && status >= 500);
}

function isDatabaseCall(span: SpanRecord): boolean {
  return span.attributes["db.system.name"] !== undefined || span.attributes["db.system"] !== undefined;
}

class Tally {
  requests = 0;
  errors = 0;
  readonly durations: number[] = [];

  add(durationMs: number, failed: boolean): void {
    this.requests += 1;
    if (failed) this.errors += 1;
    this.durations.push(Math.max(0, durationMs));
  }

  average(): number | null {
    if (this.durations.length === 0) return null;
    return this.durations.reduce((sum, value) => sum + value, 0) / this.durations.length;
  }

  p95(): number | null {
    return percentile([...this.durations].sort((a, b) => a - b), 95) ?? null;
  }
}

export function foldGraph(spans: readonly SpanRecord[], naming: GraphNaming): TracesView["graph"] {
  const byId = new Map<string, SpanRecord>();
  const children = new Map<string, SpanRecord[]>();
  for (const span of spans) {
    byId.set(span.spanId, span);
    if (span.parentSpanId) {
      const list = children.get(span.parentSpanId) ?? [];
      list.push(span);
      children.set(span.parentSpanId, list);
    }
  }
  const nodes = new Map<string, { view: Omit<ServiceNodeView, "requests" | "errors" | "averageLatencyMs">; tally: Tally }>();
  const node = (id: string, name: string, type: ServiceNodeView["type"]) => {
    let entry = nodes.get(id);
    if (!entry) {
      entry = { view: { id, name, type }, tally: new Tally() };
      nodes.set(id, entry);
    }
    return entry;
  };
  const edges = new Map<string, { source: string; target: string; tally: Tally }>();
  const edge = (source: string, target: string) => {
    const key = `${source}→${target}`;
    let entry = edges.get(key);
    if (!entry) {
      entry = { source, target, tally: new Tally() };
      edges.set(key, entry);
    }
    return entry;
  };

  for (const span of spans) {
    const duration = span.endMs - span.startMs;
    if (span.kind === "server") {
      const type = span.service === naming.loadBalancer ? "load-balancer" : "service";
      node(span.service, span.service, type).tally.add(duration, isFault(span));
      const parent = span.parentSpanId ? byId.get(span.parentSpanId) : undefined;
      if (span.service === naming.loadBalancer && !parent) {
        node(CLIENT_NODE, "Clients", "client").tally.add(duration, isFault(span));
        edge(CLIENT_NODE, span.service).tally.add(duration, isFault(span));
      }
      continue;
    }
    if (span.kind !== "client") continue;
    let target: string | null;
    if (isDatabaseCall(span)) {
      target = naming.database.id;
      node(naming.database.id, naming.database.name, "database").tally.add(duration, isFault(span));
    } else {
      const child = (children.get(span.spanId) ?? []).find((candidate) => candidate.kind === "server");
      target = child ? child.service : naming.resolvePeer(span);
      if (target) node(target, target, "service");
    }
    if (!target) continue;
    node(span.service, span.service, span.service === naming.loadBalancer ? "load-balancer" : "service");
    edge(span.service, target).tally.add(duration, isFault(span));
  }

  return {
    nodes: [...nodes.values()].map(({ view, tally }) => ({ ...view, requests: tally.requests, errors: tally.errors, averageLatencyMs: tally.average() })),
    edges: [...edges.values()].map(
      ({ source, target, tally }): ServiceEdgeView => ({
        source,
        target,
        requests: tally.requests,
        errors: tally.errors,
        averageLatencyMs: tally.average(),
        p95LatencyMs: tally.p95(),
      }),
    ),
  };
}

/** One summary per trace whose root started in the window; faulty traces first, then the newest, up to `limit`. */
export function summarise(spans: readonly SpanRecord[], limit: number): TraceSummaryView[] {
  const traces = new Map<string, SpanRecord[]>();
  for (const span of spans) {
    const list = traces.get(span.traceId) ?? [];
    list.push(span);
    traces.set(span.traceId, list);
  }
  const summaries: TraceSummaryView[] = [];
  for (const [traceId, members] of traces) {
    const ids = new Set(members.map((span) => span.spanId));
    const root = members.filter((span) => !span.parentSpanId || !ids.has(span.parentSpanId)).sort((a, b) => a.startMs - b.startMs)[0];
    if (!root) continue;
    const services: string[] = [];
    for (const span of [...members].sort((a, b) => a.startMs - b.startMs)) if (!services.includes(span.service)) services.push(span.service);
    const method = root.attributes["http.request.method"];
    const path = root.attributes["url.path"];
    summaries.push({
      traceId,
      at: new Date(root.startMs).toISOString(),
      durationMs: Math.max(0, Math.max(...members.map((span) => span.endMs)) - root.startMs),
      method: typeof method === "string" ? method : null,
      path: typeof path === "string" ? path : null,
      status: statusOf(root),
      hasError: members.some((span) => {
        const status = statusOf(span);
        return status !== null && status >= 400 && status < 500;
      }),
      hasFault: members.some(isFault),
      services,
    });
  }
  const faulty = summaries.filter((summary) => summary.hasFault).sort((a, b) => b.at.localeCompare(a.at));
  const rest = summaries.filter((summary) => !summary.hasFault).sort((a, b) => b.at.localeCompare(a.at));
  const faultyShare = faulty.slice(0, Math.ceil(limit / 2));
  return [...faultyShare, ...rest.slice(0, limit - faultyShare.length), ...faulty.slice(faultyShare.length)].slice(0, limit);
}
