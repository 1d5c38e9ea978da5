import "server-only";
/**
 * FIS safety-lever operations (GetSafetyLever, UpdateSafetyLeverState). The pinned
 * @aws-sdk/client-fis (3.523.0, the newest the registry offers) predates them, so these two
 * commands are built here the way the SDK builds its own (restJson1 serializer and
 * deserializer plugged into the FIS client's middleware stack), which keeps signing,
 * endpoint resolution and adaptive retry identical to every other FIS call. Request and
 * response shapes follow the FIS API reference:
 *   GET   /safetyLevers/{id}        → { safetyLever: { id, arn, state: { status, reason } } }
 *   PATCH /safetyLevers/{id}/state  { state: { status: engaged|disengaged, reason } } → same
 * Delete this module when the FIS client ships the commands.
 */
import { FisServiceException, type FisClientResolvedConfig, type ServiceInputTypes, type ServiceOutputTypes } from "@aws-sdk/client-fis";
import { getEndpointPlugin, type EndpointParameterInstructions } from "@smithy/middleware-endpoint";
import { getSerdePlugin } from "@smithy/middleware-serde";
import { HttpRequest } from "@smithy/protocol-http";
import { Command } from "@smithy/smithy-client";
import { z } from "zod";

/** The states the FIS API reference lists for a safety lever. */
export type SafetyLeverStatus = "engaged" | "disengaged" | "engaging";

/** FIS SafetyLever as the API reference describes it. */
export interface SafetyLever {
  id?: string;
  arn?: string;
  /** `status` is one of SafetyLeverStatus; kept a string so a new AWS state does not break parsing. */
  state?: { status?: string; reason?: string };
}

/** GetSafetyLever request: the lever id (`default` for the account's per-Region lever). */
export interface GetSafetyLeverInput {
  id: string;
}
/** GetSafetyLever response. */
export interface GetSafetyLeverOutput extends MetadataBearer {
  safetyLever?: SafetyLever;
}
/** UpdateSafetyLeverState request: the lever id and its new state with a reason (both required). */
export interface UpdateSafetyLeverStateInput {
  id: string;
  state: { status: "engaged" | "disengaged"; reason: string };
}
/** UpdateSafetyLeverState response. */
export interface UpdateSafetyLeverStateOutput extends MetadataBearer {
  safetyLever?: SafetyLever;
}

// The SDK's own types come from the @smithy/types copy the FIS client was built against;
// derive them from the plugin functions rather than importing a different copy.
type SerdeContext = Parameters<Parameters<typeof getSerdePlugin>[1]>[1];
interface MetadataBearer {
  $metadata: ResponseMetadata;
}
interface ResponseMetadata {
  httpStatusCode?: number;
  requestId?: string;
  extendedRequestId?: string;
  cfId?: string;
}
interface HttpResponse {
  statusCode: number;
  headers: Record<string, string | undefined>;
  body?: unknown;
}

// Same endpoint rule-set parameters the generated FIS commands declare.
const ENDPOINT_PARAMS = {
  UseFIPS: { type: "builtInParams", name: "useFipsEndpoint" },
  Endpoint: { type: "builtInParams", name: "endpoint" },
  Region: { type: "builtInParams", name: "region" },
  UseDualStack: { type: "builtInParams", name: "useDualstackEndpoint" },
} as const;

const SafetyLeverBodySchema = z.object({
  safetyLever: z
    .object({
      id: z.string().optional(),
      arn: z.string().optional(),
      state: z.object({ status: z.string().optional(), reason: z.string().optional() }).optional(),
    })
    .optional(),
});

const ErrorBodySchema = z.object({ message: z.string().optional(), Message: z.string().optional(), code: z.string().optional(), __type: z.string().optional() }).loose();

async function requestFor(context: SerdeContext, method: "GET" | "PATCH", path: string, body?: string): Promise<HttpRequest> {
  const endpoint = await context.endpoint();
  const basePath = endpoint.path.endsWith("/") ? endpoint.path.slice(0, -1) : endpoint.path;
  return new HttpRequest({
    protocol: endpoint.protocol,
    hostname: endpoint.hostname,
    port: endpoint.port,
    method,
    path: `${basePath}${path}`,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body,
  });
}

async function readBody(output: HttpResponse, context: SerdeContext): Promise<string> {
  const bytes = await context.streamCollector(output.body);
  return context.utf8Encoder(bytes);
}

function metadataOf(output: HttpResponse): ResponseMetadata {
  return {
    httpStatusCode: output.statusCode,
    requestId: output.headers["x-amzn-requestid"] ?? output.headers["x-amzn-request-id"],
    extendedRequestId: output.headers["x-amz-id-2"],
    cfId: output.headers["x-amz-cf-id"],
  };
}

/** restJson1 errors: the type is in `x-amzn-errortype` (before any `:`), or in the body. */
function errorFrom(output: HttpResponse, text: string): FisServiceException {
  let body: z.infer<typeof ErrorBodySchema> = {};
  try {
    const parsed = ErrorBodySchema.safeParse(JSON.parse(text));
    if (parsed.success) body = parsed.data;
  } catch {
    // A non-JSON error body still yields a typed error from the status code below.
  }
  const header = output.headers["x-amzn-errortype"];
  const raw = header ?? body.code ?? body.__type ?? `Http${output.statusCode}Error`;
  const name = (raw.split(":")[0] ?? raw).split("#").pop() ?? raw;
  return new FisServiceException({
    name,
    $fault: output.statusCode >= 500 ? "server" : "client",
    $metadata: metadataOf(output),
    message: body.message ?? body.Message ?? name,
  });
}

async function deserializeLever(output: HttpResponse, context: SerdeContext): Promise<GetSafetyLeverOutput> {
  const text = await readBody(output, context);
  if (output.statusCode < 200 || output.statusCode >= 300) throw errorFrom(output, text);
  const parsed = SafetyLeverBodySchema.parse(text.length > 0 ? JSON.parse(text) : {});
  return { $metadata: metadataOf(output), ...(parsed.safetyLever ? { safetyLever: parsed.safetyLever } : {}) };
}

function leverPath(id: string): string {
  return `/safetyLevers/${encodeURIComponent(id)}`;
}

function serializeGet(input: GetSafetyLeverInput, context: SerdeContext): Promise<HttpRequest> {
  return requestFor(context, "GET", leverPath(input.id));
}

function serializeUpdate(input: UpdateSafetyLeverStateInput, context: SerdeContext): Promise<HttpRequest> {
  const body = JSON.stringify({ state: { status: input.state.status, reason: input.state.reason } });
  return requestFor(context, "PATCH", `${leverPath(input.id)}/state`, body);
}

interface EndpointAware {
  getEndpointParameterInstructions(): EndpointParameterInstructions;
}

/** The two plugins every generated FIS command installs: (de)serialization and endpoint resolution. */
function plugins<I, O extends MetadataBearer>(
  config: FisClientResolvedConfig,
  CommandCtor: EndpointAware,
  serializer: (input: I, context: SerdeContext) => Promise<HttpRequest>,
  deserializer: (output: HttpResponse, context: SerdeContext) => Promise<O>,
) {
  return [getSerdePlugin(config, serializer, deserializer), getEndpointPlugin(config, CommandCtor.getEndpointParameterInstructions())];
}

export class GetSafetyLeverCommand extends Command.classBuilder<
  GetSafetyLeverInput,
  GetSafetyLeverOutput,
  FisClientResolvedConfig,
  ServiceInputTypes,
  ServiceOutputTypes
>()
  .ep(ENDPOINT_PARAMS)
  .m((CommandCtor: EndpointAware, _stack: unknown, config: FisClientResolvedConfig) => plugins(config, CommandCtor, serializeGet, deserializeLever))
  .s("FaultInjectionSimulator", "GetSafetyLever", {})
  .n("FisClient", "GetSafetyLeverCommand")
  .f(undefined, undefined)
  .ser(serializeGet)
  .de(deserializeLever)
  .build() {}

export class UpdateSafetyLeverStateCommand extends Command.classBuilder<
  UpdateSafetyLeverStateInput,
  UpdateSafetyLeverStateOutput,
  FisClientResolvedConfig,
  ServiceInputTypes,
  ServiceOutputTypes
>()
  .ep(ENDPOINT_PARAMS)
  .m((CommandCtor: EndpointAware, _stack: unknown, config: FisClientResolvedConfig) => plugins(config, CommandCtor, serializeUpdate, deserializeLever))
  .s("FaultInjectionSimulator", "UpdateSafetyLeverState", {})
  .n("FisClient", "UpdateSafetyLeverStateCommand")
  .f(undefined, undefined)
  .ser(serializeUpdate)
  .de(deserializeLever)
  .build() {}
