/**
 * A stand-in AWS endpoint on 127.0.0.1 for the adapter's wire-level tests. The real SDK
 * clients (from `createAwsClients`) talk HTTP to it, so their serializers, SigV4 signing,
 * retry and deserializers all run; it answers with raw bodies in each service's own
 * protocol (the documented examples under `./wire/`), never with SDK output objects.
 *
 * Requests are routed by service (the signing name in the SigV4 credential scope) and
 * operation: the `X-Amz-Target` header for AWS JSON, the `Action` form field for awsQuery,
 * method + path for restJson1. Every request is recorded, parsed, for request-shape checks.
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createAwsClients, type AwsClients } from "../clients";
import type { AwsLabConfig } from "../config";

/** The services the adapter calls, by SigV4 signing name. */
export type WireService =
  | "fis"
  | "monitoring"
  | "ecs"
  | "xray"
  | "elasticloadbalancing"
  | "rds"
  | "sts"
  | "iam"
  | "ssm"
  | "secretsmanager"
  | "wafv2"
  | "codedeploy"
  | "autoscaling";

type Protocol = "restJson1" | "awsJson1_0" | "awsJson1_1" | "awsQuery";

/** Each service's protocol as the installed clients speak it. */
export const PROTOCOLS: Record<WireService, Protocol> = {
  fis: "restJson1",
  xray: "restJson1",
  // CloudWatch moved from awsQuery to AWS JSON 1.0 with awsQuery-compatible errors.
  monitoring: "awsJson1_0",
  ecs: "awsJson1_1",
  ssm: "awsJson1_1",
  secretsmanager: "awsJson1_1",
  wafv2: "awsJson1_1",
  codedeploy: "awsJson1_1",
  elasticloadbalancing: "awsQuery",
  rds: "awsQuery",
  sts: "awsQuery",
  iam: "awsQuery",
  autoscaling: "awsQuery",
};

/** restJson1 operations by method and path (FIS and X-Ray API references, "Request Syntax"). */
const REST_ROUTES: { service: WireService; method: string; path: RegExp; operation: string }[] = [
  { service: "fis", method: "GET", path: /^\/experimentTemplates$/, operation: "ListExperimentTemplates" },
  { service: "fis", method: "GET", path: /^\/experimentTemplates\/[^/]+$/, operation: "GetExperimentTemplate" },
  { service: "fis", method: "POST", path: /^\/experiments$/, operation: "StartExperiment" },
  { service: "fis", method: "GET", path: /^\/experiments$/, operation: "ListExperiments" },
  { service: "fis", method: "GET", path: /^\/experiments\/[^/]+$/, operation: "GetExperiment" },
  { service: "fis", method: "DELETE", path: /^\/experiments\/[^/]+$/, operation: "StopExperiment" },
  { service: "fis", method: "GET", path: /^\/safetyLevers\/[^/]+$/, operation: "GetSafetyLever" },
  { service: "fis", method: "PATCH", path: /^\/safetyLevers\/[^/]+\/state$/, operation: "UpdateSafetyLeverState" },
  { service: "xray", method: "POST", path: /^\/ServiceGraph$/, operation: "GetServiceGraph" },
  { service: "xray", method: "POST", path: /^\/TraceSummaries$/, operation: "GetTraceSummaries" },
];

/** One request as the endpoint saw it. */
export interface WireRequest {
  service: WireService;
  operation: string;
  method: string;
  /** Path without the query string. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
  /** The JSON body (JSON protocols) or the form fields (awsQuery), parsed. */
  params: Record<string, unknown>;
}

/** A raw HTTP answer. `body` is sent as it is: JSON text or XML, exactly as AWS would. */
export interface WireReply {
  status?: number;
  headers?: Record<string, string>;
  body: string;
}

export type WireHandler = (request: WireRequest) => WireReply;

const CONTENT_TYPES: Record<Protocol, string> = {
  restJson1: "application/json",
  awsJson1_0: "application/x-amz-json-1.0",
  awsJson1_1: "application/x-amz-json-1.1",
  awsQuery: "text/xml",
};

const REQUEST_ID = "c7ad6b1e-5a2c-4d1e-9b1d-EXAMPLE00001";

/** A success body: JSON values are serialized as AWS sends them; XML strings pass as they are. */
export function ok(body: string | object, status = 200): WireReply {
  return { status, body: typeof body === "string" ? body : JSON.stringify(body) };
}

/**
 * An error in the service's own protocol:
 * - restJson1: `x-amzn-errortype` header + `{ "message": … }` body;
 * - AWS JSON 1.1: `{ "__type": …, "message": … }`;
 * - AWS JSON 1.0 with awsQuery compatibility (CloudWatch): the same plus the
 *   `x-amzn-query-error: <Code>;<Sender|Receiver>` header carrying the awsQuery code;
 * - awsQuery: `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>`.
 */
export function wireError(service: WireService, code: string, message: string, status = 400, options: { queryCode?: string } = {}): WireReply {
  const protocol = PROTOCOLS[service];
  const side = status >= 500 ? "Receiver" : "Sender";
  switch (protocol) {
    case "restJson1":
      return { status, headers: { "x-amzn-errortype": code }, body: JSON.stringify({ message }) };
    case "awsJson1_1":
      return { status, body: JSON.stringify({ __type: code, message }) };
    case "awsJson1_0":
      return { status, headers: { "x-amzn-query-error": `${options.queryCode ?? code};${side}` }, body: JSON.stringify({ __type: code, message }) };
    case "awsQuery":
      return {
        status,
        body: `<ErrorResponse xmlns="http://webservices.amazon.com/AWSFault/2005-15-09"><Error><Type>${side}</Type><Code>${code}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>${REQUEST_ID}</RequestId></ErrorResponse>`,
      };
  }
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

const SIGNING_NAMES = new Set<string>(Object.keys(PROTOCOLS));

function isWireService(name: string): name is WireService {
  return SIGNING_NAMES.has(name);
}

function serviceOf(headers: IncomingHttpHeaders): WireService | null {
  const match = /Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\/aws4_request/.exec(headers.authorization ?? "");
  const name = match?.[1] ?? "";
  return isWireService(name) ? name : null;
}

function operationOf(service: WireService, method: string, path: string, headers: IncomingHttpHeaders, params: Record<string, unknown>): string {
  const protocol = PROTOCOLS[service];
  if (protocol === "restJson1") return REST_ROUTES.find((route) => route.service === service && route.method === method && route.path.test(path))?.operation ?? `${method} ${path}`;
  if (protocol === "awsQuery") return typeof params.Action === "string" ? params.Action : "?";
  const target = headers["x-amz-target"];
  return typeof target === "string" ? (target.split(".").pop() ?? target) : "?";
}

function parse(protocol: Protocol, body: string): Record<string, unknown> {
  if (protocol === "awsQuery") return Object.fromEntries(new URLSearchParams(body));
  if (!body) return {};
  const value: unknown = JSON.parse(body);
  return typeof value === "object" && value !== null && !Array.isArray(value) ? Object.fromEntries(Object.entries(value)) : {};
}

/** The stand-in: register answers with `on`, read what was asked in `requests`. */
export class AwsEndpoint {
  readonly requests: WireRequest[] = [];
  private readonly handlers = new Map<string, WireHandler>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<AwsEndpoint> {
    let endpoint: AwsEndpoint | null = null;
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        const reply = endpoint ? endpoint.handle(request.method ?? "GET", request.url ?? "/", request.headers, Buffer.concat(chunks).toString("utf8")) : null;
        const answer = reply ?? { reply: { status: 500, body: "" }, contentType: "text/plain" };
        response.writeHead(answer.reply.status ?? 200, { "content-type": answer.contentType, "x-amzn-requestid": REQUEST_ID, ...answer.reply.headers });
        response.end(answer.reply.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    endpoint = new AwsEndpoint(server, `http://127.0.0.1:${port}`);
    return endpoint;
  }

  /** Real SDK clients of every service, pointed at this endpoint with test credentials. */
  clients(config: AwsLabConfig): AwsClients {
    return createAwsClients(config, { endpoint: this.url, credentials: { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" } });
  }

  /**
   * Answers `operation` of `service`: with a handler, one reply for every call, or a list of
   * replies in turn (the last one repeats), e.g. a throttle and then the data.
   */
  on(service: WireService, operation: string, answer: WireHandler | WireReply | WireReply[]): this {
    if (typeof answer === "function") this.handlers.set(`${service}:${operation}`, answer);
    else if (Array.isArray(answer)) {
      let next = 0;
      this.handlers.set(`${service}:${operation}`, () => {
        const reply = answer[Math.min(next, answer.length - 1)];
        next += 1;
        if (!reply) throw new Error(`no reply for ${service}:${operation}`);
        return reply;
      });
    } else this.handlers.set(`${service}:${operation}`, () => answer);
    return this;
  }

  /** Requests of one operation, oldest first. */
  calls(service: WireService, operation: string): WireRequest[] {
    return this.requests.filter((request) => request.service === service && request.operation === operation);
  }

  /** `service:Operation` of every request, in order. */
  sequence(): string[] {
    return this.requests.map((request) => `${request.service}:${request.operation}`);
  }

  reset(): void {
    this.requests.length = 0;
    this.handlers.clear();
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(method: string, rawUrl: string, headers: IncomingHttpHeaders, body: string): { reply: WireReply; contentType: string } {
    const url = new URL(rawUrl, "http://127.0.0.1");
    const service = serviceOf(headers);
    if (!service) return { reply: { status: 400, body: "unsigned or unknown service" }, contentType: "text/plain" };
    const protocol = PROTOCOLS[service];
    const params = parse(protocol, body);
    // JSON RPC clients post to "/"; restJson1 paths carry the operation.
    const path = url.pathname.length > 1 ? url.pathname.replace(/\/$/, "") : url.pathname;
    const operation = operationOf(service, method, path, headers, params);
    const request: WireRequest = { service, operation, method, path, query: url.searchParams, headers, body, params };
    this.requests.push(request);
    const handler = this.handlers.get(`${service}:${operation}`);
    const reply = handler ? handler(request) : wireError(service, "UnknownOperationException", `The stand-in has no answer for ${service}:${operation}.`, 501);
    return { reply, contentType: CONTENT_TYPES[protocol] };
  }
}
