/**
 * OTLP/HTTP JSON trace export, as the target service's exporter POSTs it to
 * `/otlp/v1/traces`: resource spans → scope spans → spans, ids in hex, instants in
 * nanoseconds (a decimal string, a number, or protobuf-JSON long bits).
 */
import { z } from "zod";

/** A finished span, flattened for the lab's trace store. */
export interface SpanRecord {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  service: string;
  name: string;
  kind: "internal" | "server" | "client" | "producer" | "consumer";
  startMs: number;
  endMs: number;
  attributes: Record<string, string | number | boolean>;
  /** OTLP status ERROR. */
  error: boolean;
}

const AnyValueSchema: z.ZodType<unknown> = z.lazy(() =>
  z
    .object({
      stringValue: z.string().optional(),
      boolValue: z.boolean().optional(),
      intValue: z.union([z.string(), z.number()]).optional(),
      doubleValue: z.number().optional(),
    })
    .loose(),
);

const KeyValueSchema = z.object({ key: z.string(), value: AnyValueSchema.optional() });

const NanosSchema = z.union([z.string().regex(/^\d+$/), z.number(), z.object({ low: z.number(), high: z.number() })]);

const SpanSchema = z
  .object({
    traceId: z.string().regex(/^[0-9a-fA-F]{32}$/),
    spanId: z.string().regex(/^[0-9a-fA-F]{16}$/),
    parentSpanId: z.string().optional(),
    name: z.string().default(""),
    kind: z.union([z.number(), z.string()]).optional(),
    startTimeUnixNano: NanosSchema,
    endTimeUnixNano: NanosSchema,
    attributes: z.array(KeyValueSchema).default([]),
    status: z.object({ code: z.union([z.number(), z.string()]).optional() }).loose().optional(),
  })
  .loose();

export const ExportTraceServiceRequestSchema = z
  .object({
    resourceSpans: z
      .array(
        z
          .object({
            resource: z.object({ attributes: z.array(KeyValueSchema).default([]) }).loose().optional(),
            scopeSpans: z.array(z.object({ spans: z.array(SpanSchema).default([]) }).loose()).default([]),
          })
          .loose(),
      )
      .default([]),
  })
  .loose();

function nanosToMs(value: z.infer<typeof NanosSchema>): number {
  if (typeof value === "number") return value / 1e6;
  if (typeof value === "string") return Number(BigInt(value) / 1000n) / 1000;
  const nanos = (BigInt(value.high >>> 0) << 32n) + BigInt(value.low >>> 0);
  return Number(nanos / 1000n) / 1000;
}

function scalar(value: unknown): string | number | boolean | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const record = value as { stringValue?: unknown; boolValue?: unknown; intValue?: unknown; doubleValue?: unknown };
  if (typeof record.stringValue === "string") return record.stringValue;
  if (typeof record.boolValue === "boolean") return record.boolValue;
  if (typeof record.intValue === "string" || typeof record.intValue === "number") return Number(record.intValue);
  if (typeof record.doubleValue === "number") return record.doubleValue;
  return undefined;
}

function attributesOf(list: readonly z.infer<typeof KeyValueSchema>[]): Record<string, string | number | boolean> {
  const attributes: Record<string, string | number | boolean> = {};
  for (const entry of list) {
    const value = scalar(entry.value);
    if (value !== undefined) attributes[entry.key] = value;
  }
  return attributes;
}

const KINDS: Record<string, SpanRecord["kind"]> = {
  "1": "internal",
  "2": "server",
  "3": "client",
  "4": "producer",
  "5": "consumer",
  SPAN_KIND_INTERNAL: "internal",
  SPAN_KIND_SERVER: "server",
  SPAN_KIND_CLIENT: "client",
  SPAN_KIND_PRODUCER: "producer",
  SPAN_KIND_CONSUMER: "consumer",
};

/** Flattens one export request; throws a ZodError when the body is not OTLP JSON. */
export function parseOtlp(body: unknown): SpanRecord[] {
  const request = ExportTraceServiceRequestSchema.parse(body);
  const spans: SpanRecord[] = [];
  for (const resourceSpans of request.resourceSpans) {
    const resource = attributesOf(resourceSpans.resource?.attributes ?? []);
    const service = typeof resource["service.name"] === "string" ? resource["service.name"] : "unknown";
    for (const scope of resourceSpans.scopeSpans) {
      for (const span of scope.spans) {
        const statusCode = span.status?.code;
        spans.push({
          traceId: span.traceId.toLowerCase(),
          spanId: span.spanId.toLowerCase(),
          parentSpanId: span.parentSpanId && /^[0-9a-fA-F]{16}$/.test(span.parentSpanId) ? span.parentSpanId.toLowerCase() : null,
          service,
          name: span.name,
          kind: KINDS[String(span.kind ?? 1)] ?? "internal",
          startMs: nanosToMs(span.startTimeUnixNano),
          endMs: nanosToMs(span.endTimeUnixNano),
          attributes: attributesOf(span.attributes),
          error: statusCode === 2 || statusCode === "STATUS_CODE_ERROR",
        });
      }
    }
  }
  return spans;
}
