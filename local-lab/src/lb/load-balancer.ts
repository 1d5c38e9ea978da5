/**
 * A listener of the lab's load balancer: a real HTTP reverse proxy in front of one target
 * group. The public listener (the ALB) has the web ACL, starts each trace and publishes the
 * ALB metrics; the internal one (api → backend, Cloud Map's stand-in) passes traces through
 * and can be blackholed (dependency-down).
 *
 * Status codes follow ALB: 403 from the web ACL, 503 with no healthy target, 502 when the
 * target resets or refuses the connection, 504 when it does not answer within the timeout.
 */
import { randomBytes } from "node:crypto";
import http from "node:http";
import type net from "node:net";
import { albKey, wafKey } from "../metrics/names";
import type { MetricStore } from "../metrics/store";
import type { SpanRecord } from "../traces/otlp";
import type { TraceStore } from "../traces/store";
import type { TargetGroup } from "./target-group";
import type { WebAcl } from "./waf";

export interface LoadBalancerOptions {
  /** Name used for its spans (the service-graph node). */
  name: string;
  /** CloudWatch `LoadBalancer` dimension. */
  dimension: string;
  /**
   * `LoadBalancer` dimension of the target-group metrics. Every target group belongs to the
   * public ALB (as in seed 002), so dashboards query any service's target group with the ALB's
   * dimension, while the internal listener's own totals stay out of the ALB's.
   */
  targetGroupLoadBalancer?: string;
  port: number;
  targetGroup: TargetGroup;
  store: MetricStore;
  traces: TraceStore;
  /** The public listener's web ACL; the internal listener has none. */
  waf?: { acl: WebAcl; name: string };
  /** Start traces and record spans (public listener). */
  traced: boolean;
  targetTimeoutMs: number;
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

// Hop-by-hop headers are the connection's, not the request's (RFC 9110 §7.6.1).
const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade"]);

function copyHeaders(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  const copy: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) copy[name] = value;
  return copy;
}

export class LoadBalancer {
  private readonly options: LoadBalancerOptions;
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 64, keepAliveMsecs: 1000 });
  private server: http.Server | undefined;
  private blackholed = false;
  private readonly held = new Set<net.Socket>();
  private readonly sockets = new Set<net.Socket>();

  constructor(options: LoadBalancerOptions) {
    this.options = options;
  }

  get dimension(): string {
    return this.options.dimension;
  }

  async start(): Promise<number> {
    const server = http.createServer((request, response) => this.handle(request, response));
    server.keepAliveTimeout = 5000;
    server.on("connection", (socket: net.Socket) => {
      this.sockets.add(socket);
      socket.once("close", () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.options.port, "127.0.0.1", () => resolve());
    });
    this.server = server;
    const address = server.address();
    return typeof address === "object" && address ? address.port : this.options.port;
  }

  /** Packets to this listener vanish: callers hang until their own timeout (dependency-down). */
  setBlackhole(on: boolean): void {
    this.blackholed = on;
    if (!on) {
      for (const socket of this.held) socket.destroy();
      this.held.clear();
    }
  }

  get isBlackholed(): boolean {
    return this.blackholed;
  }

  /** A zero for every count metric this second, so "no 5xx" reads 0 rather than a gap. */
  tick(nowMs = Date.now()): void {
    const { store, dimension, targetGroup } = this.options;
    for (const metric of ["RequestCount", "HTTPCode_Target_2XX_Count", "HTTPCode_Target_4XX_Count", "HTTPCode_Target_5XX_Count", "HTTPCode_ELB_4XX_Count", "HTTPCode_ELB_5XX_Count"]) {
      store.touch(albKey(metric, dimension), nowMs);
    }
    for (const metric of ["RequestCount", "HTTPCode_Target_5XX_Count"]) store.touch(albKey(metric, this.groupDimension, targetGroup.dimension), nowMs);
    if (this.options.waf) {
      store.touch(wafKey("BlockedRequests", this.options.waf.name, "ALL"), nowMs);
      store.touch(wafKey("AllowedRequests", this.options.waf.name, "ALL"), nowMs);
    }
  }

  private get groupDimension(): string {
    return this.options.targetGroupLoadBalancer ?? this.options.dimension;
  }

  private count(metric: string, withTargetGroup = false): void {
    const { store, dimension, targetGroup } = this.options;
    store.record(albKey(metric, dimension), 1);
    if (withTargetGroup) store.record(albKey(metric, this.groupDimension, targetGroup.dimension), 1);
  }

  private handle(request: http.IncomingMessage, response: http.ServerResponse): void {
    if (this.blackholed) {
      // Hold the connection without a word, like a dropped route; released when the fault ends.
      this.held.add(request.socket);
      request.socket.once("close", () => this.held.delete(request.socket));
      return;
    }
    const startedMs = Date.now();
    const url = request.url ?? "/";
    const path = url.split("?")[0] ?? "/";
    const method = request.method ?? "GET";
    this.count("RequestCount");

    const incoming = TRACEPARENT.exec(String(request.headers.traceparent ?? ""));
    const traceId = incoming?.[1] ?? randomBytes(16).toString("hex");
    const serverSpanId = randomBytes(8).toString("hex");
    const spans: SpanRecord[] = [];
    const finishSpan = (status: number, extra: Record<string, string | number | boolean> = {}) => {
      if (!this.options.traced) return;
      spans.push({
        traceId,
        spanId: serverSpanId,
        parentSpanId: incoming?.[2] ?? null,
        service: this.options.name,
        name: `${method} ${path}`,
        kind: "server",
        startMs: startedMs,
        endMs: Date.now(),
        attributes: { "http.request.method": method, "url.path": path, "http.response.status_code": status, ...extra },
        error: status >= 500,
      });
      this.options.traces.add(spans);
    };

    if (this.options.waf) {
      const forwarded = String(request.headers["x-forwarded-for"] ?? "").split(",")[0]?.trim();
      const client = forwarded || request.socket.remoteAddress || "unknown";
      const verdict = this.options.waf.acl.inspect(path, client);
      const { store } = this.options;
      if (verdict.action === "block") {
        store.record(wafKey("BlockedRequests", this.options.waf.name, "ALL"), 1);
        store.record(wafKey("BlockedRequests", this.options.waf.name, verdict.rule), 1);
        this.count("HTTPCode_ELB_4XX_Count");
        this.count("HTTPCode_ELB_403_Count");
        response.writeHead(403, { "content-type": "text/html", "x-lab-waf-rule": verdict.rule });
        response.end("<html><head><title>403 Forbidden</title></head><body><center><h1>403 Forbidden</h1></center></body></html>\n");
        finishSpan(403, { "aws.waf.rule": verdict.rule });
        return;
      }
      store.record(wafKey("AllowedRequests", this.options.waf.name, "ALL"), 1);
    }

    const target = this.options.targetGroup.pick();
    if (!target) {
      this.count("HTTPCode_ELB_5XX_Count");
      this.count("HTTPCode_ELB_503_Count");
      response.writeHead(503, { "content-type": "text/html" });
      response.end("<html><head><title>503 Service Temporarily Unavailable</title></head><body><center><h1>503 Service Temporarily Unavailable</h1></center></body></html>\n");
      finishSpan(503);
      return;
    }
    this.count("RequestCount", true);
    target.inFlight += 1;

    const headers = copyHeaders(request.headers);
    const remote = request.socket.remoteAddress ?? "127.0.0.1";
    headers["x-forwarded-for"] = request.headers["x-forwarded-for"] ? `${String(request.headers["x-forwarded-for"])}, ${remote}` : remote;
    headers["x-forwarded-proto"] = "http";
    headers["x-forwarded-port"] = String(request.socket.localPort ?? "");
    const clientSpanId = randomBytes(8).toString("hex");
    if (this.options.traced) headers.traceparent = `00-${traceId}-${clientSpanId}-01`;

    const sentAt = performance.now();
    const clientStartMs = Date.now();
    let settled = false;
    let clientGone = false;
    const settle = (status: number, elb: boolean) => {
      if (settled) return;
      settled = true;
      target.inFlight -= 1;
      if (this.options.traced) {
        spans.push({
          traceId,
          spanId: clientSpanId,
          parentSpanId: serverSpanId,
          service: this.options.name,
          name: `${method} ${this.options.targetGroup.service}`,
          kind: "client",
          startMs: clientStartMs,
          endMs: Date.now(),
          attributes: { "http.request.method": method, "url.path": path, "http.response.status_code": status, "lab.target.service": this.options.targetGroup.service, "lab.target.task": target.taskId },
          error: elb || status >= 500,
        });
      }
      finishSpan(status);
    };

    const upstream = http.request(
      { host: "127.0.0.1", port: target.port, method, path: url, headers, agent: this.agent },
      (upstreamResponse) => {
        const status = upstreamResponse.statusCode ?? 502;
        this.options.store.record(albKey("TargetResponseTime", this.options.dimension), (performance.now() - sentAt) / 1000);
        this.options.store.record(albKey("TargetResponseTime", this.groupDimension, this.options.targetGroup.dimension), (performance.now() - sentAt) / 1000);
        const klass = `${Math.floor(status / 100)}XX`;
        if (klass === "2XX" || klass === "3XX" || klass === "4XX" || klass === "5XX") this.count(`HTTPCode_Target_${klass}_Count`, klass === "5XX");
        response.writeHead(status, copyHeaders(upstreamResponse.headers));
        upstreamResponse.pipe(response);
        upstreamResponse.once("end", () => settle(status, false));
        upstreamResponse.once("error", () => settle(status, false));
      },
    );
    upstream.setTimeout(this.options.targetTimeoutMs, () => upstream.destroy(Object.assign(new Error("target timeout"), { code: "LAB_TARGET_TIMEOUT" })));
    upstream.on("error", (error: NodeJS.ErrnoException) => {
      if (settled) return;
      if (clientGone) {
        // ALB logs 460 when the client closes first; it is neither a target nor an ELB error.
        settle(460, false);
        return;
      }
      const status = error.code === "LAB_TARGET_TIMEOUT" ? 504 : 502;
      this.count("HTTPCode_ELB_5XX_Count");
      this.count(`HTTPCode_ELB_${status}_Count`);
      if (!response.headersSent) {
        response.writeHead(status, { "content-type": "text/html" });
        response.end(`<html><head><title>${status} ${status === 504 ? "Gateway Time-out" : "Bad Gateway"}</title></head></html>\n`);
      } else {
        response.destroy();
      }
      settle(status, true);
    });
    // The client gave up: stop waiting on the target too.
    response.once("close", () => {
      if (settled) return;
      clientGone = true;
      upstream.destroy();
    });
    request.pipe(upstream);
  }

  async close(): Promise<void> {
    this.setBlackhole(false);
    const server = this.server;
    this.server = undefined;
    this.agent.destroy();
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
