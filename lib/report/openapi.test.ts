import { describe, expect, it } from "vitest";
import { buildOpenApiDocument } from "@/lib/api/openapi";

describe("the report in the OpenAPI document", () => {
  it("states the report model as the JSON answer and names every format", () => {
    const document = buildOpenApiDocument("http://localhost") as { paths: Record<string, Record<string, { parameters: Array<{ name: string; schema: { enum?: string[] } }>; responses: { "200": { content: Record<string, { schema?: { properties?: Record<string, unknown> } }> } } }>> };
    const operation = document.paths["/api/gamedays/{id}/report"]?.get;
    expect(Object.keys(operation?.responses["200"].content ?? {})).toEqual(["application/json", "text/markdown", "application/pdf", "application/zip"]);
    expect(Object.keys(operation?.responses["200"].content["application/json"]?.schema?.properties ?? {})).toEqual(
      expect.arrayContaining(["schemaVersion", "version", "final", "gameDay", "summary", "runs", "improvementPlan"]),
    );
    expect(operation?.parameters.find((parameter) => parameter.name === "format")?.schema.enum).toEqual(["json", "md", "pdf", "md-zip"]);
  });
});
