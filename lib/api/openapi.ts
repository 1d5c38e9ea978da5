import { z } from "zod";
import { API_ERROR_STATUS } from "./errors";
import { ROUTES, type RouteSpec } from "./route-catalog";

type JsonObject = Record<string, unknown>;

function schemaOf(schema: z.ZodType, io: "input" | "output" = "input"): JsonObject {
  return z.toJSONSchema(schema, { io, unrepresentable: "any", target: "draft-2020-12" });
}

function parametersOf(spec: RouteSpec): JsonObject[] {
  const parameters: JsonObject[] = [];
  for (const match of spec.path.matchAll(/\{(\w+)\}/g)) {
    parameters.push({ name: match[1], in: "path", required: true, schema: { type: "string" } });
  }
  if (spec.query) {
    const properties = (schemaOf(spec.query).properties ?? {}) as Record<string, JsonObject>;
    for (const [name, schema] of Object.entries(properties)) parameters.push({ name, in: "query", required: false, schema });
  }
  return parameters;
}

function accessText(spec: RouteSpec): string {
  if (spec.access === "public") return "Public.";
  const who = spec.access === "any" ? "Any signed-in role" : `Roles: ${spec.access.join(", ")}`;
  return `${who}.${spec.sessionOnly ? " Browser session only (API tokens refused)." : ""}`;
}

const errorSchema = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: { code: { type: "string", enum: Object.keys(API_ERROR_STATUS) }, message: { type: "string" }, details: {} },
    },
  },
};

/** The OpenAPI 3.1 document of every route in the route catalog. */
export function buildOpenApiDocument(serverUrl: string): JsonObject {
  const paths: Record<string, Record<string, JsonObject>> = {};
  for (const spec of ROUTES as readonly RouteSpec[]) {
    const operation: JsonObject = {
      operationId: `${spec.method.toLowerCase()}${spec.path.replace(/[{}]/g, "").replace(/[^a-zA-Z0-9]+(.)?/g, (_match, next: string | undefined) => (next ?? "").toUpperCase())}`,
      summary: spec.summary,
      description: accessText(spec),
      tags: [spec.tag],
      parameters: parametersOf(spec),
      responses: {
        "200": {
          description: "Success",
          content: Object.fromEntries(["application/json", ...(spec.produces ?? [])].map((type) => [type, type === "application/json" && spec.response ? { schema: schemaOf(spec.response, "output") } : {}])),
        },
        ...(spec.access === "public" ? {} : { "401": { $ref: "#/components/responses/Error" }, "403": { $ref: "#/components/responses/Error" } }),
        "4XX": { $ref: "#/components/responses/Error" },
      },
      ...(spec.access === "public" ? { security: [] } : {}),
    };
    if (spec.body) operation.requestBody = { required: true, content: { "application/json": { schema: schemaOf(spec.body) } } };
    (paths[spec.path] ??= {})[spec.method.toLowerCase()] = operation;
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Game-day console API",
      version: "1.0.0",
      description: "Run chaos-engineering game days: plan, launch and halt faults, watch the stack, record the response. Errors are `{ error: { code, message, details? } }`.",
    },
    servers: [{ url: serverUrl }],
    security: [{ bearerToken: [] }, { sessionCookie: [] }],
    components: {
      securitySchemes: {
        bearerToken: { type: "http", scheme: "bearer", description: "An API token created at /settings/tokens (gdc_…)." },
        sessionCookie: { type: "apiKey", in: "cookie", name: "gameday.session-token" },
      },
      responses: { Error: { description: "Error", content: { "application/json": { schema: errorSchema } } } },
    },
    paths,
  };
}
