import "server-only";
/**
 * X-Ray: the service graph of a window (client → load balancer → api → backend → database,
 * as X-Ray names them) and a handful of sampled trace summaries as exemplars, errors first.
 */
import { GetServiceGraphCommand, GetTraceSummariesCommand, type Edge, type Service as XRayService, type TraceSummary as XRayTraceSummary } from "@aws-sdk/client-xray";
import { TracesSchema, type ServiceEdge, type ServiceNode, type TraceSummary, type Traces } from "../types";
import { allPages, type AwsContext } from "./context";
import { awsCall } from "./errors";

/** Enough exemplars to click through, few enough for one panel. */
export const MAX_EXEMPLARS = 10;
/** Service graph pages are few (one per group of nodes); bound them anyway. */
const MAX_GRAPH_PAGES = 5;

function nodeType(service: XRayService): ServiceNode["type"] {
  const type = service.Type ?? "";
  const name = service.Name ?? "";
  if (type === "client") return "client";
  if (/ElasticLoadBalancing/i.test(type) || /load.?balancer|\balb\b/i.test(name)) return "load-balancer";
  if (/RDS|Database|SQL|DynamoDB/i.test(type) || /postgres|aurora|rds/i.test(name)) return "database";
  return "service";
}

interface Statistics {
  ok: number;
  errors: number;
  total: number;
  responseTime: number;
}

function statisticsOf(summary: Edge["SummaryStatistics"] | XRayService["SummaryStatistics"]): Statistics {
  const errors = (summary?.ErrorStatistics?.TotalCount ?? 0) + (summary?.FaultStatistics?.TotalCount ?? 0);
  return { ok: summary?.OkCount ?? 0, errors, total: summary?.TotalCount ?? 0, responseTime: summary?.TotalResponseTime ?? 0 };
}

function averageMs(stats: Statistics): number | null {
  return stats.total > 0 ? (stats.responseTime / stats.total) * 1000 : null;
}

/** The 95th percentile of X-Ray's response-time histogram (values in seconds). */
export function p95Ms(histogram: Edge["ResponseTimeHistogram"]): number | null {
  const buckets = [...(histogram ?? [])].filter((bucket) => bucket.Value !== undefined && (bucket.Count ?? 0) > 0).sort((a, b) => (a.Value ?? 0) - (b.Value ?? 0));
  const total = buckets.reduce((sum, bucket) => sum + (bucket.Count ?? 0), 0);
  if (total === 0) return null;
  let seen = 0;
  for (const bucket of buckets) {
    seen += bucket.Count ?? 0;
    if (seen >= 0.95 * total) return (bucket.Value ?? 0) * 1000;
  }
  return null;
}

export function toServiceGraph(services: XRayService[]): Traces["graph"] {
  const unique = new Map<number, XRayService>();
  for (const service of services) if (service.ReferenceId !== undefined) unique.set(service.ReferenceId, service);
  const edges: ServiceEdge[] = [];
  for (const service of unique.values()) {
    for (const edge of service.Edges ?? []) {
      if (edge.ReferenceId === undefined || !unique.has(edge.ReferenceId)) continue;
      const stats = statisticsOf(edge.SummaryStatistics);
      edges.push({
        source: String(service.ReferenceId),
        target: String(edge.ReferenceId),
        requests: stats.total,
        errors: stats.errors,
        averageLatencyMs: averageMs(stats),
        p95LatencyMs: p95Ms(edge.ResponseTimeHistogram),
      });
    }
  }
  const nodes: ServiceNode[] = [...unique.values()].map((service) => {
    const stats = statisticsOf(service.SummaryStatistics);
    const id = String(service.ReferenceId);
    // The client node has no statistics of its own: what it sent is what its edges carried.
    const outgoing = edges.filter((edge) => edge.source === id);
    const requests = service.SummaryStatistics ? stats.total : outgoing.reduce((sum, edge) => sum + edge.requests, 0);
    const errors = service.SummaryStatistics ? stats.errors : outgoing.reduce((sum, edge) => sum + edge.errors, 0);
    return { id, name: service.Name ?? service.Names?.[0] ?? id, type: nodeType(service), requests, errors, averageLatencyMs: averageMs(stats) };
  });
  return { nodes, edges };
}

/** X-Ray trace ids carry their start in seconds as hex: `1-5759e988-…`. */
function startOfTraceId(id: string): Date | null {
  const hex = id.split("-")[1];
  const seconds = hex ? Number.parseInt(hex, 16) : Number.NaN;
  return Number.isFinite(seconds) ? new Date(seconds * 1000) : null;
}

function pathOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).pathname;
  } catch {
    return url.startsWith("/") ? url : null;
  }
}

export function toTraceSummary(summary: XRayTraceSummary, fallback: Date): TraceSummary | null {
  if (!summary.Id) return null;
  const at = summary.StartTime ?? startOfTraceId(summary.Id) ?? fallback;
  const names = (summary.ServiceIds ?? []).map((service) => service.Name ?? service.Names?.[0]).filter((name): name is string => Boolean(name));
  return {
    traceId: summary.Id,
    at: at.toISOString(),
    durationMs: Math.max(0, (summary.Duration ?? summary.ResponseTime ?? 0) * 1000),
    method: summary.Http?.HttpMethod ?? null,
    path: pathOf(summary.Http?.HttpURL),
    status: summary.Http?.HttpStatus ?? null,
    hasError: summary.HasError ?? false,
    hasFault: summary.HasFault ?? false,
    services: [...new Set(names)],
  };
}

/** Faults, then errors, then the slowest: the traces a responder wants to open first. */
function exemplars(samples: TraceSummary[]): TraceSummary[] {
  const rank = (sample: TraceSummary) => (sample.hasFault ? 2 : sample.hasError ? 1 : 0);
  return [...samples].sort((a, b) => rank(b) - rank(a) || b.durationMs - a.durationMs).slice(0, MAX_EXEMPLARS);
}

export async function readTraces(context: AwsContext, from: Date, to: Date): Promise<Traces> {
  const services = await allPages(
    (NextToken) => awsCall("xray:GetServiceGraph", () => context.clients.xray.send(new GetServiceGraphCommand({ StartTime: from, EndTime: to, NextToken }))),
    (page) => page.Services,
    (page) => page.NextToken,
    MAX_GRAPH_PAGES,
  );
  // One sampled page is enough for exemplars; following every NextToken would scan the whole window.
  const summaries = await awsCall("xray:GetTraceSummaries", () =>
    context.clients.xray.send(new GetTraceSummariesCommand({ StartTime: from, EndTime: to, TimeRangeType: "Event", Sampling: true })),
  );
  const samples = (summaries.TraceSummaries ?? []).map((summary) => toTraceSummary(summary, from)).filter((sample): sample is TraceSummary => sample !== null);
  return TracesSchema.parse({ graph: toServiceGraph(services), samples: exemplars(samples) });
}
